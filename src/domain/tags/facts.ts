/**
 * The facts a tag rule can ask about a member, computed from the member's running
 * statistics (`members.stats`, kept current by every order and refund) and a clock value —
 * never from the orders. Facts are integers (counts, fen, whole Shanghai days) or an enum;
 * the coupon share is the exact ratio × 100, so 「more than 80%」 holds for 17 of 21 orders
 * (80.95%) and not for 4 of 5 (80%). Rule values are integers, so comparisons are exact.
 *
 * Windows are Shanghai calendar units that include today: "the last 30 days" is today and
 * the 29 days before; "the last 3 months" is this month and the 2 before (the convention
 * levels use for the rolling 12 months).
 *
 * Facts that move with the clock also say when they next change (`changesAt`), so the
 * nightly job can find, by an indexed range query, exactly the members whose tags can
 * change today (see review.ts).
 */
import {
  DAY_MS,
  addMonths,
  shanghaiDayDiff,
  shanghaiMonth,
  shanghaiTime,
  startOfShanghaiDay,
} from '../calendar';
import { LEVELS, LEVEL_NAMES, type Level } from '../levels';
import type { MemberStats } from '../memberStats';
import { formatFen } from '../money';
import { rollingSpend } from '../spendByMonth';

/** What the facts are computed from: the member's statistics, level and join time. */
export type TagSubject = { stats: MemberStats; level: Level; joinedAt: number };

export const FIELD_NAMES = [
  'orderCount',
  'ordersInDays',
  'ordersInMonths',
  'spendInMonths',
  'totalSpendFen',
  'daysSinceLastOrder',
  'daysSinceFirstOrder',
  'daysSinceJoined',
  'couponOrderPercent',
  'level',
] as const;
export type FieldName = (typeof FIELD_NAMES)[number];

export type FieldKind = 'count' | 'fen' | 'days' | 'percent' | 'level';

type FieldSpec = {
  kind: FieldKind;
  /** the window length a field takes (days or months), when it takes one */
  param?: { unit: 'days' | 'months'; min: number; max: number };
  /** value now; null when it has none (no order yet) */
  value(subject: TagSubject, now: number, param: number): number | string | null;
  /** the fact in Chinese, with its number: 「近 30 天消费 3 次」 */
  text(value: number | string | null, param: number, subject: TagSubject): string;
  /**
   * Future instants (Shanghai day or month starts) at which the value changes with time
   * alone; for day counters, only the crossings of `thresholds` matter.
   */
  changesAt?(subject: TagSubject, now: number, param: number, thresholds: number[]): number[];
};

const dayStartAfter = (ts: number, days: number) => startOfShanghaiDay(ts) + days * DAY_MS;
const monthStart = (month: string) => {
  const [y, m] = month.split('-').map(Number);
  return shanghaiTime(y, m, 1);
};
const inLastDays = (ts: number, now: number, days: number) => {
  const diff = shanghaiDayDiff(ts, now);
  return diff >= 0 && diff < days;
};
const inLastMonths = (ts: number, now: number, months: number) => {
  const month = shanghaiMonth(ts);
  const last = shanghaiMonth(now);
  return month <= last && month >= addMonths(last, -(months - 1));
};
/** a day counter crosses threshold t on day t (for ≥, <) and day t + 1 (for >, ≤, =) */
const crossings = (base: number | null, now: number, thresholds: number[]) =>
  base === null
    ? []
    : thresholds
        .flatMap((t) => [t, t + 1])
        .map((d) => dayStartAfter(base, d))
        .filter((t) => t > now);
const yuan = formatFen;

