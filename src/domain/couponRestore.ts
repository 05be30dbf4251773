/**
 * Whether a refund gives the order's coupon back (litemall PR 397), decided once here.
 *
 * Only a refund that cancels the whole order gives it back; after a partial refund the
 * order still stands and the coupon stays used by it. And only while the coupon is still
 * valid: a coupon given back after its end could never be used again, yet the till would
 * tell the shopper 「优惠券已退回」. So an expired one stays used (reason `expired`), which
 * also records what happened: it was used on that order. The coupon must still be the one
 * this order used (`status: 'used'`, `orderId`), or nothing is changed.
 */
export type CouponRestoreDecision =
  | { kind: 'restoreCoupon'; couponId: string }
  | { kind: 'keepUsed'; reason: 'noCoupon' | 'partialRefund' | 'expired' | 'notUsedByOrder' };

export type RestoreCandidate = {
  _id: string;
  status: 'unused' | 'used' | 'expired';
  orderId: string | null;
  validUntil: number;
};

/**
 * @example planCouponRestore({ orderId: 'S001.R1', coupon: { _id: 'c1', status: 'used', orderId: 'S001.R1', validUntil: 200 }, cancelsOrder: true, now: 100 })
 * // { kind: 'restoreCoupon', couponId: 'c1' }
 */
export function planCouponRestore(input: {
  orderId: string;
  /** the order's coupon as read now; null when the order used none */
  coupon: RestoreCandidate | null;
  cancelsOrder: boolean;
  now: number;
}): CouponRestoreDecision {
  const { coupon } = input;
  if (!coupon) return { kind: 'keepUsed', reason: 'noCoupon' };
  if (!input.cancelsOrder) return { kind: 'keepUsed', reason: 'partialRefund' };
  if (coupon.status !== 'used' || coupon.orderId !== input.orderId)
    return { kind: 'keepUsed', reason: 'notUsedByOrder' };
  if (input.now > coupon.validUntil) return { kind: 'keepUsed', reason: 'expired' };
  return { kind: 'restoreCoupon', couponId: coupon._id };
}
