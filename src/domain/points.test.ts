import { describe, expect, it } from '@jest/globals';
import { AppError } from '../contracts/errors';
import { shanghaiTime } from './calendar';
import {
  type PointLot,
  availablePoints,
  spendablePoints,
  checkBalanceInvariant,
  computeEarnedPoints,
  earnRateText,
  ensureSpend,
  ledgerBalance,
  lotExpiresAt,
  planExpiry,
  planRefundReversal,
  planSpend,
} from './points';
import { defaultSettings, parseSettings } from './settings';

const s = defaultSettings;

describe('computeEarnedPoints', () => {
  it('earns 1 point per whole yuan, ignoring cents', () => {
    expect(computeEarnedPoints({ paidFen: 8_699, level: 'normal', settings: s })).toEqual({
      base: 86,
      doubled: false,
      levelPercent: 100,
      multiplierPercent: 100,
      multiplierApplied: 1,
      total: 86,
    });
  });

  it('doubles at exactly ¥200', () => {
    expect(computeEarnedPoints({ paidFen: 20_000, level: 'normal', settings: s }).total).toBe(400);
  });

  it('does not double at ¥199.99', () => {
    const e = computeEarnedPoints({ paidFen: 19_999, level: 'normal', settings: s });
    expect(e.doubled).toBe(false);
    expect(e.total).toBe(199);
  });

  it('applies the level multiplier after doubling and floors the result', () => {
    expect(computeEarnedPoints({ paidFen: 25_050, level: 'silver', settings: s })).toMatchObject({
      base: 250,
      doubled: true,
      multiplierPercent: 240,
      multiplierApplied: 2.4,
      total: 600,
    });
    // 33 × 1.5 = 49.5 → 49
    expect(computeEarnedPoints({ paidFen: 3_300, level: 'gold', settings: s }).total).toBe(49);
  });

  it('uses integer percent so 1.15 × 100 is 115, not 114', () => {
    const custom = parseSettings({ points: { levelMultiplierPercent: { silver: 115 } } });
    expect(computeEarnedPoints({ paidFen: 10_000, level: 'silver', settings: custom }).total).toBe(
      115,
    );
  });

  it('earns nothing for a zero order (and does not call it doubled)', () => {
    const zeroThreshold = parseSettings({ points: { doubleThresholdFen: 0 } });
    expect(
      computeEarnedPoints({ paidFen: 0, level: 'gold', settings: zeroThreshold }),
    ).toMatchObject({
      total: 0,
      doubled: false,
    });
  });

  it('rejects fractional or negative fen', () => {
    expect(() => computeEarnedPoints({ paidFen: 10.5, level: 'normal', settings: s })).toThrow(
      AppError,
    );
    expect(() => computeEarnedPoints({ paidFen: -1, level: 'normal', settings: s })).toThrow(
      AppError,
    );
  });
});

describe('lotExpiresAt', () => {
  it('is 23:59:59.999 Shanghai on 31 Dec of the following year', () => {
    expect(lotExpiresAt(shanghaiTime(2026, 3, 5, 10), s)).toBe(
      shanghaiTime(2027, 12, 31, 23, 59, 59, 999),
    );
  });

  it('uses the Shanghai year for points earned on New Year’s Eve after 16:00 UTC', () => {
    // 2026-12-31 16:30 UTC is 2027-01-01 00:30 in Shanghai → expires end of 2028.
    expect(lotExpiresAt(Date.UTC(2026, 11, 31, 16, 30), s)).toBe(
      shanghaiTime(2028, 12, 31, 23, 59, 59, 999),
    );
  });

  it('follows expiryYearsAfter', () => {
    const sameYear = parseSettings({ points: { expiryYearsAfter: 0 } });
    expect(lotExpiresAt(shanghaiTime(2026, 3, 5), sameYear)).toBe(
      shanghaiTime(2026, 12, 31, 23, 59, 59, 999),
    );
  });
});

