/** Display helpers for pages (dates in Asia/Shanghai, whatever the phone's time zone). */
import { shanghaiDayDiff, shanghaiParts } from '@/domain/calendar';

export { formatFen } from '@/domain/money';
export { LEVEL_NAMES } from '@/domain/levels';

/** '2026年11月22日' */
export function formatDate(ts: number): string {
  const p = shanghaiParts(ts);
  return `${p.year}年${p.month}月${p.day}日`;
}

/** '11月22日 14:05' */
export function formatDateTime(ts: number): string {
  const p = shanghaiParts(ts);
  return `${p.month}月${p.day}日 ${String(p.hour).padStart(2, '0')}:${String(p.minute).padStart(2, '0')}`;
}

/** '2026.11.22' — compact, for coupon validity ranges */
export function formatShortDate(ts: number): string {
  const p = shanghaiParts(ts);
  return `${p.year}.${String(p.month).padStart(2, '0')}.${String(p.day).padStart(2, '0')}`;
}

/** '2026年11月22日 14:05' */
export function formatFullDateTime(ts: number): string {
  const p = shanghaiParts(ts);
  return `${formatDate(ts)} ${String(p.hour).padStart(2, '0')}:${String(p.minute).padStart(2, '0')}`;
}

/**
 * How soon an unused coupon ends, in Shanghai days, or null when it is not soon:
 * '今天到期' / '明天到期' / '3天后到期'.
 */
export function expiryHint(validUntil: number, now: number, soonDays = 3): string | null {
  const days = shanghaiDayDiff(now, validUntil);
  if (validUntil < now || days > soonDays) return null;
  if (days === 0) return '今天到期';
  if (days === 1) return '明天到期';
  return `${days}天后到期`;
}

/** 'ABCD EFGH JKLM' — a coupon code in groups of four, easier to read out at the till */
export function groupCouponCode(code: string): string {
  return code.replace(/(.{4})(?=.)/g, '$1 ');
}
