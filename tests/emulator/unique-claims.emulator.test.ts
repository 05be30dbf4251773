/**
 * Uniqueness that money and identity rest on holds without any unique index: the emulator
 * starts from a test-only copy of database/indexes.json with every `unique` flag removed
 * (the console mistake: the index made, but not unique), and still
 * - 20 concurrent signups with one phone give one member and one gift;
 * - concurrent issues of one coupon key give one coupon, and a per-member limit of 1 gives
 *   one coupon of 20 different keys;
 * - concurrent bindings of one WeChat identity give one staff record.
 * The guard is the claim documents of repos/claims.ts (ids derived from the value).
 */
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { startTestEmulator, type TestEmulator } from '../support/emulator';
import { loadSdk, pointSdkAt } from './support/sdk';
import { editedIndexFile, withoutUnique } from './support/indexFile';
import { CONSENT_VERSION, member, phoneCode } from './support/memberJourney';
import type { Reply } from '../../src/contracts/reply';
import type { StaffView } from '../../src/contracts/staff';
import { ids } from '../../cloudfunctions/_shared/runtime';
import type { Database } from '../../cloudfunctions/_shared/db';
import { couponSpecOf, issueCoupon } from '../../cloudfunctions/_shared/repos/coupons';
import { amountOffTemplate } from '../../src/domain/chainCoupons';
import { issueAtOnce, limitedTemplate } from './support/claims';

let emu: TestEmulator;
let indexFile: { path: string; remove(): void } | undefined;
let db: Database;
const NOW = Date.UTC(2026, 10, 20, 4);

/** Start every instance of a function first, so the race below runs in parallel, not in a queue. */
const warmUp = (name: 'member' | 'staff', action: string) =>
  Promise.all(Array.from({ length: 10 }, () => emu.call(name, { action }, 'o_warm_up')));

beforeAll(async () => {
  indexFile = editedIndexFile(withoutUnique);
  emu = await startTestEmulator({ indexesPath: indexFile.path });
  await emu.seedMinimal();
  loadSdk();
  pointSdkAt(`${emu.url}/__tcb/unique-claims-test`);
  db = loadSdk().database() as Database;
});
afterAll(async () => {
  await emu?.stop();
  indexFile?.remove();
});

it('the emulator runs without any unique index but _id', () => {
  emu.database.insertMany('coupons', [
    { _id: 'dup-a', code: 'SAMECODE', issueKey: 'k', limitKey: 'k' },
    { _id: 'dup-b', code: 'SAMECODE', issueKey: 'k', limitKey: 'k' },
  ]);
  expect(emu.database.count('coupons', { code: 'SAMECODE' })).toBe(2);
  expect(() => emu.database.insertMany('coupons', [{ _id: 'dup-a' }])).toThrow(/duplicate key/);
  emu.database.drop('coupons');
});

