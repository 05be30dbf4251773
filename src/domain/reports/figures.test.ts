import { describe, expect, it } from '@jest/globals';
import {
  applyRollupDelta,
  emptyRollup,
  joinedRollupDelta,
  orderRollupDelta,
  type RollupOrder,
} from './rollup';
import {
  categoriesByArea,
  clerkLeaderboard,
  dailySeries,
  priceBands,
  reportFigures,
  type RollupFacts,
} from './figures';

const o = (
  memberId: string | null,
  paidFen: number,
  over: Partial<RollupOrder> = {},
): RollupOrder => ({
  memberId,
  paidFen,
  lines: [{ category: '家居清洁', amountFen: paidFen }],
  repeat: false,
  firstOrder: false,
  creditClerkId: null,
  ...over,
});

function day(
  date: string,
  storeId: string,
  orders: RollupOrder[],
  joined: string[] = [],
): RollupFacts {
  let r = emptyRollup(date, storeId, 0);
  for (const x of orders) r = applyRollupDelta(r, orderRollupDelta(x));
  for (const m of joined) r = applyRollupDelta(r, joinedRollupDelta(m));
  return r;
}

describe('reportFigures', () => {
  it('answers nulls for a period without orders', () =>
    expect(reportFigures([])).toMatchObject({
      orders: 0,
      avgOrderFen: null,
      captureRate: null,
      repeatRate: null,
      firstOrderConversion: null,
    }));

  it('counts a member buying on two days once, and as a repeat buyer', () => {
    const f = reportFigures([
      day('2026-12-01', 'S1', [o('m1', 10_000), o('m2', 5_000)]),
      day('2026-12-02', 'S1', [o('m1', 6_000, { repeat: true })]),
    ]);
    expect(f.buyers).toBe(2);
    expect(f.repeatBuyers).toBe(1);
    expect(f.repeatRate).toBe(0.5);
    expect(f.ordersPerBuyer).toBe(1.5);
    expect(f.avgOrderFen).toBe(7_000);
    expect(f.repeatOrders).toBe(1);
    expect(f.repeatFen).toBe(6_000);
  });

  it('chain scope: one member in two stores is one buyer with two orders', () => {
    const f = reportFigures([
      day('2026-12-01', 'S1', [o('m1', 1_000)]),
      day('2026-12-01', 'S2', [o('m1', 1_000)]),
    ]);
    expect(f.buyers).toBe(1);
    expect(f.repeatBuyers).toBe(1);
  });

  it('capture rate: member orders of all orders', () => {
    const f = reportFigures([
      day('2026-12-01', 'S1', [o('m1', 1_000), o(null, 1_000), o(null, 1_000), o('m2', 1_000)]),
    ]);
    expect(f.captureRate).toBe(0.5);
    expect(f.nonMemberOrders).toBe(2);
  });

  it('first-order conversion: of the members who joined in the period, those whose first order is in it', () => {
    const f = reportFigures([
      day('2026-12-01', 'S1', [], ['m1', 'm2', 'm3']),
      day('2026-12-02', 'S1', [
        o('m1', 1_000, { firstOrder: true }),
        o('m9', 1_000, { firstOrder: true }),
      ]),
    ]);
    expect(f.newMembers).toBe(3);
    expect(f.newMembersOrdered).toBe(1); // m9 joined before the period: not in the cohort
    expect(f.firstOrderConversion).toBeCloseTo(1 / 3);
  });

  it('a buyer whose only order was refunded in full is not a buyer', () => {
    const r = day('2026-12-01', 'S1', [o('m1', 1_000)]);
    const f = reportFigures([
      { ...r, orders: 0, memberOrders: 0, revenueFen: 0, buyers: { m1: 0 } },
    ]);
    expect(f.buyers).toBe(0);
  });
});

describe('dailySeries', () => {
  it('has every date of the period, summed over stores, 0 where nothing was sold', () =>
    expect(
      dailySeries(
        [day('2026-12-01', 'S1', [o('m1', 1_000)]), day('2026-12-01', 'S2', [o('m2', 2_000)])],
        ['2026-11-30', '2026-12-01'],
      ),
    ).toEqual([
      { date: '2026-11-30', orders: 0, revenueFen: 0 },
      { date: '2026-12-01', orders: 2, revenueFen: 3_000 },
    ]));
});

describe('categoriesByArea', () => {
  it('groups stores by area, largest first, categories largest first', () => {
    const rows = categoriesByArea(
      [
        day('2026-12-01', 'S1', [
          o('m1', 1_000),
          o('m2', 3_000, { lines: [{ category: '厨房用品', amountFen: 3_000 }] }),
        ]),
        day('2026-12-01', 'S2', [o('m3', 500)]),
        day('2026-12-01', 'S3', [o('m4', 9_000)]),
      ],
      (s) => (s === 'S3' ? '江苏' : '上海'),
    );
    expect(rows).toEqual([
      { area: '江苏', revenueFen: 9_000, categories: [{ category: '家居清洁', fen: 9_000 }] },
      {
        area: '上海',
        revenueFen: 4_500,
        categories: [
          { category: '厨房用品', fen: 3_000 },
          { category: '家居清洁', fen: 1_500 },
        ],
      },
    ]);
  });
});

describe('priceBands', () => {
  it('lists every band, also empty ones', () =>
    expect(
      priceBands([day('2026-12-01', 'S1', [o('m1', 1_000), o('m2', 60_000)])]).map((b) => b.orders),
    ).toEqual([1, 0, 0, 0, 1]));
});

describe('clerkLeaderboard', () => {
  it('ranks by 业绩 (repeat-purchase amount), then revenue', () => {
    const rows = clerkLeaderboard([
      day('2026-12-01', 'S1', [
        o('m1', 9_000, { creditClerkId: 'C1' }),
        o('m2', 2_000, { creditClerkId: 'C2', repeat: true }),
        o('m3', 1_000, { creditClerkId: 'C3', repeat: true }),
      ]),
      day('2026-12-02', 'S1', [o('m3', 1_500, { creditClerkId: 'C3', repeat: true })]),
    ]);
    expect(rows.map((r) => [r.clerkId, r.repeatOrders, r.repeatFen])).toEqual([
      ['C3', 2, 2_500],
      ['C2', 1, 2_000],
      ['C1', 0, 0],
    ]);
  });
});
