import { describe, expect, it } from '@jest/globals';
import { planCouponRestore } from './couponRestore';

const used = { _id: 'c1', status: 'used' as const, orderId: 'S001.R1', validUntil: 200 };
const plan = (over: Partial<Parameters<typeof planCouponRestore>[0]> = {}) =>
  planCouponRestore({ orderId: 'S001.R1', coupon: used, cancelsOrder: true, now: 100, ...over });

describe('planCouponRestore', () => {
  it('gives the coupon back when the refund cancels the whole order', () => {
    expect(plan()).toEqual({ kind: 'restoreCoupon', couponId: 'c1' });
  });
  it('gives it back at the last instant of its validity (inclusive)', () => {
    expect(plan({ now: 200 })).toEqual({ kind: 'restoreCoupon', couponId: 'c1' });
  });
  it('keeps it used one millisecond after its validity', () => {
    expect(plan({ now: 201 })).toEqual({ kind: 'keepUsed', reason: 'expired' });
  });
  it('keeps it used after a partial refund', () => {
    expect(plan({ cancelsOrder: false })).toEqual({ kind: 'keepUsed', reason: 'partialRefund' });
  });
  it('has nothing to do for an order without a coupon', () => {
    expect(plan({ coupon: null })).toEqual({ kind: 'keepUsed', reason: 'noCoupon' });
  });
  it('leaves a coupon alone that this order no longer holds', () => {
    expect(plan({ coupon: { ...used, orderId: 'S001.R2' } })).toEqual({
      kind: 'keepUsed',
      reason: 'notUsedByOrder',
    });
    expect(plan({ coupon: { ...used, status: 'unused' } })).toEqual({
      kind: 'keepUsed',
      reason: 'notUsedByOrder',
    });
  });
});