describe('planSpend', () => {
  const lots: PointLot[] = [
    { id: 'late', remaining: 100, expiresAt: 3_000 },
    { id: 'soon', remaining: 40, expiresAt: 1_000 },
    { id: 'gone', remaining: 500, expiresAt: 100 },
    { id: 'empty', remaining: 0, expiresAt: 500 },
  ];

  it('takes from the soonest-expiring lot first', () => {
    expect(planSpend(lots, 60, 200)).toEqual({
      ok: true,
      takes: [
        { lotId: 'soon', points: 40 },
        { lotId: 'late', points: 20 },
      ],
      total: 60,
    });
  });

  it('never takes from an expired or empty lot', () => {
    expect(planSpend(lots, 140, 200)).toMatchObject({ ok: true, total: 140 });
    expect(planSpend(lots, 141, 200)).toEqual({
      ok: false,
      code: 'POINTS.INSUFFICIENT',
      available: 140,
      shortfall: 1,
    });
  });

  it('can still use a lot at its exact expiry millisecond', () => {
    expect(planSpend(lots, 540, 100)).toMatchObject({ ok: true });
    expect(planSpend(lots, 540, 101)).toMatchObject({ ok: false });
  });

  it('breaks expiry ties by lot id for a deterministic plan', () => {
    const tied: PointLot[] = [
      { id: 'b', remaining: 10, expiresAt: 5 },
      { id: 'a', remaining: 10, expiresAt: 5 },
    ];
    expect(planSpend(tied, 15, 0)).toMatchObject({
      takes: [
        { lotId: 'a', points: 10 },
        { lotId: 'b', points: 5 },
      ],
    });
  });

  it('takes the preferred lot first (refund takes back the order’s own lot)', () => {
    expect(planSpend(lots, 50, 200, { preferLotId: 'late' })).toMatchObject({
      takes: [{ lotId: 'late', points: 50 }],
    });
  });

  it('rejects a zero or fractional amount', () => {
    expect(() => planSpend(lots, 0, 200)).toThrow(AppError);
    expect(() => planSpend(lots, 1.5, 200)).toThrow(AppError);
  });

  it('does not mutate the lots', () => {
    const copy = structuredClone(lots);
    planSpend(lots, 60, 200);
    expect(lots).toEqual(copy);
  });
});

describe('ensureSpend', () => {
  it('returns the takes', () => {
    expect(ensureSpend([{ id: 'a', remaining: 10, expiresAt: 9 }], 10, 0)).toEqual([
      { lotId: 'a', points: 10 },
    ]);
  });

  it('throws POINTS.INSUFFICIENT with the shortfall', () => {
    try {
      ensureSpend([{ id: 'a', remaining: 10, expiresAt: 9 }], 11, 0);
      throw new Error('expected to throw');
    } catch (e) {
      expect(e).toBeInstanceOf(AppError);
      expect((e as AppError).code).toBe('POINTS.INSUFFICIENT');
      expect((e as AppError).message).toBe('积分不足');
      expect((e as AppError).details).toEqual({ available: 10, shortfall: 1 });
    }
  });
});

describe('planExpiry', () => {
  it('expires only the remainder of lots past their expiry', () => {
    const lots: PointLot[] = [
      { id: 'a', remaining: 30, expiresAt: 10 },
      { id: 'b', remaining: 0, expiresAt: 10 },
      { id: 'c', remaining: 70, expiresAt: 20 },
    ];
    expect(planExpiry(lots, 11)).toEqual({ expires: [{ lotId: 'a', points: 30 }], total: 30 });
    expect(planExpiry(lots, 10)).toEqual({ expires: [], total: 0 });
  });

  it('does not collapse a balance after spending (FloCafe #78): spent points never expire again', () => {
    // Earned 100 (expires t=10) and 100 (expires t=20); spent 150.
    let lots: PointLot[] = [
      { id: 'old', remaining: 100, expiresAt: 10 },
      { id: 'new', remaining: 100, expiresAt: 20 },
    ];
    const takes = ensureSpend(lots, 150, 0);
    lots = lots.map((l) => ({
      ...l,
      remaining: l.remaining - (takes.find((t) => t.lotId === l.id)?.points ?? 0),
    }));
    expect(planExpiry(lots, 11).total).toBe(0);
    expect(availablePoints(lots, 11)).toBe(50);
    expect(planExpiry(lots, 21).total).toBe(50);
  });
});

describe('planRefundReversal', () => {
  it('reverses in proportion to a partial refund, floored', () => {
    expect(
      planRefundReversal({
        earnedPoints: 101,
        totalRefundedFen: 3_333,
        orderPaidFen: 10_000,
        alreadyReversed: 0,
        balance: 500,
      }),
    ).toEqual({ due: 33, reverse: 33, unrecoverable: 0, reversedTotal: 33 });
  });

  it('reverses everything on a full refund', () => {
    expect(
      planRefundReversal({
        earnedPoints: 101,
        totalRefundedFen: 10_000,
        orderPaidFen: 10_000,
        alreadyReversed: 0,
        balance: 500,
      }),
    ).toMatchObject({ due: 101, reverse: 101 });
  });

  it('adds up over several partial refunds to exactly what was earned', () => {
    let already = 0;
    for (const total of [3_333, 6_666, 10_000]) {
      const r = planRefundReversal({
        earnedPoints: 101,
        totalRefundedFen: total,
        orderPaidFen: 10_000,
        alreadyReversed: already,
        balance: 999,
      });
      already = r.reversedTotal;
    }
    expect(already).toBe(101);
  });

  it('reverses only what the balance covers when points were spent, never going negative', () => {
    expect(
      planRefundReversal({
        earnedPoints: 100,
        totalRefundedFen: 5_000,
        orderPaidFen: 10_000,
        alreadyReversed: 0,
        balance: 30,
      }),
    ).toEqual({ due: 50, reverse: 30, unrecoverable: 20, reversedTotal: 50 });
  });

  it('writes off the shortfall: a later refund does not chase it', () => {
    const second = planRefundReversal({
      earnedPoints: 100,
      totalRefundedFen: 10_000,
      orderPaidFen: 10_000,
      alreadyReversed: 50,
      balance: 1_000,
    });
    expect(second).toEqual({ due: 50, reverse: 50, unrecoverable: 0, reversedTotal: 100 });
  });

  it('reverses nothing more once everything was reversed', () => {
    expect(
      planRefundReversal({
        earnedPoints: 100,
        totalRefundedFen: 10_000,
        orderPaidFen: 10_000,
        alreadyReversed: 100,
        balance: 100,
      }),
    ).toEqual({ due: 0, reverse: 0, unrecoverable: 0, reversedTotal: 100 });
  });

  it('refuses a refund above what was paid', () => {
    expect(() =>
      planRefundReversal({
        earnedPoints: 1,
        totalRefundedFen: 10_001,
        orderPaidFen: 10_000,
        alreadyReversed: 0,
        balance: 0,
      }),
    ).toThrow(expect.objectContaining({ code: 'ORDER.REFUND_EXCEEDS' }));
  });

  it('handles an order paid entirely by coupon (0 fen, 0 points)', () => {
    expect(
      planRefundReversal({
        earnedPoints: 0,
        totalRefundedFen: 0,
        orderPaidFen: 0,
        alreadyReversed: 0,
        balance: 10,
      }),
    ).toEqual({ due: 0, reverse: 0, unrecoverable: 0, reversedTotal: 0 });
  });
});

