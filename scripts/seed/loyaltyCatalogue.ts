/**
 * The demo chain's loyalty catalogue (added to the demo seed): coupon templates, points-mall
 * rewards (the ¥20 coupon template `mall-20` is the one the seeded members already redeemed
 * for 300 points), one unused clerk invite per store plus an HQ-issued manager invite (so
 * binding can be tried from the console), and a ¥10 会员日 coupon for each demo persona so
 * the till's "¥258 with a ¥10 coupon" flow always has a coupon to use.
 */
import type { CouponTemplate } from '../../src/domain/coupons';
import { amountOffTemplate } from '../../src/domain/chainCoupons';
import { seedCoupon } from './coupons';

type Doc = Record<string, unknown>;
const DAY = 86_400_000;

type CatalogueTemplate = CouponTemplate & { _id: string; name: string };
const TEMPLATES: CatalogueTemplate[] = [
  {
    _id: 'mall-20',
    name: '积分兑换 满100减20',
    kind: 'threshold',
    amountFen: 2_000,
    thresholdFen: 10_000,
    percent: null,
    capFen: null,
    storeIds: [],
    categories: [],
    validity: { type: 'relative', days: 90 },
  },
  { _id: 'mall-10', name: '积分兑换 ¥10 无门槛', ...amountOffTemplate(1_000, 30) },
  {
    _id: 'mall-care-85',
    name: '个人护理 85 折',
    kind: 'percent',
    amountFen: 0,
    thresholdFen: 0,
    percent: 85,
    capFen: 5_000,
    storeIds: [],
    categories: ['个人护理'],
    validity: { type: 'relative', days: 30 },
  },
  { _id: 'campaign-10', name: '会员日 ¥10 无门槛', ...amountOffTemplate(1_000, 30) },
  // the automations' coupons (domain/automations/definitions.ts names them)
  { _id: 'auto-recall', name: '好久不见 ¥5 无门槛', ...amountOffTemplate(500, 14) },
  { _id: 'auto-first-order', name: '新人首单 ¥10 无门槛', ...amountOffTemplate(1_000, 7) },
  {
    _id: 'auto-old-friend',
    name: '老朋友专享 满100减30',
    ...amountOffTemplate(3_000, 30),
    kind: 'threshold',
    thresholdFen: 10_000,
  },
  {
    _id: 'auto-wake-up',
    name: '回归礼 满100减50',
    ...amountOffTemplate(5_000, 14),
    kind: 'threshold',
    thresholdFen: 10_000,
  },
  { _id: 'auto-member-day', name: '会员日 ¥10 无门槛', ...amountOffTemplate(1_000, 3) },
];

/** A template of the demo catalogue by id (tests use them as the seeds write them). */
export function catalogueTemplate(id: string): CatalogueTemplate {
  const t = TEMPLATES.find((x) => x._id === id);
  if (!t) throw new Error(`no catalogue template ${id}`);
  return t;
}

export function loyaltyCatalogue(
  now: number,
  opts: { storeIds: string[]; personaMemberIds: string[] },
): Record<string, Doc[]> {
  const couponTemplates = TEMPLATES.map((t) => ({ ...t, createdAt: now - 60 * DAY }));
  const reward = (r: Doc) => ({
    description: '',
    stock: null,
    couponTemplateId: null,
    perMemberLimit: null,
    active: true,
    redeemedCount: 0,
    holds: [],
    createdAt: now - 60 * DAY,
    ...r,
  });
  const rewards = [
    reward({
      _id: 'rw-coupon-20',
      title: '满100减20 券',
      description: '全场满 ¥100 可用，90 天有效',
      kind: 'coupon',
      pointsCost: 300,
      couponTemplateId: 'mall-20',
      sort: 1,
    }),
    reward({
      _id: 'rw-coupon-10',
      title: '¥10 无门槛券',
      description: '全场通用，30 天有效，每人限兑 2 张',
      kind: 'coupon',
      pointsCost: 200,
      stock: 500,
      couponTemplateId: 'mall-10',
      perMemberLimit: 2,
      sort: 2,
    }),
    reward({
      _id: 'rw-care-85',
      title: '个人护理 85 折券',
      description: '个人护理品类，最高减 ¥50',
      kind: 'coupon',
      pointsCost: 150,
      couponTemplateId: 'mall-care-85',
      sort: 3,
    }),
    reward({
      _id: 'rw-gift-bag',
      title: '环保购物袋',
      description: '到店领取，每人限兑 1 个',
      kind: 'gift',
      pointsCost: 500,
      stock: 50,
      perMemberLimit: 1,
      sort: 4,
    }),
    reward({
      _id: 'rw-gift-candle',
      title: '冬季香氛蜡烛',
      description: '季节限定礼品，到店领取',
      kind: 'gift',
      pointsCost: 1_200,
      stock: 10,
      perMemberLimit: 1,
      sort: 5,
    }),
  ];
  const invite = (
    code: string,
    role: string,
    storeId: string | null,
    staffId: string,
    name: string,
    createdBy: string,
  ) => ({
    _id: code,
    role,
    storeId,
    name,
    staffId,
    createdBy,
    createdAt: now - DAY,
    expiresAt: now + 365 * DAY,
    usedAt: null,
    usedBy: null,
  });
  // each invite names the person it is for: binding greets them by that name
  const inviteeNames = ['周晓雯', '吴磊', '郑佳怡', '冯敏', '何俊'];
  const staffInvites = [
    ...opts.storeIds.map((s, i) =>
      invite(
        `JOIN${s}`,
        'clerk',
        s,
        `C${s.slice(1)}9`,
        inviteeNames[i % inviteeNames.length],
        `M${s.slice(1)}`,
      ),
    ),
    invite('JOINMGR1', 'manager', opts.storeIds[0], 'M9001', '孙立新', 'HQ01'),
  ];
  const coupons = opts.personaMemberIds.map((memberId, i) =>
    seedCoupon({
      memberId,
      templateId: 'campaign-10',
      template: catalogueTemplate('campaign-10'),
      code: `DEMO10${String(i + 1).padStart(4, '0')}`,
      issueKey: `campaign:demo-10:${memberId}`,
      source: 'campaign',
      at: now,
    }),
  );
  return { couponTemplates, rewards, staffInvites, coupons };
}
