/**
 * What a refund does, decided once (the staff refund function only reads and writes):
 * the amount (everything not yet refunded unless told; never more than paid in total),
 * whether it cancels the order, the points taken back and from which lots (planRefundReversal:
 * in proportion to the money, cumulative over the order's refunds; spent points written off,
 * never taken from the balance below zero), whether the coupon comes back (couponRestore.ts),
 * the refunded lines, the member's stats and level afterwards.
 *
 * Throws ORDER.ALREADY_REFUNDED (nothing left) and ORDER.REFUND_EXCEEDS (more than is left,
 * with `refundableFen`).
 */
import { AppError } from '../contracts/errors';
import {
  planCouponRestore,
  type CouponRestoreDecision,
  type RestoreCandidate,
} from './couponRestore';
import { planLevelChange, type Level, type LevelDecision } from './levels';
import {
  applyRefundToStats,
  emptyStats,
  type MemberStats,
  type OrderLine,
  type StatsRefund,
} from './memberStats';
import {
  ensureSpend,
  planRefundReversal,
  spendablePoints,
  type LotTake,
  type PointLot,
  type RefundReversal,
} from './points';
import { refundedLines } from './refundLines';
import type { Settings } from './settings';
import { rollingSpend } from './spendByMonth';

export type RefundableOrder = {
  _id: string;
  paidFen: number;
  refundedFen?: number;
  status: string;
  pointsEarned: number;
  pointsReversed?: number;
  lotId?: string | null;
  couponId?: string | null;
  createdAt: number;
  lines: OrderLine[];
};

export type RefundingMember = {
  points?: { balance: number };
  stats?: Partial<MemberStats>;
  level: Level;
};

export type RefundPlan = {
  amountFen: number;
  totalRefundedFen: number;
  cancelsOrder: boolean;
  status: 'refunded' | 'partially_refunded';
  reversal: RefundReversal;
  /** lots the reversed points come from: the order's own lot first, then the soonest-expiring */
  takes: LotTake[];
  coupon: CouponRestoreDecision;
  /** the refunded lines and the rest of what the stats need */
  statsRefund: StatsRefund;
  statsAfter: MemberStats;
  level: LevelDecision;
  /** the member's balance after the reversal */
  pointsBalance: number;
};

/**
 * @example planRefund({ order, member, lots, coupon: null, settings, now }) // a full refund
 * @example planRefund({ order, member, lots, coupon, amountFen: 3_000, settings, now }) // partial
 */
export function planRefund(input: {
  order: RefundableOrder;
  member: RefundingMember;
  /** the member's lots (usable ones count; order irrelevant) */
  lots: readonly PointLot[];
  /** the order's coupon as read now, null when it used none */
  coupon: RestoreCandidate | null;
  amountFen?: number;
  settings: Settings;
  now: number;
}): RefundPlan {
  const { order: o, member, lots, now } = input;
  if (o.status === 'refunded') throw new AppError('ORDER.ALREADY_REFUNDED');
  const refundedBefore = o.refundedFen ?? 0;
  const left = o.paidFen - refundedBefore;
  const amount = input.amountFen ?? left;
  if (amount > left) throw new AppError('ORDER.REFUND_EXCEEDS', undefined, { refundableFen: left });
  const total = refundedBefore + amount;
  const cancelsOrder = total === o.paidFen;
  const balance = member.points?.balance ?? 0;

  const reversal = planRefundReversal({
    earnedPoints: o.pointsEarned,
    totalRefundedFen: total,
    orderPaidFen: o.paidFen,
    alreadyReversed: o.pointsReversed ?? 0,
    balance: spendablePoints(balance, lots, now),
  });
  const takes =
    reversal.reverse > 0
      ? ensureSpend(lots, reversal.reverse, now, { preferLotId: o.lotId ?? undefined })
      : [];
  const statsRefund: StatsRefund = {
    refundFen: amount,
    at: now,
    orderCreatedAt: o.createdAt,
    orderUsedCoupon: Boolean(o.couponId),
    lines: refundedLines(o.lines, {
      paidFen: o.paidFen,
      refundedBeforeFen: refundedBefore,
      refundedAfterFen: total,
    }),
    cancelsOrder,
  };
  const statsAfter = applyRefundToStats({ ...emptyStats(), ...member.stats }, statsRefund);
  return {
    amountFen: amount,
    totalRefundedFen: total,
    cancelsOrder,
    status: cancelsOrder ? 'refunded' : 'partially_refunded',
    reversal,
    takes,
    coupon: planCouponRestore({ orderId: o._id, coupon: input.coupon, cancelsOrder, now }),
    statsRefund,
    statsAfter,
    level: planLevelChange(
      member.level,
      rollingSpend(statsAfter.spendByMonth, now),
      input.settings,
    ),
    pointsBalance: balance - reversal.reverse,
  };
}

/** The member's level once the plan is applied. */
export const levelAfterRefund = (plan: RefundPlan, before: Level): Level =>
  plan.level.kind === 'levelChanged' ? plan.level.to : before;
