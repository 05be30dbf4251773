/**
 * Which coupon the till applies, as pure functions: each of the member's coupons judged
 * against the order typed so far (usable with its discount, not usable and why, or not yet
 * judged because no amount is typed), listed best first, and the clerk's choice: the best
 * usable coupon unless the clerk picked one or chose none. A code read off the member's
 * wallet (typed or scanned) selects that coupon.
 *
 * `staff.lookupMember` lists only coupons usable NOW by the server's clock, so their
 * validity is not judged again by the phone's clock (which may be off): the check runs at
 * a moment inside each coupon's window.
 */
import type { CouponView } from '@/contracts/member';
import { couponCodeSchema } from '@/contracts/staff';
import { checkCouponUsable, type CouponUseError } from '@/domain/coupons';
import { formatFen } from '@/domain/money';
import type { OrderLine } from './cart';

export type CouponOption =
  /** no amount typed yet: nothing to judge */
  | { coupon: CouponView; state: 'pending' }
  | { coupon: CouponView; state: 'usable'; discountFen: number }
  | { coupon: CouponView; state: 'unusable'; reason: string };

/** `best`: follow the best usable coupon as the order changes; the others are the clerk's word. */
export type CouponChoice = { kind: 'best' } | { kind: 'none' } | { kind: 'coupon'; id: string };

const SHORT_REASON: Record<
  Exclude<CouponUseError, 'COUPON.THRESHOLD_NOT_MET' | 'COUPON.NOT_APPLICABLE'>,
  string
> = {
  'COUPON.ALREADY_USED': '已使用',
  'COUPON.EXPIRED': '已过期',
  'COUPON.NOT_STARTED': '未到使用时间',
};

function judge(coupon: CouponView, ctx: { storeId: string; lines: readonly OrderLine[] }) {
  if (ctx.lines.length === 0) return { coupon, state: 'pending' } as const;
  const check = checkCouponUsable(coupon, {
    now: coupon.validFrom,
    storeId: ctx.storeId,
    lines: ctx.lines,
  });
  if (check.ok) return { coupon, state: 'usable', discountFen: check.discountFen } as const;
  let reason: string;
  if (check.code === 'COUPON.THRESHOLD_NOT_MET') {
    const scope = coupon.categories.length ? `${coupon.categories.join('、')}商品` : '';
    reason = `${scope}还差 ${formatFen(check.missingFen ?? 0)} 可用`;
  } else if (check.code === 'COUPON.NOT_APPLICABLE') {
    const wrongStore = coupon.storeIds.length > 0 && !coupon.storeIds.includes(ctx.storeId);
    reason = wrongStore ? '不适用于本店' : `仅限${coupon.categories.join('、')}`;
  } else reason = SHORT_REASON[check.code];
  return { coupon, state: 'unusable', reason } as const;
}

const RANK: Record<CouponOption['state'], number> = { usable: 0, pending: 1, unusable: 2 };

/**
 * The member's coupons judged for this order: usable ones first, the largest discount
 * first, then those not yet judged, then those that do not fit (「还差 ¥42 可用」「仅限家居清洁」).
 * @example couponOptions([ten, thirtyOver200], { storeId: 'S001', lines: ¥258 })
 * // [{ coupon: thirtyOver200, state: 'usable', discountFen: 3000 }, { coupon: ten, state: 'usable', discountFen: 1000 }]
 */
export function couponOptions(
  coupons: readonly CouponView[],
  ctx: { storeId: string; lines: readonly OrderLine[] },
): CouponOption[] {
  const judged: CouponOption[] = coupons.map((c) => judge(c, ctx));
  return judged
    .map((option, index) => ({ option, index }))
    .sort(
      (a, b) =>
        RANK[a.option.state] - RANK[b.option.state] ||
        discountOf(b.option) - discountOf(a.option) ||
        a.index - b.index,
    )
    .map((x) => x.option);
}

const discountOf = (o: CouponOption) => (o.state === 'usable' ? o.discountFen : 0);

/**
 * The option the order applies: the best usable one for `best`, the picked one (usable or
 * not: the preview then says why it cannot be sent), or none.
 * @example chosenOption(options, { kind: 'best' }) // options[0] when it is usable, else null
 */
export function chosenOption(
  options: readonly CouponOption[],
  choice: CouponChoice,
): CouponOption | null {
  if (choice.kind === 'none') return null;
  if (choice.kind === 'coupon') return options.find((o) => o.coupon.id === choice.id) ?? null;
  return options.find((o) => o.state === 'usable') ?? null;
}

/**
 * Read a coupon code as typed or scanned: spaces and dashes ignored, upper case.
 * @example parseCouponCode('abcd efgh 1234') // { code: 'ABCDEFGH1234' }
 */
export function parseCouponCode(text: string): { code: string } | { error: string } {
  const code = text.replace(/[\s-]/g, '').toUpperCase();
  if (!code) return { error: '请输入券码' };
  return couponCodeSchema.safeParse(code).success
    ? { code }
    : { error: '券码为 6–32 位字母或数字，请核对' };
}
