/**
 * Coupons: what a template promises, when an issued coupon is valid, whether it can be
 * used on an order and for how much, and how the wallet is ordered.
 *
 * Kinds: `amount` (无门槛, fen off), `threshold` (满减: thresholdFen then amountFen off),
 * `percent` (打折: `percent` payable, 90 = 9折, optional `capFen` and `thresholdFen`).
 * Scope: `storeIds` and `categories`, empty = all. Threshold and discount are computed on
 * the APPLICABLE lines only, and a discount never exceeds them (so never the order).
 * Percent discounts are floored to the fen (the store keeps the odd fen).
 *
 * Validity is inclusive, `validFrom ≤ now ≤ validUntil`:
 * - `{ type: 'fixed', from, until }`: exactly that window;
 * - `{ type: 'relative', days }`: from the moment of issue to the end (23:59:59.999
 *   Shanghai) of the Nth Shanghai day counting the day of issue as day 1 — a 7-day coupon
 *   issued Monday 21:00 is valid to Sunday night.
 *
 * Elsewhere: titles and conditions (couponText.ts), the wallet (couponWallet.ts), the
 * chain's own coupons (chainCoupons.ts), restoring after a refund (couponRestore.ts).
 */
import { z } from 'zod';
import { addShanghaiDays, endOfShanghaiDay } from './calendar';
import { couponTitle } from './couponText';

const fen = z.int().min(0).max(100_000_000);

export const COUPON_KINDS = ['amount', 'threshold', 'percent'] as const;
export type CouponKind = (typeof COUPON_KINDS)[number];

/**
 * What a coupon gives, flat like `CouponView`. Coherence by kind is checked:
 * amount: amountFen ≥ 1, thresholdFen 0, percent null; threshold: 1 ≤ amountFen ≤
 * thresholdFen, percent null; percent: percent 1–99, amountFen 0.
 */
export const couponTermsSchema = z
  .object({
    kind: z.enum(COUPON_KINDS),
    amountFen: fen.default(0),
    thresholdFen: fen.default(0),
    percent: z.int().min(1).max(99).nullable().default(null),
    capFen: fen.min(1).nullable().default(null),
  })
  .check((ctx) => {
    const t = ctx.value;
    const bad = (path: string, message: string) =>
      ctx.issues.push({ code: 'custom', path: [path], message, input: t });
    if (t.kind !== 'percent' && t.amountFen < 1) bad('amountFen', '优惠金额必须大于 0');
    if (t.kind !== 'percent' && t.percent !== null) bad('percent', '只有折扣券可以设置折扣');
    if (t.kind !== 'percent' && t.capFen !== null) bad('capFen', '只有折扣券可以设置最高优惠');
    if (t.kind === 'amount' && t.thresholdFen !== 0) bad('thresholdFen', '无门槛券不能设置门槛');
    if (t.kind === 'threshold' && t.amountFen > t.thresholdFen)
      bad('amountFen', '满减金额不能高于门槛');
    if (t.kind === 'percent' && t.percent === null) bad('percent', '请设置折扣');
    if (t.kind === 'percent' && t.amountFen !== 0) bad('amountFen', '折扣券不能设置减免金额');
  });

export const couponValiditySchema = z.discriminatedUnion('type', [
  z
    .object({ type: z.literal('fixed'), from: z.int().min(0), until: z.int().min(0) })
    .refine((v) => v.until >= v.from, { message: '结束时间不能早于开始时间', path: ['until'] }),
  z.object({ type: z.literal('relative'), days: z.int().min(1).max(3650) }),
]);

export const couponScopeSchema = z.object({
  storeIds: z.array(z.string().min(1)).default([]),
  categories: z.array(z.string().min(1)).default([]),
});

/**
 * How many coupons of a template may be issued: `perMemberLimit` per member (≥ 1) and
 * `stock` in total (units left, ≥ 0); null = unlimited. Enforced where coupons are issued
 * (`repos/coupons.ts issueFromTemplate`), not here.
 */
export const couponIssueLimitsSchema = z.object({
  perMemberLimit: z.int().min(1).max(1000).nullable().default(null),
  stock: z.int().min(0).max(100_000_000).nullable().default(null),
});

/** A template as HQ defines it: terms, scope, validity rule and issue limits. */
export const couponTemplateSchema = z.intersection(
  couponTermsSchema,
  couponScopeSchema
    .extend({ validity: couponValiditySchema })
    .extend(couponIssueLimitsSchema.shape),
);

export type CouponTerms = {
  kind: CouponKind;
  /** fen off (amount, threshold); 0 for percent */
  amountFen: number;
  /** minimum applicable amount in fen, 0 = none */
  thresholdFen: number;
  /** percent payable for percent coupons (90 = 9折), else null */
  percent: number | null;
  /** largest discount of a percent coupon in fen; null/absent = no cap */
  capFen?: number | null;
};
export type CouponValidityRule = z.output<typeof couponValiditySchema>;
export type CouponScope = { storeIds: string[]; categories: string[] };
export type CouponIssueLimits = {
  /** coupons of this template per member; null/absent = unlimited */
  perMemberLimit?: number | null;
  /** units left to issue; null/absent = unlimited */
  stock?: number | null;
};
export type CouponTemplate = CouponTerms &
  CouponScope & { validity: CouponValidityRule } & CouponIssueLimits & {
    /** false: switched off by HQ — nothing more is issued from it (absent = active) */
    active?: boolean;
  };

