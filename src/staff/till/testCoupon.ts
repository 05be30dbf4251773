/**
 * A coupon view for the till's tests: the demo seed's ¥10 会员日 coupon (scripts/seed), shown
 * as the till shows it (`couponView`), valid 1000–2000 and looked at in between.
 */
import type { CouponView } from '@/contracts/member';
import { couponView } from '../../../cloudfunctions/_shared/repos/coupons';
import { seedCoupon } from '../../../scripts/seed/coupons';
import { catalogueTemplate } from '../../../scripts/seed/loyaltyCatalogue';

const seeded = seedCoupon({
  memberId: 'm1',
  templateId: 'campaign-10',
  template: {
    ...catalogueTemplate('campaign-10'),
    validity: { type: 'fixed', from: 1_000, until: 2_000 },
  },
  code: 'ABCDEF123456',
  issueKey: 'campaign:demo-10:m1',
  source: 'signup',
  at: 1_000,
});

export const coupon = (over: Partial<CouponView> = {}): CouponView => ({
  ...couponView(seeded, 1_500),
  id: 'c1',
  ...over,
});
