import { describe, expect, it } from '@jest/globals';
import { addShanghaiDays, shanghaiTime } from './calendar';
import {
  type StatsOrder,
  applyOrderToStats,
  applyRefundToStats,
  applyStatsDelta,
  emptyStats,
  orderStatsDelta,
  ordersSince,
  refundStatsDelta,
  statsKey,
} from './memberStats';
import { rollingSpend } from './spendByMonth';

const order = (over: Partial<StatsOrder> = {}): StatsOrder => ({
  paidFen: 8_600,
  createdAt: shanghaiTime(2026, 11, 10, 15),
  storeId: 'S001',
  usedCoupon: false,
  lines: [
    { category: '家居清洁', amountFen: 5_000 },
    { category: '个人护理', amountFen: 3_600 },
  ],
  ...over,
});

describe('applyOrderToStats', () => {
  it('records the first order', () => {
    const s = applyOrderToStats(emptyStats(), order());
    expect(s).toEqual({
      orderCount: 1,
      totalSpendFen: 8_600,
      spendByMonth: { '2026-11': 8_600 },
      firstOrderAt: shanghaiTime(2026, 11, 10, 15),
      lastOrderAt: shanghaiTime(2026, 11, 10, 15),
      categorySpendFen: { 家居清洁: 5_000, 个人护理: 3_600 },
      couponOrders: 0,
      storesVisited: ['S001'],
      recentOrderAts: [shanghaiTime(2026, 11, 10, 15)],
      refundedFen: 0,
    });
  });

  it('accumulates a second order in another store with a coupon', () => {
    const second = order({
      storeId: 'S002',
      usedCoupon: true,
      paidFen: 20_000,
      createdAt: shanghaiTime(2026, 12, 1, 0, 30),
      lines: [{ category: '家居清洁', amountFen: 21_000 }],
    });
    const s = applyOrderToStats(applyOrderToStats(emptyStats(), order()), second);
    expect(s.orderCount).toBe(2);
    expect(s.totalSpendFen).toBe(28_600);
    expect(s.spendByMonth).toEqual({ '2026-11': 8_600, '2026-12': 20_000 });
    expect(s.categorySpendFen).toEqual({ 家居清洁: 26_000, 个人护理: 3_600 });
    expect(s.couponOrders).toBe(1);
    expect(s.storesVisited).toEqual(['S001', 'S002']);
    expect(s.lastOrderAt).toBe(shanghaiTime(2026, 12, 1, 0, 30));
  });

  it('keeps first/last order times right for a late-synced older order', () => {
    const late = order({ createdAt: shanghaiTime(2026, 11, 1) });
    const s = applyOrderToStats(applyOrderToStats(emptyStats(), order()), late);
    expect(s.firstOrderAt).toBe(shanghaiTime(2026, 11, 1));
    expect(s.lastOrderAt).toBe(shanghaiTime(2026, 11, 10, 15));
    expect(s.recentOrderAts).toEqual([shanghaiTime(2026, 11, 1), shanghaiTime(2026, 11, 10, 15)]);
  });

  it('does not list a store twice', () => {
    const s = applyOrderToStats(applyOrderToStats(emptyStats(), order()), order());
    expect(s.storesVisited).toEqual(['S001']);
  });

  it('does not mutate the stats passed in', () => {
    const before = emptyStats();
    applyOrderToStats(before, order());
    expect(before).toEqual(emptyStats());
  });

  it('keeps only the latest 50 order times', () => {
    let s = emptyStats();
    for (let i = 0; i < 60; i++)
      s = applyOrderToStats(s, order({ createdAt: shanghaiTime(2026, 1, 1) + i * 3_600_000 }));
    expect(s.recentOrderAts).toHaveLength(50);
    expect(s.recentOrderAts[0]).toBe(shanghaiTime(2026, 1, 1) + 10 * 3_600_000);
    expect(s.orderCount).toBe(60);
  });

  it('feeds the rolling spend for levels', () => {
    const s = applyOrderToStats(emptyStats(), order());
    expect(rollingSpend(s.spendByMonth, shanghaiTime(2026, 11, 30))).toBe(8_600);
  });

  it('turns "." and "$" in category names into safe field keys', () => {
    expect(statsKey('个护.洗发')).toBe('个护_洗发');
    expect(statsKey('$where')).toBe('_where');
    expect(statsKey('  ')).toBe('未分类');
    const s = applyOrderToStats(
      emptyStats(),
      order({ lines: [{ category: 'a.b', amountFen: 1 }] }),
    );
    expect(s.categorySpendFen).toEqual({ a_b: 1 });
  });
});

