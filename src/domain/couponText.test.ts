import { describe, expect, it } from '@jest/globals';
import type { IssuedCoupon } from './coupons';
import { couponConditions, couponTitle } from './couponText';
import { amount, coupon, percent } from './coupons.fixtures';

describe('couponTitle and couponConditions', () => {
  const t = (over: Partial<IssuedCoupon>) => couponTitle(coupon(over));

  it('names the three kinds in Chinese', () => {
    expect(t(amount(1_000))).toBe('¥10 无门槛券');
    expect(t({})).toBe('满200减30');
    expect(t(percent(90))).toBe('9折券');
  });

  it('writes 8.5折 and cents in amounts', () => {
    expect(t(percent(85))).toBe('8.5折券');
    expect(t(amount(1_050))).toBe('¥10.50 无门槛券');
    expect(t({ thresholdFen: 19_900, amountFen: 2_050 })).toBe('满199减20.50');
  });

  it('mentions a percent coupon’s threshold', () => {
    expect(t(percent(90, null, 30_000))).toBe('满300享9折');
  });

  it('lists conditions', () => {
    expect(
      couponConditions(coupon({ ...percent(85, 5_000), categories: ['家居清洁', '个人护理'] })),
    ).toEqual(['无门槛', '最高减¥50', '限家居清洁、个人护理']);
    expect(couponConditions(coupon({ storeIds: ['S001'] }))).toEqual(['满¥200可用', '限指定门店']);
  });
});
