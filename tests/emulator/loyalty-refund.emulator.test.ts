/**
 * Refunds through the real SDK: points reversed in proportion (never below zero, spent
 * points written off), the coupon restored on a full refund, stats and level re-checked,
 * idempotent by requestId, never more than paid.
 */
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { startTestEmulator, TEST_EPOCH, type TestEmulator } from '../support/emulator';
import type { Reply } from '../../src/contracts/reply';
import type { PurchaseResult, RefundResult } from '../../src/contracts/staff';
import { shanghaiMonth } from '../../src/domain/calendar';
import { addCoupon, addMember, counts, data, FUNCTION_ENV, find } from './support/loyalty';

const CLERK = 'o_test_clerk_S001';
const LINES_258 = [
  { category: '家居清洁', name: '浓缩洗衣液', quantity: 2, amountFen: 15_800 },
  { category: '个人护理', name: '氨基酸洗发水', quantity: 1, amountFen: 10_000 },
];

let emu: TestEmulator;
let n = 0;
const rid = () => `refund-${Date.now().toString(36)}-${++n}`;

async function buy(
  memberId: string,
  couponId?: string,
  lines: { category: string; amountFen: number }[] = LINES_258,
): Promise<PurchaseResult> {
  return data(
    await emu.call<Reply<PurchaseResult>>(
      'staff',
      {
        action: 'recordPurchase',
        memberId,
        receiptNo: `RF${Date.now().toString(36)}${++n}`,
        lines,
        ...(couponId ? { couponId } : {}),
      },
      CLERK,
    ),
  );
}
const refund = (orderId: string, extra: Record<string, unknown> = {}, openid = CLERK) =>
  emu.call<Reply<RefundResult>>(
    'staff',
    { action: 'refund', orderId, requestId: rid(), ...extra },
    openid,
  );

/** A refund as the till sends it: on COMMON.CONFLICT the same request again, until decided. */
async function refundUntilDecided(orderId: string, extra: Record<string, unknown> = {}) {
  const requestId = rid();
  for (let attempt = 0; attempt < 30; attempt++) {
    const r = await refund(orderId, { requestId, ...extra });
    if (r.ok || r.error.code !== 'COMMON.CONFLICT') return r;
  }
  throw new Error('still contended after 30 tries');
}

beforeAll(async () => {
  emu = await startTestEmulator({ functionEnv: FUNCTION_ENV, startsAt: TEST_EPOCH });
  await emu.seedMinimal();
});
afterAll(async () => {
  await emu?.stop();
});

