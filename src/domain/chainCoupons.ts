/** The coupons the chain itself gives, as templates built from settings: 新人礼 and the birthday coupon. */
import type { CouponTemplate } from './coupons';
import type { Settings } from './settings';

/**
 * The new-member gift (新人礼) from settings: ¥10 no-threshold, valid 30 days, all stores.
 * @example couponTitle(newMemberCouponTemplate(defaultSettings)) // '¥10 无门槛券'
 */
export function newMemberCouponTemplate(settings: Settings): CouponTemplate {
  return amountOffTemplate(settings.newMemberGift.amountFen, settings.newMemberGift.validDays);
}

/**
 * The birthday coupon from settings: ¥20 no-threshold, valid 7 days, all stores.
 * @example couponTitle(birthdayCouponTemplate(defaultSettings)) // '¥20 无门槛券'
 */
export function birthdayCouponTemplate(settings: Settings): CouponTemplate {
  return amountOffTemplate(settings.birthday.couponAmountFen, settings.birthday.couponValidDays);
}

/**
 * A no-threshold amount-off coupon for every store and category, valid `days` from its issue.
 * @example couponTitle(amountOffTemplate(1_000, 30)) // '¥10 无门槛券'
 */
export function amountOffTemplate(amountFen: number, days: number): CouponTemplate {
  return {
    kind: 'amount',
    amountFen,
    thresholdFen: 0,
    percent: null,
    capFen: null,
    storeIds: [],
    categories: [],
    validity: { type: 'relative', days },
  };
}
