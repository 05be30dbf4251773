/**
 * The migration of an environment from before the unique claims (scripts/db-claims.ts):
 * members, staff and coupons written without claims get them, a second run writes
 * nothing, and afterwards a member's old coupon of a limited template still holds its slot,
 * even without the console's unique indexes. (Old coupons' issue keys stay guarded by the
 * issue_unique index: new coupons derive their `_id` from the key, old ones cannot.)
 */
import { afterAll, beforeAll, expect, it } from '@jest/globals';
import { startTestEmulator, type TestEmulator } from '../support/emulator';
import { loadSdk, pointSdkAt } from './support/sdk';
import { editedIndexFile, withoutUnique } from './support/indexFile';
import { migrateClaims } from '../../scripts/db-claims';
import type { Database } from '../../cloudfunctions/_shared/db';
import { localFunctionEnv } from '../../scripts/local-cloud';
import { issueAtOnce, limitedTemplate } from './support/claims';

let emu: TestEmulator;
let indexFile: { path: string; remove(): void } | undefined;
let db: Database;
const PHONE = '13933330001';

beforeAll(async () => {
  indexFile = editedIndexFile(withoutUnique);
  emu = await startTestEmulator({ indexesPath: indexFile.path });
  // an environment from before the claims: documents only
  emu.database.insertMany('members', [
    {
      _id: 'm-old',
      memberNo: 12_345_678,
      phone: PHONE,
      status: 'active',
      level: 'normal',
      createdAt: 1,
    },
    {
      _id: 'm-gone',
      memberNo: 12_345_679,
      phone: 'deleted:m-gone',
      status: 'deleted',
      createdAt: 1,
    },
  ]);
  emu.database.insertMany('staff', [
    {
      _id: 'C9001',
      role: 'clerk',
      storeId: 'S001',
      openid: 'o_old_clerk',
      active: true,
      createdAt: 1,
    },
    { _id: 'C9002', role: 'clerk', storeId: 'S001', openid: null, active: true, createdAt: 1 },
  ]);
  emu.database.insertMany('coupons', [
    { _id: 'c-old', memberId: 'm-old', code: 'OLD1', issueKey: 'k1', limitKey: 'k1', issuedAt: 1 },
    {
      _id: 'c-slot',
      memberId: 'm-old',
      code: 'OLD2',
      issueKey: 'k2',
      limitKey: 'tpl:t:m-old:1',
      issuedAt: 1,
    },
  ]);
  pointSdkAt(`${emu.url}/__tcb/claims-migration`);
  db = loadSdk().database() as Database;
});
afterAll(async () => {
  await emu?.stop();
  indexFile?.remove();
});

it('writes every claim once, and a second run finds them all present', async () => {
  const secret = localFunctionEnv(emu.url).CRM_PII_HASH_SECRET;
  const first = await migrateClaims(db, secret);
  // phone + memberNo, memberNo of the deleted member, one bound clerk, one limit slot
  expect(first).toEqual({ written: 5, present: 0, conflicts: [] });
  expect(emu.database.count('uniqueClaims', { kind: 'phone' })).toBe(1);
  expect(await migrateClaims(db, secret)).toEqual({ written: 0, present: 5, conflicts: [] });
});

it("after the migration a member's old coupon holds its template's limit slot, even without unique indexes", async () => {
  const outcomes = await issueAtOnce(db, {
    memberId: 'm-old',
    templateId: 't',
    template: limitedTemplate(500),
    keys: [1, 2, 3].map((i) => `campaign:again:${i}`),
    now: 2,
  });
  expect(outcomes).toEqual([
    'COUPON.LIMIT_REACHED',
    'COUPON.LIMIT_REACHED',
    'COUPON.LIMIT_REACHED',
  ]);
  expect(emu.database.count('coupons', { memberId: 'm-old' })).toBe(2);
});
