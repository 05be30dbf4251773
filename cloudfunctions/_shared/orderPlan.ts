/**
 * Deciding a purchase, with no IO: from the member, the coupon, the clerk and the settings
 * as read, the order document to insert. Everything its effects need is decided here and
 * stored on the order, so a retry can finish a crashed attempt from the document alone:
 * - discount: domain checkCouponUsable (throws the coupon's AppError when it cannot be used;
 *   a coupon already marked used by THIS order — a retry — is checked as of its use);
 * - points: domain computeEarnedPoints on what was paid, the lot's expiry lotExpiresAt;
 * - level: domain planLevelChange on the rolling spend after the order; only upgrades
 *   happen at the till (downgrades are the daily timer's);
 * - clerk: domain/ownershipTerm.ts planOwnerOnPurchase — a first purchase gives the member
 *   to the clerk for good; a purchase in another store moves them to the serving clerk for
 *   30 days (the previous clerk is remembered, to be told), made permanent by another
 *   purchase there within the term, reverted otherwise. The plan and the owner it was made
 *   from (`ownerPlan.from`, `ownerPlan.rev`) are stored on the order (ownership.ts applies it).
 */
import { AppError } from '@/contracts/errors';
import { checkCouponUsable } from '@/domain/coupons';
import { planLevelChange, type LevelDecision } from '@/domain/levels';
import { applyOrderToStats, emptyStats } from '@/domain/memberStats';
import { computeEarnedPoints, lotExpiresAt } from '@/domain/points';
import type { Settings } from '@/domain/settings';
import { rollingSpend } from '@/domain/spendByMonth';
import { ownerBeforePurchase, planOwnerOnPurchase } from '@/domain/ownershipTerm';
import { orderReportFacts } from '@/domain/reports/rollup';
import type { CouponDoc } from './repos/coupons';
import type { MemberDoc } from './repos/members';
import {
  orderIdFor,
  orderOpKey,
  type OrderDoc,
  type OrderLineDoc,
  type OrderOwnerPlan,
} from './repos/orders';
import { lotIdFor } from './repos/points';
import type { StaffDoc } from './repos/staff';

export type OrderPlanInput = {
  now: number;
  storeId: string;
  receiptNo: string;
  lines: OrderLineDoc[];
  source: OrderDoc['source'];
  member: MemberDoc;
  /** the member's coupon to redeem (ownership already checked), or null */
  coupon: CouponDoc | null;
  /** who served: the till's caller, or the clerk a till system named */
  clerk: StaffDoc | null;
  settings: Settings;
};

export type OrderPlan = {
  order: OrderDoc;
  /** the coupon is already marked used by this very order (a retry of the receipt) */
  couponIsOurs: boolean;
  levelChange: Extract<LevelDecision, { kind: 'levelChanged' }> | null;
};

/**
 * @example planOrder({ now, storeId: 'S001', receiptNo: 'R1', lines: [{ category: '家居清洁', name: null, quantity: 1, amountFen: 25_800 }], source: 'till', member, coupon: tenYuan, clerk, settings: defaultSettings }).order
 * // { _id: 'S001.R1', amountFen: 25800, discountFen: 1000, paidFen: 24800, pointsEarned: 496, doubled: true, … }
 */
export function planOrder(i: OrderPlanInput): OrderPlan {
  const { now, storeId, member, coupon, clerk, settings } = i;
  const orderId = orderIdFor(storeId, i.receiptNo);
  const amountFen = i.lines.reduce((sum, l) => sum + l.amountFen, 0);
  let discountFen = 0;
  const couponIsOurs = coupon !== null && coupon.status === 'used' && coupon.orderId === orderId;
  if (coupon) {
    const check = checkCouponUsable(couponIsOurs ? { ...coupon, status: 'unused' } : coupon, {
      now: couponIsOurs ? (coupon.usedAt ?? now) : now,
      storeId,
      lines: i.lines,
    });
    if (!check.ok)
      throw new AppError(
        check.code,
        undefined,
        check.missingFen ? { missingFen: check.missingFen } : undefined,
      );
    discountFen = check.discountFen;
  }
  const paidFen = amountFen - discountFen;
  const earned = computeEarnedPoints({ paidFen, level: member.level, settings });
  const after = applyOrderToStats(
    { ...emptyStats(), ...member.stats },
    { paidFen, createdAt: now, storeId, usedCoupon: coupon !== null, lines: i.lines },
  );
  const decision = planLevelChange(member.level, rollingSpend(after.spendByMonth, now), settings);
  const levelChange =
    decision.kind === 'levelChanged' && decision.direction === 'up' ? decision : null;
  const ownerPlan = planOwnerOnPurchase(member, {
    clerkId: clerk?._id ?? null,
    storeId,
    at: now,
  });
  const opKey = orderOpKey(orderId);
  const ownerFrom = { clerkId: member.clerkId, storeId: member.homeStoreId };
  // 业绩 credits who had the customer when they came in (domain/storeFigures.ts)
  const creditClerkId = ownerPlan
    ? ownerBeforePurchase({ ...ownerPlan, from: ownerFrom }, now).clerkId
    : member.clerkId;
  return {
    couponIsOurs,
    levelChange,
    order: {
      _id: orderId,
      storeId,
      receiptNo: i.receiptNo,
      memberId: member._id,
      clerkId: clerk?._id ?? null,
      lines: i.lines,
      amountFen,
      discountFen,
      paidFen,
      couponId: coupon?._id ?? null,
      pointsEarned: earned.total,
      status: 'completed',
      refundedFen: 0,
      source: i.source,
      createdAt: now,
      opKey,
      lotId: earned.total > 0 ? lotIdFor(opKey) : null,
      pointsExpireAt: lotExpiresAt(now, settings),
      doubled: earned.doubled,
      levelBefore: member.level,
      levelAfter: levelChange ? levelChange.to : member.level,
      levelChange,
      pointsBalanceAfter: (member.points?.balance ?? 0) + earned.total,
      ...orderOwnerFields(
        ownerPlan && {
          ...ownerPlan,
          from: ownerFrom,
          rev: member.ownerRev ?? null,
        },
      ),
      pointsReversed: 0,
      pointsUnrecoverable: 0,
      refundIds: [],
      report: orderReportFacts(member.stats?.firstOrderAt, now, creditClerkId),
    },
  };
}

/** The order's owner fields from its plan (also when ownership.ts re-plans a lost race). */
export function orderOwnerFields(
  plan: OrderOwnerPlan | null,
): Pick<OrderDoc, 'ownerPlan' | 'reassign' | 'previousClerkId' | 'previousHomeStoreId'> {
  return {
    ownerPlan: plan,
    reassign: plan ? { clerkId: plan.owner.clerkId, homeStoreId: plan.owner.storeId } : null,
    previousClerkId: plan?.tell?.clerkId ?? null,
    previousHomeStoreId: plan?.tell ? plan.tell.storeId : null,
  };
}
