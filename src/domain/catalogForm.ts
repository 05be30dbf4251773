/**
 * HQ's coupon-template and reward forms: what is typed (yuan, 折, Shanghai dates, blank for
 * 不限) turned into the definitions the functions check with the same schemas
 * (catalog.ts), and a schema's complaint pointed back at the field that caused it.
 */
import { endOfShanghaiDay, parseShanghaiDate, shanghaiDate } from './calendar';
import type { CouponKind } from './coupons';
import {
  couponTemplateDefSchema,
  rewardDefSchema,
  type CouponTemplateDef,
  type RewardDef,
} from './catalog';
import { fenToYuanText, parseYuanToFen } from './money';

export type TemplateDraft = {
  name: string;
  kind: CouponKind;
  /** yuan */
  amount: string;
  threshold: string;
  /** 折, e.g. '8.5' (= 85% payable) */
  discount: string;
  /** yuan, blank = no cap */
  cap: string;
  validityType: 'fixed' | 'relative';
  /** YYYY-MM-DD, Shanghai */
  from: string;
  until: string;
  days: string;
  storeIds: string[];
  /** separated by 、 , or spaces */
  categories: string;
  /** blank = 不限 */
  perMemberLimit: string;
  stock: string;
};

export type FormResult<T> = { ok: true; value: T } | { ok: false; field: string; message: string };

export const KIND_NAMES: Record<CouponKind, string> = {
  amount: '无门槛',
  threshold: '满减',
  percent: '折扣',
};

export const emptyTemplateDraft = (): TemplateDraft => ({
  name: '',
  kind: 'amount',
  amount: '',
  threshold: '',
  discount: '',
  cap: '',
  validityType: 'relative',
  from: '',
  until: '',
  days: '30',
  storeIds: [],
  categories: '',
  perMemberLimit: '',
  stock: '',
});

/** The form of a saved template, to edit it. */
export function draftOfTemplate(t: CouponTemplateDef): TemplateDraft {
  const yuan = (fen: number) => (fen > 0 ? fenToYuanText(fen) : '');
  return {
    name: t.name,
    kind: t.kind,
    amount: t.kind === 'percent' ? '' : yuan(t.amountFen),
    threshold: yuan(t.thresholdFen),
    discount: t.percent == null ? '' : String(t.percent / 10),
    cap: t.capFen == null ? '' : fenToYuanText(t.capFen),
    validityType: t.validity.type,
    from: t.validity.type === 'fixed' ? shanghaiDate(t.validity.from) : '',
    until: t.validity.type === 'fixed' ? shanghaiDate(t.validity.until) : '',
    days: t.validity.type === 'relative' ? String(t.validity.days) : '30',
    storeIds: [...t.storeIds],
    categories: t.categories.join('、'),
    perMemberLimit: t.perMemberLimit == null ? '' : String(t.perMemberLimit),
    stock: t.stock == null ? '' : String(t.stock),
  };
}

const bad = (field: string, message: string) => ({ ok: false as const, field, message });

/** '' → null; digits → number; anything else → undefined (not a whole number). */
function optionalInt(text: string): number | null | undefined {
  const t = text.trim();
  if (t === '') return null;
  return /^\d{1,9}$/.test(t) ? Number(t) : undefined;
}

/** A date typed as YYYY-MM-DD, or null. */
function dateOf(text: string): number | null {
  try {
    return parseShanghaiDate(text.trim());
  } catch {
    return null;
  }
}

/** Schema paths → the form field that holds them. */
const TEMPLATE_FIELD: Record<string, string> = {
  name: 'name',
  amountFen: 'amount',
  thresholdFen: 'threshold',
  percent: 'discount',
  capFen: 'cap',
  'validity.from': 'from',
  'validity.until': 'until',
  'validity.days': 'days',
  storeIds: 'storeIds',
  categories: 'categories',
  perMemberLimit: 'perMemberLimit',
  stock: 'stock',
};

/**
 * The template a form describes, checked by `couponTemplateDefSchema`.
 * @example templateFromDraft({ ...emptyTemplateDraft(), name: '满100减20', kind: 'threshold', amount: '20', threshold: '100' })
 * // { ok: true, value: { name: '满100减20', kind: 'threshold', amountFen: 2000, thresholdFen: 10000, … } }
 */
