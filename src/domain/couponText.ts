/** A coupon in words: its short Chinese title and its conditions of use, for cards and tills. */
import { fenToYuanText, formatFen } from './money';
import type { CouponScope, CouponTerms } from './coupons';

const zhe = (percent: number): string => String(percent / 10);

/**
 * The short Chinese title of a coupon.
 * @example couponTitle({ kind: 'threshold', thresholdFen: 20_000, amountFen: 3_000, percent: null }) // '满200减30'
 */
export function couponTitle(terms: CouponTerms): string {
  switch (terms.kind) {
    case 'amount':
      return `${formatFen(terms.amountFen)} 无门槛券`;
    case 'threshold':
      return `满${fenToYuanText(terms.thresholdFen)}减${fenToYuanText(terms.amountFen)}`;
    case 'percent':
      return terms.thresholdFen > 0
        ? `满${fenToYuanText(terms.thresholdFen)}享${zhe(terms.percent ?? 100)}折`
        : `${zhe(terms.percent ?? 100)}折券`;
  }
}

/**
 * The conditions of use, one short Chinese phrase each, for the coupon card.
 * @example couponConditions({ kind: 'percent', amountFen: 0, thresholdFen: 0, percent: 85, capFen: 5000, storeIds: [], categories: ['家居清洁'] })
 * // ['无门槛', '最高减¥50', '限家居清洁']
 */
export function couponConditions(coupon: CouponTerms & CouponScope): string[] {
  const out = [coupon.thresholdFen > 0 ? `满${formatFen(coupon.thresholdFen)}可用` : '无门槛'];
  if (coupon.kind === 'percent' && coupon.capFen != null)
    out.push(`最高减${formatFen(coupon.capFen)}`);
  if (coupon.storeIds.length > 0) out.push('限指定门店');
  if (coupon.categories.length > 0) out.push(`限${coupon.categories.join('、')}`);
  return out;
}
