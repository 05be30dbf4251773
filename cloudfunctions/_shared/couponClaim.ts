/**
 * The purchase's hold on a coupon (step 1 of recordOrder.ts): claimed for an order id
 * before the order is written, with a lease (`claimedAt`) that a retry renews and that the
 * reconciliation judges; released when the order was never written or another attempt won.
 * Every write is conditional, so of any number of concurrent claims exactly one wins, and of
 * a retry and the reconciliation only one.
 */
import { AppError } from '@/contracts/errors';
import type { Ctx } from './runtime';
import { getById } from './db';
import type { CouponDoc } from './repos/coupons';
import { claimNeedsRenewal } from './recoveryPlan';

export const couponFailure = (coupon: CouponDoc | null): AppError =>
  !coupon
    ? new AppError('COUPON.NOT_FOUND')
    : coupon.status === 'used'
      ? new AppError('COUPON.ALREADY_USED')
      : coupon.status === 'expired'
        ? new AppError('COUPON.EXPIRED')
        : new AppError('COMMON.CONFLICT');

export async function releaseCoupon(ctx: Ctx, couponId: string, orderId: string): Promise<void> {
  await ctx.db
    .collection('coupons')
    .where({ _id: couponId, orderId, status: 'used' })
    .update({ data: { status: 'unused', orderId: null, usedAt: null, claimedAt: null } });
}

/** A coupon as the claim leaves it: `claimedAt` is the claim's lease (renewed by retries). */
type ClaimedCoupon = CouponDoc & { claimedAt?: number | null };

/** The claim's lease as a filter (coupons claimed before leases existed: their use time). */
const leaseOf = (c: Pick<ClaimedCoupon, 'claimedAt' | 'usedAt'>) =>
  c.claimedAt != null ? { claimedAt: c.claimedAt } : { usedAt: c.usedAt };

/**
 * Claim the coupon for `orderId` before the order is written; answers whether THIS attempt
 * claimed it (false: it was already claimed for this order by an earlier or concurrent
 * attempt of the receipt, whose lease is now renewed). COUPON.* when someone else has it.
 */
export async function claimCoupon(
  ctx: Ctx,
  coupon: ClaimedCoupon,
  memberId: string,
  orderId: string,
): Promise<boolean> {
  const coupons = ctx.db.collection('coupons');
  let current: ClaimedCoupon | null = coupon;
  for (let attempt = 0; attempt < 3 && current; attempt++) {
    if (current.status === 'used' && current.orderId === orderId) {
      if (!claimNeedsRenewal(current, ctx.now)) return false; // taken or renewed moments ago
      const res = await coupons
        .where({ _id: coupon._id, status: 'used', orderId, ...leaseOf(current) })
        .update({ data: { claimedAt: ctx.now } });
      if (res.stats.updated === 1) return false;
    } else if (current.status === 'unused') {
      const res = await coupons
        .where({ _id: coupon._id, memberId, status: 'unused' })
        .update({ data: { status: 'used', orderId, usedAt: ctx.now, claimedAt: ctx.now } });
      if (res.stats.updated === 1) return true;
    } else throw couponFailure(current);
    current = await getById<ClaimedCoupon>(ctx.db, 'coupons', coupon._id);
  }
  throw couponFailure(current);
}

/**
 * The reconciliation's undo of an abandoned claim: the coupon is unused again, provided the
 * claim still holds the lease that was judged abandoned (a retry renews it). True if released.
 */
export async function releaseAbandonedClaim(
  ctx: Ctx,
  coupon: Pick<ClaimedCoupon, '_id' | 'orderId' | 'claimedAt' | 'usedAt'>,
): Promise<boolean> {
  const res = await ctx.db
    .collection('coupons')
    .where({ _id: coupon._id, status: 'used', orderId: coupon.orderId, ...leaseOf(coupon) })
    .update({ data: { status: 'unused', orderId: null, usedAt: null, claimedAt: null } });
  return res.stats.updated === 1;
}
