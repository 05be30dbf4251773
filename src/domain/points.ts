/**
 * Points: earning, spending and expiring per earned lot, reversing on refunds.
 *
 * Every earning creates a LOT `{ id, remaining, expiresAt }` that expires at the end of
 * the calendar year after it was earned (Shanghai; `settings.points.expiryYearsAfter`).
 * A lot is usable while `now <= expiresAt`. Spending takes from the soonest-expiring
 * usable lots first, so expiry only ever removes what is left of a lot and a balance
 * never collapses (FloCafe #78). The member's balance is the sum of `remaining` over lots
 * not yet expired, and always equals `earned − spent − expired − reversed ≥ 0`.
 *
 * Refunds reverse points in proportion to the money refunded (floor, cumulative over all
 * refunds of the order, never more than was earned). If the member has already spent
 * those points, we reverse only what the balance covers and report the rest as
 * `unrecoverable`: the balance never goes negative and the shortfall is written off
 * (recorded for reports, not chased on later orders). This favours the member over a
 * debt that shows up as a negative balance on their card.
 *
 * `check*`/`plan*` return results; `ensure*` throws AppError.
 */
import { AppError, fail } from '../contracts/errors';
import { endOfShanghaiYear } from './calendar';
import type { Level } from './levels';
import type { Settings } from './settings';

export type EarnedPoints = {
  /** points for the whole yuan paid, before multipliers */
  base: number;
  /** whether the order reached the double-points threshold */
  doubled: boolean;
  /** level multiplier in percent (120 = ×1.2) */
  levelPercent: number;
  /** doubling × level, in percent (240 = ×2.4); for display */
  multiplierPercent: number;
  /** the same as a number (2.4); for display only, never for arithmetic */
  multiplierApplied: number;
  total: number;
};

const assertAmount = (n: number, what: string) => {
  if (!Number.isSafeInteger(n) || n < 0) fail('COMMON.INVALID_INPUT', undefined, { [what]: n });
};

/**
 * Points an order earns: 1 (`perYuan`) per whole yuan paid, × 2 when the paid amount
 * reaches the threshold, × the level multiplier, floored. Throws on non-integer fen.
 * @example computeEarnedPoints({ paidFen: 25_050, level: 'silver', settings: defaultSettings })
 * // { base: 250, doubled: true, levelPercent: 120, multiplierPercent: 240, multiplierApplied: 2.4, total: 600 }
 */
export function computeEarnedPoints(input: {
  paidFen: number;
  level: Level;
  settings: Settings;
}): EarnedPoints {
  const { paidFen, level, settings } = input;
  assertAmount(paidFen, 'paidFen');
  const p = settings.points;
  const base = Math.floor(paidFen / 100) * p.perYuan;
  const doubled = paidFen > 0 && paidFen >= p.doubleThresholdFen;
  const levelPercent = p.levelMultiplierPercent[level];
  const multiplierPercent = (doubled ? p.doubleMultiplier : 1) * levelPercent;
  const total = Math.floor((base * multiplierPercent) / 100);
  return {
    base,
    doubled,
    levelPercent,
    multiplierPercent,
    multiplierApplied: multiplierPercent / 100,
    total,
  };
}

/**
 * The base earning rate as pages state it, from the settings (never a literal).
 * @example earnRateText(defaultSettings) // '每消费 ¥1 得 1 分'
 */
export function earnRateText(settings: Settings): string {
  return `每消费 ¥1 得 ${settings.points.perYuan} 分`;
}

/**
 * When a lot earned at `earnedAt` expires: 23:59:59.999 Shanghai on 31 December of the
 * year after (by default).
 * @example lotExpiresAt(shanghaiTime(2026, 3, 5), defaultSettings) // shanghaiTime(2027, 12, 31, 23, 59, 59, 999)
 */
export function lotExpiresAt(earnedAt: number, settings: Settings): number {
  return endOfShanghaiYear(earnedAt, settings.points.expiryYearsAfter);
}

export type PointLot = { id: string; remaining: number; expiresAt: number };
export type LotTake = { lotId: string; points: number };
export type SpendPlan =
  | { ok: true; takes: LotTake[]; total: number }
  | { ok: false; code: 'POINTS.INSUFFICIENT'; available: number; shortfall: number };

/** @example isLotUsable({ id: 'a', remaining: 5, expiresAt: 100 }, 100) // true */
export function isLotUsable(lot: PointLot, now: number): boolean {
  return lot.remaining > 0 && now <= lot.expiresAt;
}

/**
 * Points that can be spent now: the sum of usable lots.
 * @example availablePoints([{ id: 'a', remaining: 5, expiresAt: 100 }], 101) // 0
 */
export function availablePoints(lots: readonly PointLot[], now: number): number {
  return lots.reduce((sum, lot) => (isLotUsable(lot, now) ? sum + lot.remaining : sum), 0);
}

/**
 * What a member can spend (or give back in a refund) now: the usable lots, never more than
 * the balance on the member document (they agree unless a debit is half-seen; the smaller
 * one is the safe one). The mall and refunds both decide on this.
 * @example spendablePoints(80, [{ id: 'a', remaining: 100, expiresAt: 10 }], 5) // 80
 */
export function spendablePoints(balance: number, lots: readonly PointLot[], now: number): number {
  return Math.min(balance, availablePoints(lots, now));
}

