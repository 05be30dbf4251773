/**
 * Coupons the seeds write as if a function had issued them: the same document
 * `repos/coupons.ts` builds (`couponSpecOf` + `couponDocOf`: derived `_id`, title from the
 * terms, validity from the template), so a seeded coupon and an issued one cannot differ.
 */
import { couponValidity, type CouponTemplate } from '../../src/domain/coupons';
import {
  couponDocOf,
  couponSpecOf,
  type CouponDoc,
  type CouponSpec,
} from '../../cloudfunctions/_shared/repos/coupons';

export function seedCoupon(c: {
  memberId: string;
  templateId: string;
  template: CouponTemplate;
  code: string;
  issueKey: string;
  source: CouponSpec['source'];
  /** when it was issued: the start of its validity */
  at: number;
}): CouponDoc {
  return couponDocOf({
    memberId: c.memberId,
    code: c.code,
    issueKey: c.issueKey,
    now: c.at,
    spec: couponSpecOf(c.templateId, c.template, couponValidity(c.template, c.at), c.source),
  });
}
