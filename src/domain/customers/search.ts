/**
 * 我的顾客's search and filters as data: what a typed query means (the last 4 digits of the
 * phone, or the start of the name) and what "last purchase" windows are in instants. Windows
 * are Shanghai calendar days that include today, like the tags' (docs/tags.md): "近 30 天" is
 * today and the 29 days before.
 */
import { addShanghaiDays, startOfShanghaiDay } from '../calendar';
import { normalisePhone } from '../phone';

export const LAST_PURCHASE = ['d30', 'd90', 'over90', 'never'] as const;
export type LastPurchase = (typeof LAST_PURCHASE)[number];

export const LAST_PURCHASE_LABELS: Record<LastPurchase, string> = {
  d30: '近30天购买',
  d90: '近90天购买',
  over90: '超过90天未购',
  never: '从未购买',
};

/** How many characters of a name are searchable (the prefixes a clerk types). */
export const NAME_SEARCH_MAX = 10;

export type CustomerSearch = { kind: 'phoneTail'; tail: string } | { kind: 'name'; prefix: string };

/**
 * The last 4 digits of a phone as stored for search (`members.phoneTail`); null when the
 * number is too short to have a meaningful tail (or is a deleted member's tombstone).
 * @example phoneTail('13812341234') // '1234'
 */
export function phoneTail(phone: string | null | undefined): string | null {
  const digits = normalisePhone(phone);
  return /^\d{8,}$/.test(digits) ? digits.slice(-4) : null;
}

/**
 * What a typed query asks: exactly 4 digits are the phone's tail, anything else the start of
 * the name (trimmed; null when empty).
 * @example parseCustomerSearch('1234') // { kind: 'phoneTail', tail: '1234' }
 * @example parseCustomerSearch(' 张三 ') // { kind: 'name', prefix: '张三' }
 */
export function parseCustomerSearch(q: string | null | undefined): CustomerSearch | null {
  const text = (q ?? '').trim();
  if (!text) return null;
  if (/^\d{4}$/.test(text)) return { kind: 'phoneTail', tail: text };
  return { kind: 'name', prefix: Array.from(text).slice(0, NAME_SEARCH_MAX).join('') };
}

/** Is the query something search can answer (4 digits, or a name without digits)? */
export function isSearchable(q: string): boolean {
  const text = q.trim();
  return /^\d{4}$/.test(text) || (text.length > 0 && !/\d/.test(text));
}

/** Escape a name prefix for an anchored regular expression. */
export function namePrefixPattern(prefix: string): string {
  return `^${prefix.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}`;
}

/**
 * The range of `stats.lastOrderAt` a filter selects: `{gte}` within the window, `{lt}` before
 * it, or `never` (no purchase at all).
 * @example lastPurchaseRange('d30', now) // { gte: midnight of the day 29 days before today }
 */
export function lastPurchaseRange(
  filter: LastPurchase,
  now: number,
): { gte: number } | { lt: number } | 'never' {
  const today = startOfShanghaiDay(now);
  if (filter === 'd30') return { gte: addShanghaiDays(today, -29) };
  if (filter === 'd90') return { gte: addShanghaiDays(today, -89) };
  if (filter === 'over90') return { lt: addShanghaiDays(today, -89) };
  return 'never';
}
