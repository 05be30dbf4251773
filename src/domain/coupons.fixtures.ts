/** Coupons for the coupon tests (coupons, couponText, couponWallet): one threshold coupon of November 2026 and its variants. */
import { shanghaiTime } from './calendar';
import type { IssuedCoupon } from './coupons';

export const now = shanghaiTime(2026, 11, 15, 12);
export const coupon = (over: Partial<IssuedCoupon> = {}): IssuedCoupon => ({
  kind: 'threshold',
  amountFen: 3_000,
  thresholdFen: 20_000,
  percent: null,
  capFen: null,
  storeIds: [],
  categories: [],
  status: 'unused',
  validFrom: shanghaiTime(2026, 11, 1),
  validUntil: shanghaiTime(2026, 11, 30, 23, 59, 59, 999),
  usedAt: null,
  ...over,
});
export const amount = (amountFen: number): Partial<IssuedCoupon> => ({
  kind: 'amount',
  amountFen,
  thresholdFen: 0,
});
export const percent = (
  p: number,
  capFen: number | null = null,
  thresholdFen = 0,
): Partial<IssuedCoupon> => ({
  kind: 'percent',
  amountFen: 0,
  percent: p,
  capFen,
  thresholdFen,
});
export const ctx = (lines: { category: string; amountFen: number }[], storeId = 'S001') => ({
  now,
  storeId,
  lines,
});
export const clean = [{ category: '家居清洁', amountFen: 25_000 }];