describe('refund', () => {
  it('a full refund reverses the points, restores the coupon and undoes the order in the stats', async () => {
    const m = addMember(emu);
    const coupon = addCoupon(emu, m._id);
    const order = await buy(m._id, coupon._id);
    expect(order.pointsEarned).toBe(496);
    const r = data(await refund(order.orderId));
    expect(r).toEqual({
      orderId: order.orderId,
      refundedFen: 24_800,
      totalRefundedFen: 24_800,
      pointsReversed: 496,
      pointsUnrecoverable: 0,
      couponRestored: true,
      status: 'refunded',
      pointsBalance: 0,
    });
    expect(find(emu, 'coupons', { _id: coupon._id })[0]).toMatchObject({
      status: 'unused',
      orderId: null,
      usedAt: null,
    });
    const member = find(emu, 'members', { _id: m._id })[0];
    expect(member.points).toEqual({ balance: 0, lifetime: 496 });
    expect(member.stats).toMatchObject({
      orderCount: 0,
      totalSpendFen: 0,
      couponOrders: 0,
      refundedFen: 24_800,
      recentOrderAts: [],
      categorySpendFen: { 家居清洁: 0, 个人护理: 0 },
    });
    expect(member.stats.spendByMonth[shanghaiMonth(emu.clock.now())]).toBe(0);
    expect(find(emu, 'orders', { _id: order.orderId })[0]).toMatchObject({
      status: 'refunded',
      refundedFen: 24_800,
      pointsReversed: 496,
    });
    expect(find(emu, 'pointLots', { memberId: m._id })[0].remaining).toBe(0);
    expect(find(emu, 'pointsLedger', { memberId: m._id, kind: 'reverse' })).toMatchObject([
      { delta: -496, unrecoverable: 0 },
    ]);
    // the restored coupon can be used again
    expect((await buy(m._id, coupon._id)).discountFen).toBe(1_000);
  });

  it('partial refunds reverse points in proportion, cumulatively, and the last one completes the order', async () => {
    const m = addMember(emu);
    const coupon = addCoupon(emu, m._id);
    const order = await buy(m._id, coupon._id); // paid 24 800, 496 points
    const half = data(await refund(order.orderId, { amountFen: 12_400 }));
    expect(half).toMatchObject({
      refundedFen: 12_400,
      totalRefundedFen: 12_400,
      pointsReversed: 248,
      couponRestored: false,
      status: 'partially_refunded',
      pointsBalance: 248,
    });
    expect(find(emu, 'coupons', { _id: coupon._id })[0].status).toBe('used'); // partial: the coupon stays used
    const third = data(await refund(order.orderId, { amountFen: 3_333 }));
    expect(third.pointsReversed).toBe(Math.floor((496 * 15_733) / 24_800) - 248); // 314 − 248 = 66
    const rest = data(await refund(order.orderId));
    expect(rest).toMatchObject({
      refundedFen: 24_800 - 15_733,
      totalRefundedFen: 24_800,
      status: 'refunded',
      pointsBalance: 0,
      couponRestored: true,
    });
    expect(half.pointsReversed + third.pointsReversed + rest.pointsReversed).toBe(496);
    const member = find(emu, 'members', { _id: m._id })[0];
    expect(member.stats).toMatchObject({
      orderCount: 0,
      totalSpendFen: 0,
      categorySpendFen: { 家居清洁: 0, 个人护理: 0 },
    });
    expect(await refund(order.orderId, { amountFen: 1 })).toMatchObject({
      ok: false,
      error: { code: 'ORDER.ALREADY_REFUNDED' },
    });
  });

  it('points already spent are written off, never taken below zero', async () => {
    const m = addMember(emu);
    const order = await buy(m._id); // 516 points
    emu.database.insertMany('rewards', [
      {
        _id: `rw-${m._id}`,
        title: '大礼包',
        description: '',
        kind: 'gift',
        pointsCost: 400,
        stock: null,
        couponTemplateId: null,
        perMemberLimit: null,
        active: true,
        sort: 1,
        createdAt: 0,
      },
    ]);
    data(
      await emu.call<Reply<unknown>>(
        'mall',
        { action: 'redeemReward', rewardId: `rw-${m._id}`, requestId: rid() },
        m.openid,
      ),
    );
    const r = data(await refund(order.orderId));
    expect(r).toMatchObject({
      pointsReversed: 116,
      pointsUnrecoverable: 400,
      pointsBalance: 0,
      status: 'refunded',
    });
    expect(find(emu, 'members', { _id: m._id })[0].points.balance).toBe(0);
    expect(find(emu, 'orders', { _id: order.orderId })[0]).toMatchObject({
      pointsReversed: 516,
      pointsUnrecoverable: 400,
    });
    expect(find(emu, 'pointsLedger', { memberId: m._id, kind: 'reverse' })).toMatchObject([
      { delta: -116, unrecoverable: 400 },
    ]);
  });

  it('takes the refunded points from the order’s own lot first', async () => {
    const m = addMember(emu, {
      lots: [{ id: `older-${Date.now()}`, points: 100, expiresAt: emu.clock.now() + 86_400_000 }],
    });
    const order = await buy(m._id);
    data(await refund(order.orderId, { amountFen: 12_900 })); // half of 25 800 → 258 points
    const own = find(emu, 'pointLots', { orderId: order.orderId })[0];
    expect(own.remaining).toBe(516 - 258);
    expect(find(emu, 'members', { _id: m._id })[0].points.balance).toBe(100 + 516 - 258);
  });

  it('is idempotent by requestId, also when retried concurrently', async () => {
    const m = addMember(emu);
    const order = await buy(m._id);
    const requestId = rid();
    const replies = await Promise.all(
      Array.from({ length: 5 }, async () => {
        for (let attempt = 0; attempt < 30; attempt++) {
          const r = await refund(order.orderId, { amountFen: 5_000, requestId });
          if (r.ok || r.error.code !== 'COMMON.CONFLICT') return r;
        }
        throw new Error('still contended');
      }),
    );
    expect(replies.filter((r) => r.ok)).toHaveLength(5);
    for (const r of replies)
      expect(data(r)).toMatchObject({ refundedFen: 5_000, totalRefundedFen: 5_000 });
    expect(emu.database.count('refunds', { orderId: order.orderId })).toBe(1);
    expect(find(emu, 'orders', { _id: order.orderId })[0].refundedFen).toBe(5_000);
    expect(find(emu, 'members', { _id: m._id })[0].points.balance).toBe(516 - 100);
  });

  it('6 concurrent partial refunds of ¥100 on ¥258: exactly 2 succeed, 4 exceed what is left', async () => {
    const m = addMember(emu);
    const order = await buy(m._id); // 25 800, 516 points
    const replies = await Promise.all(
      Array.from({ length: 6 }, () => refundUntilDecided(order.orderId, { amountFen: 10_000 })),
    );
    expect(replies.filter((r) => r.ok)).toHaveLength(2);
    const refused = replies.filter((r) => !r.ok);
    expect(refused.map((r) => (r.ok ? null : r.error.code))).toEqual(
      Array(4).fill('ORDER.REFUND_EXCEEDS'),
    );
    const o = find(emu, 'orders', { _id: order.orderId })[0];
    expect(o).toMatchObject({ refundedFen: 20_000, status: 'partially_refunded' });
    expect(emu.database.count('refunds', { orderId: order.orderId })).toBe(2);
    // 20 000 of 25 800 → 400 of 516 points back (floor(516 × 20 000 / 25 800) = 400)
    expect(o.pointsReversed).toBe(400);
    expect(find(emu, 'members', { _id: m._id })[0].points.balance).toBe(516 - 400);
  });

  it('re-checks the level: a refund that drops the rolling spend below the threshold lowers it', async () => {
    const month = shanghaiMonth(emu.clock.now());
    const m = addMember(emu, {
      stats: { spendByMonth: { [month]: 90_000 }, totalSpendFen: 90_000, orderCount: 3 },
    });
    const order = await buy(m._id, undefined, [{ category: '厨房用品', amountFen: 20_000 }]);
    expect(order.levelAfter).toBe('silver');
    data(await refund(order.orderId));
    const member = find(emu, 'members', { _id: m._id })[0];
    expect(member.level).toBe('normal');
    expect(member.notices.map((x: { to: string }) => x.to)).toEqual(['silver', 'normal']);
  });

  it('refuses without writing: more than paid, unknown order, another store, a shopper', async () => {
    const m = addMember(emu);
    const order = await buy(m._id);
    const before = counts(emu);
    expect(await refund(order.orderId, { amountFen: 25_801 })).toMatchObject({
      ok: false,
      error: { code: 'ORDER.REFUND_EXCEEDS' },
    });
    expect(await refund('S001.nope')).toMatchObject({
      ok: false,
      error: { code: 'ORDER.NOT_FOUND' },
    });
    expect(await refund(order.orderId, {}, 'o_test_clerk_S002')).toMatchObject({
      ok: false,
      error: { code: 'AUTH.WRONG_STORE' },
    });
    expect(await refund(order.orderId, {}, m.openid)).toMatchObject({
      ok: false,
      error: { code: 'AUTH.FORBIDDEN' },
    });
    expect(counts(emu)).toEqual(before);
    // HQ may refund any store's order
    expect(data(await refund(order.orderId, { amountFen: 100 }, 'o_test_hq'))).toMatchObject({
      refundedFen: 100,
    });
  });
});