/** The fields of an issued coupon the rules need (the document has more). */
export type IssuedCoupon = CouponTerms &
  CouponScope & {
    status: 'unused' | 'used' | 'expired';
    validFrom: number;
    validUntil: number;
    usedAt?: number | null;
  };

export type CouponUseContext = {
  now: number;
  storeId: string;
  lines: readonly { category: string; amountFen: number }[];
};
export type CouponUseError =
  | 'COUPON.ALREADY_USED'
  | 'COUPON.EXPIRED'
  | 'COUPON.NOT_STARTED'
  | 'COUPON.THRESHOLD_NOT_MET'
  | 'COUPON.NOT_APPLICABLE';
export type CouponUseCheck =
  | { ok: true; discountFen: number; applicableFen: number }
  | { ok: false; code: CouponUseError; missingFen?: number };

/**
 * The validity window of a coupon issued at `issuedAt`.
 * @example couponValidity({ validity: { type: 'relative', days: 7 } }, shanghaiTime(2026, 11, 2, 21))
 * // { validFrom: shanghaiTime(2026, 11, 2, 21), validUntil: shanghaiTime(2026, 11, 8, 23, 59, 59, 999) }
 */
export function couponValidity(
  template: Pick<CouponTemplate, 'validity'>,
  issuedAt: number,
): { validFrom: number; validUntil: number } {
  const v = template.validity;
  if (v.type === 'fixed') return { validFrom: v.from, validUntil: v.until };
  return {
    validFrom: issuedAt,
    validUntil: endOfShanghaiDay(addShanghaiDays(issuedAt, v.days - 1)),
  };
}

/**
 * The coupon fields to store when issuing a template (the caller adds id, member, code).
 * @example issueCoupon(newMemberCouponTemplate(defaultSettings), now) // { kind: 'amount', amountFen: 1000, …, status: 'unused', title: '¥10 无门槛券', validFrom, validUntil }
 */
export function issueCoupon(
  template: CouponTemplate,
  issuedAt: number,
): IssuedCoupon & { title: string; status: 'unused'; usedAt: null; capFen: number | null } {
  // only the coupon's own fields: a template document also carries its id, name, stock, holds
  return {
    kind: template.kind,
    amountFen: template.amountFen,
    thresholdFen: template.thresholdFen,
    percent: template.percent,
    capFen: template.capFen ?? null,
    storeIds: template.storeIds,
    categories: template.categories,
    status: 'unused',
    usedAt: null,
    title: couponTitle(template),
    ...couponValidity(template, issuedAt),
  };
}

/**
 * Whether a coupon can be used on an order now, and the discount in fen.
 * Checks in order: used, not started, expired, store, categories, threshold.
 * @example checkCouponUsable(coupon, { now, storeId: 'S001', lines: [{ category: '家居清洁', amountFen: 25_000 }] })
 * // { ok: true, discountFen: 3000, applicableFen: 25000 } for 满200减30
 */
export function checkCouponUsable(coupon: IssuedCoupon, ctx: CouponUseContext): CouponUseCheck {
  if (coupon.status === 'used') return { ok: false, code: 'COUPON.ALREADY_USED' };
  if (ctx.now < coupon.validFrom) return { ok: false, code: 'COUPON.NOT_STARTED' };
  if (coupon.status === 'expired' || ctx.now > coupon.validUntil)
    return { ok: false, code: 'COUPON.EXPIRED' };
  const { storeIds, categories } = coupon;
  if (storeIds.length > 0 && !storeIds.includes(ctx.storeId))
    return { ok: false, code: 'COUPON.NOT_APPLICABLE' };
  let applicableFen = 0;
  for (const line of ctx.lines) {
    if (!Number.isSafeInteger(line.amountFen) || line.amountFen < 0) {
      throw new RangeError(`line amount must be integer fen: ${line.amountFen}`);
    }
    if (categories.length === 0 || categories.includes(line.category))
      applicableFen += line.amountFen;
  }
  if (applicableFen === 0) return { ok: false, code: 'COUPON.NOT_APPLICABLE' };
  if (applicableFen < coupon.thresholdFen) {
    return {
      ok: false,
      code: 'COUPON.THRESHOLD_NOT_MET',
      missingFen: coupon.thresholdFen - applicableFen,
    };
  }
  let discountFen = coupon.amountFen;
  if (coupon.kind === 'percent') {
    discountFen = Math.floor((applicableFen * (100 - (coupon.percent ?? 100))) / 100);
    if (coupon.capFen != null) discountFen = Math.min(discountFen, coupon.capFen);
  }
  return { ok: true, discountFen: Math.min(discountFen, applicableFen), applicableFen };
}