describe('without unique indexes', () => {
  it('20 concurrent signups with one phone give one member and one gift', async () => {
    await warmUp('member', 'getPrivacyNotice');
    const phone = '13922220001';
    const replies = await Promise.all(
      Array.from({ length: 20 }, (_, i) =>
        member(emu, `o_claim_race_${i}`, 'signup', {
          phoneCode: phoneCode(phone),
          scene: emu.sceneFor('S001', 'C0011'),
          consentVersion: CONSENT_VERSION,
        }),
      ),
    );
    const codes = replies.map((r) => (r.ok ? 'ok' : r.error.code));
    expect(codes).toEqual(Array.from({ length: 20 }, () => 'ok'));
    const ok = replies.flatMap((r) => (r.ok ? [r.data] : []));
    expect(new Set(ok.map((r) => r.memberId)).size).toBe(1);
    expect(ok.filter((r) => r.created)).toHaveLength(1);
    expect(ok.filter((r) => r.giftCoupon)).toHaveLength(1);
    expect(emu.database.count('members', { phone })).toBe(1);
    expect(emu.database.count('coupons', { memberId: ok[0].memberId })).toBe(1);
    expect(emu.database.count('uniqueClaims', { kind: 'phone', owner: ok[0].memberId })).toBe(1);
  });

  it('a deleted account frees its phone: signing up again makes a new member, no second gift', async () => {
    const phone = '13922220002';
    const first = await member(emu, 'o_claim_del', 'signup', {
      phoneCode: phoneCode(phone),
      consentVersion: CONSENT_VERSION,
    });
    expect(first).toMatchObject({ ok: true, data: { created: true } });
    const deleted = await member(emu, 'o_claim_del', 'deleteAccount', { confirm: '注销' });
    expect(deleted.ok ? 'ok' : deleted.error).toBe('ok');
    const again = await member(emu, 'o_claim_del', 'signup', {
      phoneCode: phoneCode(phone),
      consentVersion: CONSENT_VERSION,
    });
    expect(again).toMatchObject({
      ok: true,
      data: { created: true, giftCoupon: null, giftRefusal: 'phoneGiftedBefore' },
    });
    if (!first.ok || !again.ok) return;
    expect(again.data.memberId).not.toBe(first.data.memberId);
    expect(emu.database.count('members', { phone })).toBe(1);
  });

  const spec = couponSpecOf(
    'claims-test',
    amountOffTemplate(500, 30),
    { validFrom: NOW, validUntil: NOW + 30 * 86_400_000 },
    'campaign',
  );

  it('20 concurrent issues of one coupon key give one coupon', async () => {
    const issued = await Promise.all(
      Array.from({ length: 20 }, () =>
        issueCoupon(db, ids, {
          memberId: 'm-claims',
          issueKey: 'campaign:x:m-claims',
          spec,
          now: NOW,
        }),
      ),
    );
    expect(issued.filter((c) => c !== null)).toHaveLength(1);
    expect(emu.database.count('coupons', { issueKey: 'campaign:x:m-claims' })).toBe(1);
  });

  it('a per-member limit of 1 gives one coupon of 20 concurrent issues with different keys', async () => {
    const outcomes = await issueAtOnce(db, {
      memberId: 'm-limit',
      templateId: 'tpl-limit',
      template: limitedTemplate(300),
      keys: Array.from({ length: 20 }, (_, i) => `campaign:limit:${i}`),
      now: NOW,
    });
    expect(outcomes.filter((o) => o === 'issued')).toHaveLength(1);
    expect(outcomes.filter((o) => o === 'COUPON.LIMIT_REACHED')).toHaveLength(19);
    expect(emu.database.count('coupons', { memberId: 'm-limit' })).toBe(1);
  });

  it('10 concurrent bindings of one WeChat identity (10 invites) give one staff record', async () => {
    await warmUp('staff', 'whoami');
    const openid = 'o_claim_new_clerk';
    const codes = Array.from({ length: 10 }, (_, i) => `CLAIM${String(i).padStart(3, '0')}`);
    emu.database.insertMany(
      'staffInvites',
      codes.map((code, i) => ({
        _id: code,
        role: 'clerk',
        storeId: 'S001',
        name: `新店员${i}`,
        staffId: `CQ${String(i).padStart(4, '0')}`,
        createdBy: 'M001',
        createdAt: NOW,
        expiresAt: Date.now() + 86_400_000,
        usedAt: null,
        usedBy: null,
      })),
    );
    const replies = await Promise.all(
      codes.map((code) =>
        emu.call<Reply<{ staff: StaffView }>>('staff', { action: 'bindInvite', code }, openid),
      ),
    );
    const outcome = replies.map((r) => (r.ok ? 'ok' : r.error.code));
    expect(outcome.filter((o) => o === 'ok')).toHaveLength(1);
    expect(outcome.filter((o) => o === 'STAFF.ALREADY_BOUND')).toHaveLength(9);
    expect(emu.database.count('staff', { openid })).toBe(1);
    // the nine invites that lost were given back
    expect(emu.database.count('staffInvites', { usedBy: openid })).toBe(1);
  });
});
