/**
 * The demo chain (`npm start`'s data) works with the loyalty engine: its books balance,
 * its catalogue is valid, and the issue's till scenario runs end to end as the personas —
 * a clerk scans a member's current code, records ¥258 with the member's ¥10 coupon, sees
 * double points; the member's card, wallet and history show it; a refund reverses it.
 */
import { afterAll, beforeAll, expect, it } from '@jest/globals';
import { startTestEmulator, type TestEmulator } from '../support/emulator';
import { seedDemo } from '../../scripts/seed/demo';
import { localFunctionEnv } from '../../scripts/local-cloud';
import type { Reply } from '../../src/contracts/reply';
import type { PurchaseResult, RefundResult, TillMemberView } from '../../src/contracts/staff';
import type { PointsEntryView, RewardView } from '../../src/contracts/mall';
import type { CardView } from '../../src/contracts/member';
import { data, find, memberCodeFor } from './support/loyalty';

let emu: TestEmulator;
beforeAll(async () => {
  emu = await startTestEmulator();
  await seedDemo(emu.database, emu.clock.now(), localFunctionEnv(emu.url).CRM_PII_HASH_SECRET, 60);
});
afterAll(async () => {
  await emu?.stop();
});

it('the seeded books balance: every balance is the sum of its unexpired lots and of its ledger', () => {
  const now = emu.clock.now();
  for (const m of find(emu, 'members')) {
    const lots = find(emu, 'pointLots', { memberId: m._id }).filter((l) => l.expiresAt >= now);
    const ledger = find(emu, 'pointsLedger', { memberId: m._id });
    expect(lots.reduce((s, l) => s + l.remaining, 0)).toBe(m.points.balance);
    expect(ledger.reduce((s, e) => s + e.delta, 0)).toBe(m.points.balance);
  }
});

it('the till scenario: scan, ¥258 with the ¥10 coupon, double points, visible to the member, reversed by a refund', async () => {
  const identity = find(emu, 'identities', { _id: 'o_demo_member_01' })[0];
  const member = find(emu, 'members', { _id: identity.memberId })[0];
  const clerk = find(emu, 'staff', { storeId: member.homeStoreId, role: 'clerk' })[0];

  const seen = data(
    await emu.call<Reply<{ member: TillMemberView }>>(
      'staff',
      { action: 'lookupMember', memberCode: memberCodeFor(emu, member.memberNo) },
      clerk.openid,
    ),
  ).member;
  const coupon = seen.coupons.find((c) => c.amountFen === 1_000 && c.thresholdFen === 0);
  expect(coupon).toBeDefined();

  const lines = [
    { category: '家居清洁', name: '浓缩洗衣液', quantity: 2, amountFen: 15_800 },
    { category: '个人护理', name: '氨基酸洗发水', quantity: 1, amountFen: 10_000 },
  ];
  const bought = data(
    await emu.call<Reply<PurchaseResult>>(
      'staff',
      {
        action: 'recordPurchase',
        memberId: member._id,
        receiptNo: 'DEMO-258',
        lines,
        couponId: coupon!.id,
      },
      clerk.openid,
    ),
  );
  const multiplier = { normal: 100, silver: 120, gold: 150 }[
    member.level as 'normal' | 'silver' | 'gold'
  ];
  expect(bought).toMatchObject({
    paidFen: 24_800,
    discountFen: 1_000,
    doubled: true,
    pointsEarned: Math.floor((248 * 2 * multiplier) / 100),
  });

  const card = data(
    await emu.call<Reply<CardView>>('member', { action: 'getCard' }, 'o_demo_member_01'),
  );
  expect(card.points.balance).toBe(member.points.balance + bought.pointsEarned);
  expect(card.recentPurchases[0]).toMatchObject({ id: bought.orderId, paidFen: 24_800 });
  type History = { entries: PointsEntryView[] };
  const history = data(
    await emu.call<Reply<History>>(
      'mall',
      { action: 'pointsHistory', limit: 5 },
      'o_demo_member_01',
    ),
  );
  expect(history.entries[0]).toMatchObject({
    kind: 'earn',
    delta: bought.pointsEarned,
    title: expect.stringMatching(/店消费$/),
  });

  const refunded = data(
    await emu.call<Reply<RefundResult>>(
      'staff',
      { action: 'refund', orderId: bought.orderId, requestId: 'demo-refund-258' },
      clerk.openid,
    ),
  );
  expect(refunded).toMatchObject({
    status: 'refunded',
    pointsReversed: bought.pointsEarned,
    couponRestored: true,
    pointsBalance: member.points.balance,
  });
});

it('the catalogue is offered to members', async () => {
  const { rewards } = data(
    await emu.call<Reply<{ rewards: RewardView[]; balance: number }>>(
      'mall',
      { action: 'listRewards' },
      'o_demo_member_02',
    ),
  );
  expect(rewards.map((r) => r.id)).toEqual([
    'rw-coupon-20',
    'rw-coupon-10',
    'rw-care-85',
    'rw-gift-bag',
    'rw-gift-candle',
  ]);
  expect(rewards[2].coupon).toEqual({
    title: '8.5折券',
    conditions: ['无门槛', '最高减¥50', '限个人护理'],
  });
});

it('a seeded invite carries the name of the person invited, and binding greets them by it', async () => {
  const invites = find(emu, 'staffInvites', { usedAt: null });
  expect(invites.length).toBeGreaterThan(0);
  expect(invites.filter((i) => i.name === '新店员')).toEqual([]);
  const bound = data(
    await emu.call<Reply<{ staff: { name: string; role: string } }>>(
      'staff',
      { action: 'bindInvite', code: 'JOINS001' },
      'o_demo_new_clerk',
    ),
  ).staff;
  expect(bound).toMatchObject({ name: '周晓雯', role: 'clerk' });
});