export const FIELDS: Record<FieldName, FieldSpec> = {
  orderCount: {
    kind: 'count',
    value: (s) => s.stats.orderCount,
    text: (v) => `累计消费 ${v} 次`,
  },
  ordersInDays: {
    kind: 'count',
    param: { unit: 'days', min: 1, max: 400 },
    value: (s, now, days) => s.stats.recentOrderAts.filter((t) => inLastDays(t, now, days)).length,
    text: (v, days) => `近 ${days} 天消费 ${v} 次`,
    changesAt: (s, now, days) =>
      s.stats.recentOrderAts.map((t) => dayStartAfter(t, days)).filter((t) => t > now),
  },
  ordersInMonths: {
    kind: 'count',
    param: { unit: 'months', min: 1, max: 13 },
    value: (s, now, months) =>
      s.stats.recentOrderAts.filter((t) => inLastMonths(t, now, months)).length,
    text: (v, months) => `近 ${months} 个月消费 ${v} 次`,
    changesAt: (s, now, months) =>
      s.stats.recentOrderAts
        .map((t) => monthStart(addMonths(shanghaiMonth(t), months)))
        .filter((t) => t > now),
  },
  spendInMonths: {
    kind: 'fen',
    param: { unit: 'months', min: 1, max: 13 },
    value: (s, now, months) => rollingSpend(s.stats.spendByMonth, now, months),
    text: (v, months) => `近 ${months} 个月消费 ${yuan(Number(v))}`,
    changesAt: (s, now, months) =>
      Object.keys(s.stats.spendByMonth)
        .map((m) => monthStart(addMonths(m, months)))
        .filter((t) => t > now),
  },
  totalSpendFen: {
    kind: 'fen',
    value: (s) => s.stats.totalSpendFen,
    text: (v) => `累计消费 ${yuan(Number(v))}`,
  },
  daysSinceLastOrder: {
    kind: 'days',
    value: (s, now) =>
      s.stats.lastOrderAt === null ? null : shanghaiDayDiff(s.stats.lastOrderAt, now),
    text: (v) => (v === null ? '尚未消费' : `${v} 天未消费`),
    changesAt: (s, now, _p, thresholds) => crossings(s.stats.lastOrderAt, now, thresholds),
  },
  daysSinceFirstOrder: {
    kind: 'days',
    value: (s, now) =>
      s.stats.firstOrderAt === null ? null : shanghaiDayDiff(s.stats.firstOrderAt, now),
    text: (v) => (v === null ? '尚未消费' : `首次消费于 ${v} 天前`),
    changesAt: (s, now, _p, thresholds) => crossings(s.stats.firstOrderAt, now, thresholds),
  },
  daysSinceJoined: {
    kind: 'days',
    value: (s, now) => shanghaiDayDiff(s.joinedAt, now),
    text: (v) => `入会 ${v} 天`,
    changesAt: (s, now, _p, thresholds) => crossings(s.joinedAt, now, thresholds),
  },
  couponOrderPercent: {
    kind: 'percent',
    value: (s) =>
      s.stats.orderCount === 0
        ? null
        : (Math.min(s.stats.couponOrders, s.stats.orderCount) * 100) / s.stats.orderCount,
    text: (v, _p, s) =>
      v === null
        ? '尚未消费'
        : `${Number.isInteger(v) ? v : Number(v).toFixed(1)}% 的订单用了券（${s.stats.couponOrders}/${s.stats.orderCount} 单）`,
  },
  level: {
    kind: 'level',
    value: (s) => s.level,
    text: (v) => LEVEL_NAMES[v as Level] ?? String(v),
  },
};

/** A field with its window, as rules name it: `{ field: 'ordersInDays', days: 30 }`. */
export type FieldRef = { field: FieldName; days?: number; months?: number };

export const paramOf = (ref: FieldRef): number => ref.days ?? ref.months ?? 0;

/** The value of a field for a member now. */
export function factValue(ref: FieldRef, subject: TagSubject, now: number) {
  return FIELDS[ref.field].value(subject, now, paramOf(ref));
}

/** The fact in Chinese, with its number. */
export function factText(ref: FieldRef, subject: TagSubject, now: number): string {
  return FIELDS[ref.field].text(factValue(ref, subject, now), paramOf(ref), subject);
}

export const isLevel = (v: unknown): v is Level => LEVELS.includes(v as Level);
