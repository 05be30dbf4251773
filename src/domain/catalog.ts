/**
 * HQ's catalogue: coupon templates (what a coupon gives, where, for how long, how many) and
 * the points mall's rewards (what a member gets for how many points), as HQ defines them.
 *
 * The coupon rules themselves live in coupons.ts (`couponTemplateSchema`: terms, scope,
 * validity, limits); this file adds only what HQ edits around them — a name, a reward's
 * cost and kind — and one rule for stock edited while units are being taken:
 *
 * Stock is "units left", lowered by every issue or redemption with a conditional update.
 * HQ edits it on a screen that was loaded a while ago, so a save says what it saw
 * (`baseStock`) and what it wants (`stock`); `planStockChange` applies the difference to
 * what is left now (HQ adds 50 while 3 were issued: 47 + 50), never below zero, and a change
 * between limited and unlimited is accepted only when nothing moved meanwhile.
 */
import { z } from 'zod';
import { couponTemplateSchema, type CouponTemplate } from './coupons';
import { shanghaiDate } from './calendar';

export const REWARD_KINDS = ['coupon', 'gift'] as const;
export type RewardKind = (typeof REWARD_KINDS)[number];

const nameText = (what: string, max: number) =>
  z.string().trim().min(1, `请填写${what}`).max(max, `${what}最多 ${max} 字`);

/** A coupon template as HQ saves it: a name and the coupon rules (coupons.ts). */
export const couponTemplateDefSchema = z.intersection(
  z.object({ name: nameText('模板名称', 30) }),
  couponTemplateSchema,
);
export type CouponTemplateDef = CouponTemplate & { name: string };

/**
 * A reward as HQ saves it. A coupon reward names its template; a gift (picked up in store)
 * has none.
 */
export const rewardDefSchema = z
  .object({
    title: nameText('名称', 20),
    description: z.string().trim().max(60, '说明最多 60 字').default(''),
    kind: z.enum(REWARD_KINDS),
    pointsCost: z
      .int('所需积分须为整数')
      .min(1, '所需积分至少为 1')
      .max(1_000_000, '所需积分最多 1000000'),
    stock: z.int('库存须为整数').min(0, '库存不能为负').max(100_000_000).nullable().default(null),
    couponTemplateId: z.string().min(1).max(64).nullable().default(null),
    perMemberLimit: z
      .int('每人限兑须为整数')
      .min(1, '每人限兑至少 1 次')
      .max(1000, '每人限兑最多 1000 次')
      .nullable()
      .default(null),
    sort: z.int('排序须为整数').min(0, '排序不能为负').max(9999, '排序最大 9999').default(0),
  })
  .check((ctx) => {
    const r = ctx.value;
    if (r.kind === 'coupon' && !r.couponTemplateId)
      ctx.issues.push({
        code: 'custom',
        path: ['couponTemplateId'],
        message: '请选择兑换的优惠券模板',
        input: r,
      });
    if (r.kind === 'gift' && r.couponTemplateId)
      ctx.issues.push({
        code: 'custom',
        path: ['couponTemplateId'],
        message: '到店领取的礼品不能关联优惠券',
        input: r,
      });
  });
export type RewardDef = z.output<typeof rewardDefSchema>;

export type StockPlan = { ok: true; stock: number | null } | { ok: false };

/**
 * The stock to write when HQ, having seen `base`, asks for `wanted` while `current` is left.
 * @example planStockChange({ current: 47, base: 50, wanted: 100 }) // { ok: true, stock: 97 }
 * @example planStockChange({ current: 2, base: 10, wanted: 5 }) // { ok: false }: 8 were taken, 5 fewer would be −3
 */
export function planStockChange(s: {
  current: number | null;
  base: number | null;
  wanted: number | null;
}): StockPlan {
  if (s.wanted === s.base) return { ok: true, stock: s.current };
  if (s.current === s.base) return { ok: true, stock: s.wanted };
  if (s.current === null || s.base === null || s.wanted === null) return { ok: false };
  const stock = s.current + (s.wanted - s.base);
  return stock >= 0 ? { ok: true, stock } : { ok: false };
}

/**
 * How a template's validity reads (Shanghai dates).
 * @example validityText({ type: 'relative', days: 30 }) // '领取后 30 天内有效'
 */
export function validityText(v: CouponTemplate['validity']): string {
  if (v.type === 'relative') return `领取后 ${v.days} 天内有效`;
  return `${shanghaiDate(v.from)} 至 ${shanghaiDate(v.until)}`;
}

/**
 * How many a template or reward has left, as HQ reads it.
 * @example stockText(null) // '不限量'
 */
export function stockText(stock: number | null | undefined): string {
  return stock == null ? '不限量' : `剩余 ${stock}`;
}

/** Per-member limit as read: '每人限 2 张' / '每人不限'. */
export function limitText(limit: number | null | undefined, unit: string): string {
  return limit == null ? '每人不限' : `每人限 ${limit} ${unit}`;
}
