/** The coupons the chain itself gives, as templates built from settings: 新人礼 and the birthday coupon. */
import type { CouponTemplate } from './coupons';
import type { Settings } from './settings';

/**
 * The new-member gift (新人礼) from settings: ¥10 no-threshold, valid 30 days, all stores.
 * @example couponTitle(newMemberCouponTemplate(defaultSettings)) // '¥10 无门槛券'
 */
export function newMemberCouponTemplate(settings: Settings): CouponTemplate {
  const g = settings.newMemberGift;
  return {
    kind: 'amount',
    amountFen: g.amountFen,
    thresholdFen: 0,
    percent: null,
    capFen: null,
    storeIds: [],
    categories: [],
    validity: { type: 'relative', days: g.validDays },
  };
}

/**
 * The birthday coupon from settings: ¥20 no-threshold, valid 7 days, all stores.
 * @example couponTitle(birthdayCouponTemplate(defaultSettings)) // '¥20 无门槛券'
 */
export function birthdayCouponTemplate(settings: Settings): CouponTemplate {
  const b = settings.birthday;
  return {
    kind: 'amount',
    amountFen: b.couponAmountFen,
    thresholdFen: 0,
    percent: null,
    capFen: null,
    storeIds: [],
    categories: [],
    validity: { type: 'relative', days: b.couponValidDays },
  };
}
