import { describe, expect, it } from '@jest/globals';
import { DAY_MS } from '../calendar';
import { summarizeResults, type ResultRun } from './results';

const t0 = 1_800_000_000_000;
const runs: ResultRun[] = [
  ...Array.from({ length: 10 }, (_, i) => ({
    memberId: `t${i}`,
    group: 'treated' as const,
    startedAt: t0,
  })),
  ...Array.from({ length: 4 }, (_, i) => ({
    memberId: `h${i}`,
    group: 'holdout' as const,
    startedAt: t0,
  })),
];

describe('summarizeResults', () => {
  it('counts responders within the window, treated vs holdout, and the lift', () => {
    const r = summarizeResults({
      runs,
      orders: [
        { memberId: 't0', createdAt: t0 + DAY_MS, paidFen: 8_600 },
        { memberId: 't0', createdAt: t0 + 2 * DAY_MS, paidFen: 4_000 },
        { memberId: 't1', createdAt: t0 + 14 * DAY_MS, paidFen: 10_000 }, // the window's last instant
        { memberId: 't2', createdAt: t0 + 14 * DAY_MS + 1, paidFen: 10_000 }, // too late
        { memberId: 't3', createdAt: t0, paidFen: 10_000 }, // at the start: not after it
        { memberId: 't4', createdAt: t0 + 3 * DAY_MS, paidFen: 5_000 },
        { memberId: 'h0', createdAt: t0 + DAY_MS, paidFen: 9_000 },
      ],
      couponsUsed: 2,
      attributionDays: 14,
    });
    expect(r.treated).toEqual({
      members: 10,
      responded: 3,
      rate: 30,
      orders: 4,
      revenueFen: 27_600,
    });
    expect(r.holdout).toEqual({ members: 4, responded: 1, rate: 25, orders: 1, revenueFen: 9_000 });
    expect(r.liftPoints).toBe(5);
    expect(r.incrementalResponders).toBe(1); // 3 − 10 × 25% = 0.5 → 1
    expect(r.couponsUsed).toBe(2);
    expect([r.couponsIssued, r.messages]).toEqual([0, 0]);
  });

  it('counts the treated runs’ coupons (issued, or issued by a run cut short) and messages', () => {
    const acted = [
      { kind: 'coupon', outcome: 'issued' },
      { kind: 'memberMessage', outcome: 'notice' },
    ];
    const r = summarizeResults({
      runs: [
        { ...runs[0], actions: acted },
        { ...runs[1], actions: [{ kind: 'coupon', outcome: 'alreadyIssued' }] },
        { ...runs[2], actions: [{ kind: 'coupon', outcome: 'COUPON.OUT_OF_STOCK' }] },
        { ...runs[10], actions: acted }, // a holdout run never has actions; ignored if it did
      ],
      orders: [],
      couponsUsed: 0,
      attributionDays: 14,
    });
    expect([r.couponsIssued, r.messages]).toEqual([2, 1]);
  });

  it('without a holdout there is no lift to report', () => {
    const r = summarizeResults({
      runs: runs.filter((x) => x.group === 'treated'),
      orders: [],
      couponsUsed: 0,
      attributionDays: 7,
    });
    expect(r.holdout).toEqual({ members: 0, responded: 0, rate: 0, orders: 0, revenueFen: 0 });
    expect(r.liftPoints).toBeNull();
    expect(r.incrementalResponders).toBeNull();
  });

  it('a holdout responding more than the treated: negative lift, no incremental responders', () => {
    const r = summarizeResults({
      runs,
      orders: [0, 1, 2, 3].map((i) => ({ memberId: `h${i}`, createdAt: t0 + 1, paidFen: 1 })),
      couponsUsed: 0,
      attributionDays: 7,
    });
    expect(r.liftPoints).toBe(-100);
    expect(r.incrementalResponders).toBe(0);
  });
});