describe('applyRefundToStats', () => {
  const base = applyOrderToStats(emptyStats(), order({ usedCoupon: true }));

  it('reduces spend for a partial refund but keeps the order counted', () => {
    const s = applyRefundToStats(base, {
      refundFen: 3_600,
      at: shanghaiTime(2026, 11, 12),
      orderCreatedAt: base.firstOrderAt!,
      orderUsedCoupon: true,
      lines: [{ category: '个人护理', amountFen: 3_600 }],
      cancelsOrder: false,
    });
    expect(s.orderCount).toBe(1);
    expect(s.couponOrders).toBe(1);
    expect(s.totalSpendFen).toBe(5_000);
    expect(s.refundedFen).toBe(3_600);
    expect(s.spendByMonth).toEqual({ '2026-11': 5_000 });
    expect(s.categorySpendFen).toEqual({ 家居清洁: 5_000 });
  });

  it('takes the refund off the month of the ORDER, not of the refund', () => {
    const s = applyRefundToStats(base, {
      refundFen: 1_000,
      at: shanghaiTime(2027, 1, 5),
      orderCreatedAt: base.firstOrderAt!,
      orderUsedCoupon: true,
      lines: [],
      cancelsOrder: false,
    });
    expect(s.spendByMonth).toEqual({ '2026-11': 7_600 });
  });

  it('undoes the order for a full refund, keeping first/last visit', () => {
    const s = applyRefundToStats(base, {
      refundFen: 8_600,
      at: shanghaiTime(2026, 11, 12),
      orderCreatedAt: base.firstOrderAt!,
      orderUsedCoupon: true,
      lines: order().lines,
      cancelsOrder: true,
    });
    expect(s).toMatchObject({
      orderCount: 0,
      couponOrders: 0,
      totalSpendFen: 0,
      spendByMonth: {},
      categorySpendFen: {},
      recentOrderAts: [],
      refundedFen: 8_600,
      lastOrderAt: base.lastOrderAt,
    });
  });

  it('leaves the month bucket alone when the order is older than the buckets kept', () => {
    const d = refundStatsDelta({
      refundFen: 500,
      at: shanghaiTime(2028, 1, 1),
      orderCreatedAt: base.firstOrderAt!,
      orderUsedCoupon: false,
      lines: [],
      cancelsOrder: false,
    });
    expect(Object.keys(d.inc)).toEqual(['totalSpendFen', 'refundedFen']);
  });

  it('never takes a counter below zero', () => {
    const s = applyRefundToStats(emptyStats(), {
      refundFen: 100,
      at: shanghaiTime(2026, 11, 12),
      orderCreatedAt: shanghaiTime(2026, 11, 10),
      orderUsedCoupon: true,
      lines: [{ category: 'x', amountFen: 100 }],
      cancelsOrder: true,
    });
    expect(s).toMatchObject({
      orderCount: 0,
      couponOrders: 0,
      totalSpendFen: 0,
      categorySpendFen: {},
    });
  });
});

describe('orderStatsDelta', () => {
  it('is a set of atomic update operators', () => {
    const o = order({ usedCoupon: true });
    expect(orderStatsDelta(o)).toEqual({
      inc: {
        orderCount: 1,
        totalSpendFen: 8_600,
        'spendByMonth.2026-11': 8_600,
        couponOrders: 1,
        'categorySpendFen.家居清洁': 5_000,
        'categorySpendFen.个人护理': 3_600,
      },
      min: { firstOrderAt: o.createdAt },
      max: { lastOrderAt: o.createdAt },
      addToSet: { storesVisited: 'S001' },
      push: { recentOrderAts: { each: [o.createdAt], sort: 1, slice: -50 } },
      pull: {},
    });
  });

  it('gives the same stats as applyOrderToStats when applied', () => {
    const o = order();
    expect(applyStatsDelta(emptyStats(), orderStatsDelta(o))).toEqual(
      applyOrderToStats(emptyStats(), o),
    );
  });

  it('sums two lines of the same category into one increment', () => {
    const d = orderStatsDelta(
      order({
        lines: [
          { category: 'A', amountFen: 1 },
          { category: 'A', amountFen: 2 },
        ],
      }),
    );
    expect(d.inc['categorySpendFen.A']).toBe(3);
  });
});

describe('ordersSince', () => {
  it('counts orders in the last 30 days for the frequency tag', () => {
    const now = shanghaiTime(2026, 11, 30, 12);
    let s = emptyStats();
    for (const d of [-40, -29, -10, -1])
      s = applyOrderToStats(s, order({ createdAt: addShanghaiDays(now, d) }));
    expect(ordersSince(s, addShanghaiDays(now, -30))).toBe(3);
  });
});
