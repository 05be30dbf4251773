/**
 * The coupons the chain gives (new-member gift, birthday coupon) as `issueCoupon` specs,
 * built from settings by the domain templates, so the wallet, the card and the timer
 * agree on amounts, titles and validity.
 */
import type { Settings } from '@/domain/settings';
import { couponValidity } from '@/domain/coupons';
import { birthdayCouponTemplate, newMemberCouponTemplate } from '@/domain/chainCoupons';
import { endOfShanghaiDay } from '@/domain/calendar';
import { couponSpecOf, type CouponSpec } from './repos/coupons';

/** 新人礼: settings.newMemberGift, valid `validDays` Shanghai days counting the day of signup. */
export function newMemberCouponSpec(settings: Settings, now: number): CouponSpec {
  const t = newMemberCouponTemplate(settings);
  return couponSpecOf('newMember', t, couponValidity(t, now), 'signup');
}

/**
 * The birthday coupon, issued `greetDaysBefore` days ahead: valid from issue for
 * `couponValidDays` days, and always at least through the end of the birthday itself
 * (`celebrationDay`: any instant of the Shanghai day it is celebrated).
 */
export function birthdayCouponSpec(
  settings: Settings,
  now: number,
  celebrationDay: number,
): CouponSpec {
  const t = birthdayCouponTemplate(settings);
  const v = couponValidity(t, now);
  return couponSpecOf(
    'birthday',
    t,
    {
      validFrom: v.validFrom,
      validUntil: Math.max(v.validUntil, endOfShanghaiDay(celebrationDay)),
    },
    'birthday',
  );
}
