import { describe, expect, it } from '@jest/globals';
import {
  applyRollupDelta,
  emptyRollup,
  isRepeatPurchase,
  orderReportFacts,
  orderRollupDelta,
  priceBand,
  rebuildRollup,
  refundRollupDelta,
  type RollupOrder,
} from './rollup';

const order = (over: Partial<RollupOrder> = {}): RollupOrder => ({
  memberId: 'm1',
  paidFen: 8_600,
  lines: [{ category: '个人护理', amountFen: 8_600 }],
  repeat: false,
  firstOrder: true,
  creditClerkId: null,
  ...over,
});

describe('priceBand', () => {
  it.each([
    [0, 'b0'],
    [4_999, 'b0'],
    [5_000, 'b50'],
    [9_999, 'b50'],
    [10_000, 'b100'],
    [19_999, 'b100'],
    [20_000, 'b200'],
    [49_999, 'b200'],
    [50_000, 'b500'],
  ])('%i fen is in band %s', (fen, band) => expect(priceBand(fen)).toBe(band));
});

describe('isRepeatPurchase', () => {
  it('is not a repeat for a first purchase', () => expect(isRepeatPurchase(null, 5)).toBe(false));
  it('is a repeat when the first order is earlier', () =>
    expect(isRepeatPurchase(4, 5)).toBe(true));
  it('is not a repeat at the same instant (a retry of the first order)', () =>
    expect(isRepeatPurchase(5, 5)).toBe(false));
});

describe('orderReportFacts', () => {
  it('marks a first order', () =>
    expect(orderReportFacts(undefined, 10, 'C1')).toEqual({
      repeat: false,
      firstOrder: true,
      creditClerkId: 'C1',
    }));
  it('marks a repeat purchase', () =>
    expect(orderReportFacts(3, 10, null)).toEqual({
      repeat: true,
      firstOrder: false,
      creditClerkId: null,
    }));
});

describe('orderRollupDelta', () => {
  it('counts a first member order', () =>
    expect(orderRollupDelta(order()).inc).toEqual({
      orders: 1,
      memberOrders: 1,
      revenueFen: 8_600,
      'buyers.m1': 1,
      'firstOrders.m1': 1,
      'categories.个人护理': 8_600,
      'bands.b50': 1,
    }));
  it('credits a repeat purchase to the owner at the time of the order', () =>
    expect(
      orderRollupDelta(order({ repeat: true, firstOrder: false, creditClerkId: 'C1' })).inc,
    ).toMatchObject({
      repeatOrders: 1,
      repeatFen: 8_600,
      'clerks.C1.orders': 1,
      'clerks.C1.revenueFen': 8_600,
      'clerks.C1.repeatOrders': 1,
      'clerks.C1.repeatFen': 8_600,
    }));
  it('counts an order without a member as a non-member order', () => {
    const inc = orderRollupDelta(order({ memberId: null, firstOrder: false })).inc;
    expect(inc.nonMemberOrders).toBe(1);
    expect(inc.memberOrders).toBeUndefined();
    expect(Object.keys(inc).some((k) => k.startsWith('buyers.'))).toBe(false);
  });
  it('sums lines of one category and keeps dots out of category keys', () =>
    expect(
      orderRollupDelta(
        order({
          paidFen: 3_000,
          lines: [
            { category: '个护.洗发', amountFen: 1_000 },
            { category: '个护.洗发', amountFen: 2_000 },
          ],
        }),
      ).inc['categories.个护_洗发'],
    ).toBe(3_000));
  it('keeps dots out of member ids', () =>
    expect(orderRollupDelta(order({ memberId: 'a.b' })).inc['buyers.a_b']).toBe(1));
});

describe('refundRollupDelta', () => {
  const o = order({ repeat: true, firstOrder: false, creditClerkId: 'C1', paidFen: 10_000 });
  it('a partial refund lowers the amounts but keeps the order', () => {
    const inc = refundRollupDelta(o, {
      refundFen: 3_000,
      lines: [{ category: '个人护理', amountFen: 3_000 }],
      cancelsOrder: false,
    }).inc;
    expect(inc).toEqual({
      revenueFen: -3_000,
      'categories.个人护理': -3_000,
      'clerks.C1.revenueFen': -3_000,
      repeatFen: -3_000,
      'clerks.C1.repeatFen': -3_000,
    });
  });
  it('a full refund removes the order from every count', () => {
    const after = applyRollupDelta(
      applyRollupDelta(emptyRollup('2026-12-01', 'S1', 0), orderRollupDelta(o)),
      refundRollupDelta(o, {
        refundFen: 10_000,
        lines: [{ category: '个人护理', amountFen: 8_600 }],
        cancelsOrder: true,
      }),
    );
    expect(after).toMatchObject({
      orders: 0,
      memberOrders: 0,
      revenueFen: 0,
      repeatOrders: 0,
      repeatFen: 0,
      buyers: { m1: 0 },
      bands: { b100: 0 },
      clerks: { C1: { orders: 0, revenueFen: 0, repeatOrders: 0, repeatFen: 0 } },
    });
  });
  it('a full refund of a first order keeps the visit (firstOrders)', () => {
    const first = order();
    const after = applyRollupDelta(
      applyRollupDelta(emptyRollup('2026-12-01', 'S1', 0), orderRollupDelta(first)),
      refundRollupDelta(first, { refundFen: 8_600, lines: first.lines, cancelsOrder: true }),
    );
    expect(after.firstOrders).toEqual({ m1: 1 });
  });
});

describe('applyRollupDelta', () => {
  it('does not mutate the original rollup', () => {
    const r = emptyRollup('2026-12-01', 'S1', 0);
    applyRollupDelta(r, orderRollupDelta(order()));
    expect(r.orders).toBe(0);
    expect(r.buyers).toEqual({});
  });
  it('adds twice what is applied twice (idempotency is the caller’s guard)', () => {
    const d = orderRollupDelta(order());
    const r = applyRollupDelta(applyRollupDelta(emptyRollup('d', 'S', 0), d), d);
    expect(r.orders).toBe(2);
    expect(r.buyers.m1).toBe(2);
  });
});

describe('rebuildRollup', () => {
  it('folds orders, refunds and new members and lists what it counted', () => {
    const r = rebuildRollup(
      '2026-12-01',
      'S1',
      [
        { ...order(), id: 'S1.R1', refunds: [] },
        {
          ...order({
            memberId: 'm2',
            paidFen: 20_000,
            lines: [{ category: '厨房', amountFen: 20_000 }],
          }),
          id: 'S1.R2',
          refunds: [
            {
              id: 'f1',
              refundFen: 5_000,
              lines: [{ category: '厨房', amountFen: 5_000 }],
              cancelsOrder: false,
            },
          ],
        },
      ],
      ['m2', 'm3'],
      42,
    );
    expect(r).toMatchObject({
      _id: '2026-12-01:S1',
      orders: 2,
      revenueFen: 8_600 + 15_000,
      buyers: { m1: 1, m2: 1 },
      joined: { m2: 1, m3: 1 },
      categories: { 个人护理: 8_600, 厨房: 15_000 },
      bands: { b50: 1, b200: 1 },
      orderIds: ['S1.R1', 'S1.R2'],
      refundIds: ['f1'],
      closed: false,
      updatedAt: 42,
    });
  });
});