describe('balance invariant', () => {
  it('is earned − spent − expired − reversed', () => {
    expect(ledgerBalance({ earned: 500, spent: 200, expired: 50, reversed: 30 })).toBe(220);
  });

  it('accepts a matching balance and flags a mismatch or a negative balance', () => {
    const ledger = { earned: 100, spent: 60, expired: 0, reversed: 0 };
    expect(checkBalanceInvariant(ledger, 40)).toEqual({ ok: true });
    expect(checkBalanceInvariant(ledger, 41)).toEqual({ ok: false, expected: 40, actual: 41 });
    expect(
      checkBalanceInvariant({ earned: 0, spent: 5, expired: 0, reversed: 0 }, -5),
    ).toMatchObject({ ok: false });
  });

  it('holds through earn, spend, refund with spent points, and expiry', () => {
    const ledger = { earned: 0, spent: 0, expired: 0, reversed: 0 };
    let lots: PointLot[] = [];
    const apply = (takes: { lotId: string; points: number }[]) => {
      lots = lots.map((l) => ({
        ...l,
        remaining:
          l.remaining - takes.filter((t) => t.lotId === l.id).reduce((a, t) => a + t.points, 0),
      }));
    };
    // earn 100 on order A (lot A), 50 on order B (lot B)
    lots.push(
      { id: 'A', remaining: 100, expiresAt: 10 },
      { id: 'B', remaining: 50, expiresAt: 20 },
    );
    ledger.earned += 150;
    // spend 120
    const spend = ensureSpend(lots, 120, 1);
    apply(spend);
    ledger.spent += 120;
    // full refund of order A: due 100, but only 30 left
    const r = planRefundReversal({
      earnedPoints: 100,
      totalRefundedFen: 1_000,
      orderPaidFen: 1_000,
      alreadyReversed: 0,
      balance: availablePoints(lots, 2),
    });
    expect(r).toMatchObject({ reverse: 30, unrecoverable: 70 });
    apply(ensureSpend(lots, r.reverse, 2, { preferLotId: 'A' }));
    ledger.reversed += r.reverse;
    // expiry after both lots expired
    const e = planExpiry(lots, 30);
    apply(e.expires);
    ledger.expired += e.total;
    expect(availablePoints(lots, 30)).toBe(0);
    expect(
      checkBalanceInvariant(
        ledger,
        lots.reduce((a, l) => a + l.remaining, 0),
      ),
    ).toEqual({ ok: true });
  });
});

describe('earnRateText', () => {
  it('states the default rate', () => {
    expect(earnRateText(defaultSettings)).toBe('每消费 ¥1 得 1 分');
  });
  it('follows HQ’s setting', () => {
    expect(earnRateText(parseSettings({ points: { perYuan: 3 } }))).toBe('每消费 ¥1 得 3 分');
  });
});

describe('spendablePoints', () => {
  const lots = [
    { id: 'a', remaining: 100, expiresAt: 10 },
    { id: 'b', remaining: 50, expiresAt: 20 },
  ];
  it('is the usable lots when the balance agrees', () => {
    expect(spendablePoints(150, lots, 5)).toBe(150);
  });
  it('never exceeds the balance on the member document', () => {
    expect(spendablePoints(80, lots, 5)).toBe(80);
  });
  it('leaves out a lot past its expiry the timer has not processed yet', () => {
    expect(spendablePoints(150, lots, 11)).toBe(50);
  });
  it('is 0 for a member without lots', () => {
    expect(spendablePoints(0, [], 5)).toBe(0);
  });
});
