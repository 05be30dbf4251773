/** A coupon view for the till's tests (a ¥10 no-threshold coupon unless told otherwise). */
import type { CouponView } from '@/contracts/member';

export const coupon = (over: Partial<CouponView> = {}): CouponView => ({
  id: 'c1',
  code: 'ABCDEF123456',
  title: '¥10 无门槛券',
  kind: 'amount',
  amountFen: 1_000,
  thresholdFen: 0,
  percent: null,
  capFen: null,
  storeIds: [],
  categories: [],
  conditions: ['无门槛'],
  status: 'unused',
  validFrom: 1_000,
  validUntil: 2_000,
  usedAt: null,
  source: 'signup',
  ...over,
});
