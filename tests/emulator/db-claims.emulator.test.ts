/**
 * The migration of an environment from before the unique claims (scripts/db-claims.ts):
 * members, staff and coupons written without claims get them, a second run writes
 * nothing, and afterwards an old coupon's key is not issued again (a re-run job, a retry),
 * even without the console's unique indexes.
 */
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { startTestEmulator, type TestEmulator } from '../support/emulator';
import { loadSdk, pointSdkAt, ROOT } from './support/sdk';
import { migrateClaims } from '../../scripts/db-claims';
import type { Database } from '../../cloudfunctions/_shared/db';
import { localFunctionEnv } from '../../emulator/config';
import { ids } from '../../cloudfunctions/_shared/runtime';
import { issueCoupon, type CouponSpec } from '../../cloudfunctions/_shared/repos/coupons';

let emu: TestEmulator;
let dir: string;
let db: Database;
const PHONE = '13933330001';

beforeAll(async () => {
  const spec = JSON.parse(readFileSync(join(ROOT, 'database/indexes.json'), 'utf8')) as {
    collections: Record<string, { unique?: boolean }[]>;
  };
  for (const list of Object.values(spec.collections)) for (const i of list) delete i.unique;
  dir = mkdtempSync(join(tmpdir(), 'crm-claims-migration-'));
  writeFileSync(join(dir, 'indexes.json'), JSON.stringify(spec));
  emu = await startTestEmulator({ indexesPath: join(dir, 'indexes.json') });
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
  if (dir) rmSync(dir, { recursive: true, force: true });
});

it('writes every claim once, and a second run finds them all present', async () => {
  const secret = localFunctionEnv(emu.url).CRM_PII_HASH_SECRET;
  const first = await migrateClaims(db, secret);
  // phone + memberNo, memberNo of the deleted member, one bound clerk, 2 issue keys + 1 slot
  expect(first).toEqual({ written: 7, present: 0, conflicts: [] });
  expect(emu.database.count('uniqueClaims', { kind: 'phone' })).toBe(1);
  expect(await migrateClaims(db, secret)).toEqual({ written: 0, present: 7, conflicts: [] });
});

it('after the migration an old coupon key is not issued again, even without unique indexes', async () => {
  const spec: CouponSpec = {
    templateId: 't',
    title: '¥5 券',
    kind: 'amount',
    amountFen: 500,
    thresholdFen: 0,
    percent: null,
    capFen: null,
    storeIds: [],
    categories: [],
    validFrom: 0,
    validUntil: 1,
    source: 'campaign',
  };
  const again = await Promise.all(
    [0, 1, 2].map(() => issueCoupon(db, ids, { memberId: 'm-old', issueKey: 'k1', spec, now: 2 })),
  );
  expect(again).toEqual([null, null, null]);
  expect(emu.database.count('coupons', { issueKey: 'k1' })).toBe(1);
});