/**
 * Which lots to take `amount` points from: soonest-expiring usable lots first (ties by
 * id), or POINTS.INSUFFICIENT. `preferLotId` is taken first (a refund takes back the
 * order's own lot before others).
 * @example planSpend([{ id: 'b', remaining: 50, expiresAt: 2 }, { id: 'a', remaining: 50, expiresAt: 1 }], 60, 0)
 * // { ok: true, takes: [{ lotId: 'a', points: 50 }, { lotId: 'b', points: 10 }], total: 60 }
 */
export function planSpend(
  lots: readonly PointLot[],
  amount: number,
  now: number,
  options: { preferLotId?: string } = {},
): SpendPlan {
  if (!Number.isSafeInteger(amount) || amount <= 0)
    fail('COMMON.INVALID_INPUT', undefined, { amount });
  const usable = lots
    .filter((lot) => isLotUsable(lot, now))
    .sort(
      (a, b) =>
        Number(b.id === options.preferLotId) - Number(a.id === options.preferLotId) ||
        a.expiresAt - b.expiresAt ||
        (a.id < b.id ? -1 : a.id > b.id ? 1 : 0),
    );
  const available = usable.reduce((sum, lot) => sum + lot.remaining, 0);
  if (available < amount) {
    return { ok: false, code: 'POINTS.INSUFFICIENT', available, shortfall: amount - available };
  }
  const takes: LotTake[] = [];
  let left = amount;
  for (const lot of usable) {
    if (left === 0) break;
    const points = Math.min(left, lot.remaining);
    takes.push({ lotId: lot.id, points });
    left -= points;
  }
  return { ok: true, takes, total: amount };
}

/**
 * `planSpend` that throws AppError('POINTS.INSUFFICIENT') and returns the takes.
 * @example ensureSpend(lots, 100, now) // [{ lotId: 'a', points: 100 }]
 */
export function ensureSpend(
  lots: readonly PointLot[],
  amount: number,
  now: number,
  options: { preferLotId?: string } = {},
): LotTake[] {
  const plan = planSpend(lots, amount, now, options);
  if (!plan.ok)
    throw new AppError(plan.code, undefined, {
      available: plan.available,
      shortfall: plan.shortfall,
    });
  return plan.takes;
}

/**
 * What expires at `now`: the remaining points of every lot past its `expiresAt`.
 * @example planExpiry([{ id: 'a', remaining: 30, expiresAt: 10 }], 11) // { expires: [{ lotId: 'a', points: 30 }], total: 30 }
 */
export function planExpiry(
  lots: readonly PointLot[],
  now: number,
): { expires: LotTake[]; total: number } {
  const expires = lots
    .filter((lot) => lot.remaining > 0 && now > lot.expiresAt)
    .map((lot) => ({ lotId: lot.id, points: lot.remaining }));
  return { expires, total: expires.reduce((sum, t) => sum + t.points, 0) };
}

export type RefundReversal = {
  /** points that should be reversed for this refund */
  due: number;
  /** points to take from the balance now (≤ balance) */
  reverse: number;
  /** points already spent that cannot be taken back (written off) */
  unrecoverable: number;
  /** store on the order as its new `pointsReversed` (reversed + written off so far) */
  reversedTotal: number;
};

/**
 * Points to take back for a refund. `totalRefundedFen` is cumulative over all refunds of
 * the order INCLUDING this one; `alreadyReversed` is the order's `pointsReversed` so far
 * (reversed + written off). `balance` is the member's spendable balance now. Throws
 * ORDER.REFUND_EXCEEDS when more is refunded than paid.
 * @example planRefundReversal({ earnedPoints: 100, totalRefundedFen: 5_000, orderPaidFen: 10_000, alreadyReversed: 0, balance: 30 })
 * // { due: 50, reverse: 30, unrecoverable: 20, reversedTotal: 50 }
 */
export function planRefundReversal(input: {
  earnedPoints: number;
  totalRefundedFen: number;
  orderPaidFen: number;
  alreadyReversed: number;
  balance: number;
}): RefundReversal {
  const { earnedPoints, totalRefundedFen, orderPaidFen, alreadyReversed, balance } = input;
  for (const [k, v] of Object.entries(input)) assertAmount(v, k);
  if (totalRefundedFen > orderPaidFen) fail('ORDER.REFUND_EXCEEDS');
  const target =
    orderPaidFen === 0 ? 0 : Math.floor((earnedPoints * totalRefundedFen) / orderPaidFen);
  const due = Math.max(0, Math.min(earnedPoints, target) - alreadyReversed);
  const reverse = Math.min(due, balance);
  return { due, reverse, unrecoverable: due - reverse, reversedTotal: alreadyReversed + due };
}

export type PointsLedger = { earned: number; spent: number; expired: number; reversed: number };

/**
 * The balance a ledger implies: earned − spent − expired − reversed (reversed counts only
 * points actually taken back, not those written off).
 * @example ledgerBalance({ earned: 500, spent: 200, expired: 50, reversed: 30 }) // 220
 */
export function ledgerBalance(ledger: PointsLedger): number {
  return ledger.earned - ledger.spent - ledger.expired - ledger.reversed;
}

/**
 * Whether a stored balance agrees with its ledger and is not negative (for audits/tests).
 * @example checkBalanceInvariant({ earned: 10, spent: 0, expired: 0, reversed: 0 }, 10) // { ok: true }
 */
export function checkBalanceInvariant(
  ledger: PointsLedger,
  balance: number,
): { ok: true } | { ok: false; expected: number; actual: number } {
  const expected = ledgerBalance(ledger);
  return expected === balance && balance >= 0
    ? { ok: true }
    : { ok: false, expected, actual: balance };
}
