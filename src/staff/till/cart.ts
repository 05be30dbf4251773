/**
 * The till's cart, as pure functions: what the clerk typed (category lines with yuan
 * amounts, the receipt number) → the order lines to send or why not, and a preview of total,
 * discount, payable and points earned (the coupon choice is in couponChoice.ts).
 *
 * The preview runs the SAME domain rules as the `staff` function (checkCouponUsable,
 * computeEarnedPoints), so what the clerk sees before submitting is what the server will
 * decide; the server's answer is still the one shown after submitting.
 */
import type { Level } from '@/contracts/member';
import { receiptNoSchema } from '@/contracts/staff';
import { parseYuanToFen } from '@/domain/money';
import { computeEarnedPoints, type EarnedPoints } from '@/domain/points';
import { isMainlandMobile, normalisePhone } from '@/domain/phone';
import type { Settings } from '@/domain/settings';
import type { CouponOption } from './couponChoice';

/** The product categories a store records at the till. */
export const TILL_CATEGORIES = [
  '家居清洁',
  '个人护理',
  '季节限定',
  '厨房用品',
  '收纳整理',
  '香氛',
] as const;

/** One line as typed: `amountText` is yuan ('258', '12.5'). */
export type DraftLine = { key: string; category: string; name: string; amountText: string };
export type OrderLine = {
  category: string;
  name: string | null;
  quantity: number;
  amountFen: number;
};

export type ParsedCart = {
  /** valid lines only, ready for `staff.recordPurchase` */
  lines: OrderLine[];
  /** per draft line key: why it can't be sent (empty when all lines are valid) */
  errors: Record<string, string>;
  totalFen: number;
};

/** The most a single line may be (the contract's cap): ¥1,000,000. */
const MAX_LINE_FEN = 100_000_000;

/**
 * Parse the typed lines. A line without an amount is an error only when it is the only
 * line or has a name typed (a blank extra row is ignored).
 * @example parseCart([{ key: 'a', category: '香氛', name: '', amountText: '258' }]).totalFen // 25800
 */
export function parseCart(draft: readonly DraftLine[]): ParsedCart {
  const lines: OrderLine[] = [];
  const errors: Record<string, string> = {};
  for (const d of draft) {
    const text = d.amountText.trim();
    const name = d.name.trim();
    if (!text) {
      if (draft.length === 1 || name) errors[d.key] = '请输入金额';
      continue;
    }
    const fen = parseYuanToFen(text);
    if (/^-/.test(text)) errors[d.key] = '金额不能为负数';
    else if (fen === null) errors[d.key] = '金额格式不正确（最多两位小数）';
    else if (fen < 1) errors[d.key] = '金额必须大于 0';
    else if (fen > MAX_LINE_FEN) errors[d.key] = '金额过大，请核对';
    else if (!d.category) errors[d.key] = '请选择品类';
    else
      lines.push({
        category: d.category,
        name: name ? name.slice(0, 40) : null,
        quantity: 1,
        amountFen: fen,
      });
  }
  return { lines, errors, totalFen: lines.reduce((sum, l) => sum + l.amountFen, 0) };
}

export type TillPreview = {
  amountFen: number;
  discountFen: number;
  payableFen: number;
  points: EarnedPoints;
  /** the chosen coupon does not fit (the order must not be submitted with it) */
  couponProblem: string | null;
};

/**
 * Total, discount, payable and points the order would earn.
 * @example tillPreview({ lines: [{ category: '香氛', name: null, quantity: 1, amountFen: 25_800 }], option: ten, level: 'normal', settings: defaultSettings })
 * // { amountFen: 25800, discountFen: 1000, payableFen: 24800, points: { total: 496, doubled: true, … }, couponProblem: null }
 */
export function tillPreview(input: {
  lines: readonly OrderLine[];
  option: CouponOption | null;
  level: Level;
  settings: Settings;
}): TillPreview {
  const amountFen = input.lines.reduce((sum, l) => sum + l.amountFen, 0);
  const option = input.option;
  const discountFen = option?.state === 'usable' ? Math.min(option.discountFen, amountFen) : 0;
  const payableFen = amountFen - discountFen;
  return {
    amountFen,
    discountFen,
    payableFen,
    points: computeEarnedPoints({
      paidFen: payableFen,
      level: input.level,
      settings: input.settings,
    }),
    couponProblem: option?.state === 'unusable' ? option.reason : null,
  };
}

/**
 * Why a typed or scanned receipt number cannot be sent (the contract's receiptNoSchema
 * decides), or null. The clerk enters the till's real receipt number: it is what makes
 * one receipt count once, so it is never made up here.
 * @example receiptProblem(' R-1001 ') // null
 */
export function receiptProblem(text: string): string | null {
  const trimmed = text.trim();
  if (!trimmed) return '请输入或扫描小票号';
  if (receiptNoSchema.safeParse(trimmed).success) return null;
  return /^[0-9A-Za-z_-]+$/.test(trimmed) ? '小票号最长 40 位' : '小票号只能包含字母、数字、- 和 _';
}

/** What the clerk typed to find a member: an 18-digit member code or an 11-digit phone. */
export type MemberQuery = { memberCode: string } | { phone: string };

/**
 * Read the identify field (typed, pasted or scanned): spaces and dashes are ignored.
 * @example parseMemberQuery('88 1234 5678 9012 3456') // { memberCode: '881234567890123456' }
 */
export function parseMemberQuery(text: string): MemberQuery | { error: string } {
  const digits = text.replace(/[\s-]/g, '');
  if (/^88\d{16}$/.test(digits)) return { memberCode: digits };
  if (isMainlandMobile(normalisePhone(text))) return { phone: normalisePhone(text) };
  if (/^\d{18}$/.test(digits)) return { error: '这不是会员码，请扫描顾客会员卡上的会员码' };
  return { error: '请输入 18 位会员码或 11 位手机号' };
}
