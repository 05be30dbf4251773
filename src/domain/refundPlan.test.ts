import { describe, expect, it } from '@jest/globals';
import { AppError } from '../contracts/errors';
import { shanghaiTime } from './calendar';
import { applyOrderToStats, emptyStats } from './memberStats';
import { levelAfterRefund, planRefund, type RefundableOrder } from './refundPlan';
import { defaultSettings } from './settings';

const at = shanghaiTime(2027, 3, 10, 15);
const now = shanghaiTime(2027, 3, 12, 11);
const lines = [
  { category: '家居清洁', amountFen: 6_000 },
  { category: '个人护理', amountFen: 4_000 },
];
const order: RefundableOrder = {
  _id: 'S001.R1',
  paidFen: 10_000,
  status: 'completed',
  pointsEarned: 100,
  lotId: 'lot:order:S001.R1',
  couponId: 'c1',
  createdAt: at,
  lines,
};
const stats = applyOrderToStats(emptyStats(), {
  paidFen: 10_000,
  createdAt: at,
  storeId: 'S001',
  usedCoupon: true,
  lines,
});
const member = { points: { balance: 100 }, stats, level: 'normal' as const };
const lots = [
  { id: 'lot:other', remaining: 50, expiresAt: now + 10 },
  { id: 'lot:order:S001.R1', remaining: 100, expiresAt: now + 1_000 },
];
const coupon = { _id: 'c1', status: 'used' as const, orderId: 'S001.R1', validUntil: now + 1 };
const plan = (over: Partial<Parameters<typeof planRefund>[0]> = {}) =>
  planRefund({ order, member, lots, coupon, settings: defaultSettings, now, ...over });
const codeOf = (f: () => unknown) => {
  try {
    f();
  } catch (e) {
    return e instanceof AppError ? e.code : String(e);
  }
  return 'no error';
};

describe('planRefund', () => {
  it('a full refund: everything left, the order cancelled, points from its own lot, coupon back', () => {
    const p = plan();
    expect(p).toMatchObject({
      amountFen: 10_000,
      totalRefundedFen: 10_000,
      cancelsOrder: true,
      status: 'refunded',
      reversal: { due: 100, reverse: 100, unrecoverable: 0, reversedTotal: 100 },
      takes: [{ lotId: 'lot:order:S001.R1', points: 100 }],
      coupon: { kind: 'restoreCoupon', couponId: 'c1' },
      pointsBalance: 0,
    });
    expect(p.statsAfter).toMatchObject({ orderCount: 0, totalSpendFen: 0, couponOrders: 0 });
    expect(p.statsAfter.recentOrderAts).toEqual([]);
  });

  it('a partial refund: points in proportion, lines spread, the coupon stays used', () => {
    const p = plan({ amountFen: 3_000 });
    expect(p).toMatchObject({
      amountFen: 3_000,
      totalRefundedFen: 3_000,
      cancelsOrder: false,
      status: 'partially_refunded',
      reversal: { due: 30, reverse: 30 },
      coupon: { kind: 'keepUsed', reason: 'partialRefund' },
      pointsBalance: 70,
    });
    expect(p.statsRefund.lines).toEqual([
      { category: '家居清洁', amountFen: 1_800 },
      { category: '个人护理', amountFen: 1_200 },
    ]);
    expect(p.statsAfter).toMatchObject({ orderCount: 1, totalSpendFen: 7_000 });
  });

  it('the rest after a partial refund cancels the order; the earlier reversal counts', () => {
    const p = plan({ order: { ...order, refundedFen: 3_000, pointsReversed: 30 } });
    expect(p).toMatchObject({
      amountFen: 7_000,
      totalRefundedFen: 10_000,
      cancelsOrder: true,
      reversal: { due: 70, reverse: 70, reversedTotal: 100 },
    });
  });

  it('spent points are written off, never taken below zero', () => {
    const p = plan({ member: { ...member, points: { balance: 20 } } });
    expect(p.reversal).toEqual({ due: 100, reverse: 20, unrecoverable: 80, reversedTotal: 100 });
    expect(p.pointsBalance).toBe(0);
  });

  it('a coupon past its validity stays used (one rule: couponRestore.ts)', () => {
    expect(plan({ now: coupon.validUntil + 1 }).coupon).toEqual({
      kind: 'keepUsed',
      reason: 'expired',
    });
  });

  it('refuses more than is left, and an order already refunded', () => {
    expect(codeOf(() => plan({ amountFen: 10_001 }))).toBe('ORDER.REFUND_EXCEEDS');
    expect(codeOf(() => plan({ order: { ...order, refundedFen: 9_000 }, amountFen: 1_001 }))).toBe(
      'ORDER.REFUND_EXCEEDS',
    );
    expect(codeOf(() => plan({ order: { ...order, status: 'refunded' } }))).toBe(
      'ORDER.ALREADY_REFUNDED',
    );
    expect(codeOf(() => plan({ amountFen: 10_000 }))).toBe('no error');
  });

  it('the level is re-checked on the spend that is left', () => {
    const big = applyOrderToStats(emptyStats(), {
      paidFen: 200_000,
      createdAt: at,
      storeId: 'S001',
      usedCoupon: false,
      lines: [{ category: '家居清洁', amountFen: 200_000 }],
    });
    const p = plan({
      order: { ...order, paidFen: 200_000, lines: [{ category: '家居清洁', amountFen: 200_000 }] },
      member: { points: { balance: 100 }, stats: big, level: 'silver' },
    });
    expect(p.level).toMatchObject({ kind: 'levelChanged', from: 'silver', to: 'normal' });
    expect(levelAfterRefund(p, 'silver')).toBe('normal');
    expect(levelAfterRefund(plan(), 'normal')).toBe('normal');
  });
});