export function templateFromDraft(d: TemplateDraft): FormResult<CouponTemplateDef> {
  const fenOf = (text: string, field: string, label: string) => {
    if (text.trim() === '') return 0;
    const fen = parseYuanToFen(text);
    return fen === null ? bad(field, `${label}：请输入金额（元，最多两位小数）`) : fen;
  };
  const amountFen = d.kind === 'percent' ? 0 : fenOf(d.amount, 'amount', '优惠金额');
  if (typeof amountFen !== 'number') return amountFen;
  const thresholdFen = d.kind === 'amount' ? 0 : fenOf(d.threshold, 'threshold', '使用门槛');
  if (typeof thresholdFen !== 'number') return thresholdFen;
  if (d.kind === 'threshold' && thresholdFen === 0) return bad('threshold', '请填写满减门槛');
  let percent: number | null = null;
  let capFen: number | null = null;
  if (d.kind === 'percent') {
    const m = /^(\d)(?:\.(\d))?$/.exec(d.discount.trim());
    if (!m) return bad('discount', '折扣：请输入 0.1–9.9 之间的折数，最多一位小数（如 8.5）');
    percent = Number(m[1]) * 10 + Number(m[2] ?? 0);
    if (d.cap.trim() !== '') {
      const cap = fenOf(d.cap, 'cap', '最高优惠');
      if (typeof cap !== 'number') return cap;
      capFen = cap;
    }
  }
  let validity: unknown;
  if (d.validityType === 'fixed') {
    const from = dateOf(d.from);
    if (from === null) return bad('from', '开始日期：请按 2026-12-01 的格式填写');
    const until = dateOf(d.until);
    if (until === null) return bad('until', '结束日期：请按 2026-12-31 的格式填写');
    validity = { type: 'fixed', from, until: endOfShanghaiDay(until) };
  } else {
    const days = optionalInt(d.days);
    if (days == null) return bad('days', '有效天数：请输入整数');
    validity = { type: 'relative', days };
  }
  const perMemberLimit = optionalInt(d.perMemberLimit);
  if (perMemberLimit === undefined)
    return bad('perMemberLimit', '每人限领：请输入整数，留空为不限');
  const stock = optionalInt(d.stock);
  if (stock === undefined) return bad('stock', '库存：请输入整数，留空为不限量');
  const categories = d.categories
    .split(/[、,，\s]+/)
    .map((c) => c.trim())
    .filter(Boolean);
  const parsed = couponTemplateDefSchema.safeParse({
    name: d.name,
    kind: d.kind,
    amountFen,
    thresholdFen,
    percent,
    capFen,
    validity,
    storeIds: d.storeIds,
    categories: [...new Set(categories)],
    perMemberLimit,
    stock,
  });
  if (parsed.success) return { ok: true, value: parsed.data };
  const issue = parsed.error.issues[0]!;
  const field = TEMPLATE_FIELD[issue.path.join('.')] ?? 'form';
  const message = /[\u4e00-\u9fff]/.test(issue.message)
    ? issue.message
    : `${FIELD_LABELS[field] ?? '输入'}超出允许范围`;
  return bad(field, message);
}

const FIELD_LABELS: Record<string, string> = {
  amount: '优惠金额',
  threshold: '使用门槛',
  discount: '折扣',
  cap: '最高优惠',
  days: '有效天数（1–3650）',
  perMemberLimit: '每人限领（1–1000）',
  stock: '库存',
  pointsCost: '所需积分',
  sort: '排序',
};

export type RewardDraft = {
  title: string;
  description: string;
  kind: RewardDef['kind'];
  pointsCost: string;
  stock: string;
  couponTemplateId: string | null;
  perMemberLimit: string;
  sort: string;
};

export const emptyRewardDraft = (): RewardDraft => ({
  title: '',
  description: '',
  kind: 'coupon',
  pointsCost: '',
  stock: '',
  couponTemplateId: null,
  perMemberLimit: '',
  sort: '0',
});

export function draftOfReward(r: RewardDef): RewardDraft {
  return {
    title: r.title,
    description: r.description,
    kind: r.kind,
    pointsCost: String(r.pointsCost),
    stock: r.stock == null ? '' : String(r.stock),
    couponTemplateId: r.couponTemplateId,
    perMemberLimit: r.perMemberLimit == null ? '' : String(r.perMemberLimit),
    sort: String(r.sort),
  };
}

/** The reward a form describes, checked by `rewardDefSchema`. */
export function rewardFromDraft(d: RewardDraft): FormResult<RewardDef> {
  const pointsCost = optionalInt(d.pointsCost);
  if (pointsCost == null) return bad('pointsCost', '所需积分：请输入整数');
  const stock = optionalInt(d.stock);
  if (stock === undefined) return bad('stock', '库存：请输入整数，留空为不限量');
  const perMemberLimit = optionalInt(d.perMemberLimit);
  if (perMemberLimit === undefined)
    return bad('perMemberLimit', '每人限兑：请输入整数，留空为不限');
  const sort = optionalInt(d.sort);
  if (sort === undefined) return bad('sort', '排序：请输入整数');
  const parsed = rewardDefSchema.safeParse({
    title: d.title,
    description: d.description,
    kind: d.kind,
    pointsCost,
    stock,
    couponTemplateId: d.kind === 'coupon' ? d.couponTemplateId : null,
    perMemberLimit,
    sort: sort ?? 0,
  });
  if (parsed.success) return { ok: true, value: parsed.data };
  const issue = parsed.error.issues[0]!;
  const field = String(issue.path[0] ?? 'form');
  const message = /[\u4e00-\u9fff]/.test(issue.message)
    ? issue.message
    : `${FIELD_LABELS[field] ?? '输入'}超出允许范围`;
  return bad(field, message);
}
