/**
 * The period the store's figures cover, in Shanghai days: this month (to its end), last
 * month, or custom dates (both days included, at most MAX_CUSTOM_DAYS). Half-open
 * [from, to) in epoch ms.
 *
 * @example periodRange({ kind: 'lastMonth' }, shanghaiTime(2026, 3, 5)) // { ok: true, from: shanghaiTime(2026, 2, 1), to: shanghaiTime(2026, 3, 1), label: '2026年2月' }
 */
import { addMonths, DAY_MS, parseShanghaiDate, shanghaiMonth } from './calendar';

export const MAX_CUSTOM_DAYS = 92;

export type PeriodSpec =
  | { kind: 'thisMonth' }
  | { kind: 'lastMonth' }
  | { kind: 'custom'; from: string; to: string };

export type Period = { from: number; to: number; label: string };

const monthStart = (month: string) => parseShanghaiDate(`${month}-01`);
const monthLabel = (month: string) => `${month.slice(0, 4)}年${Number(month.slice(5))}月`;
const dayLabel = (date: string) => `${Number(date.slice(5, 7))}月${Number(date.slice(8))}日`;

export function periodRange(
  spec: PeriodSpec,
  now: number,
): ({ ok: true } & Period) | { ok: false; reason: string } {
  if (spec.kind !== 'custom') {
    const month = addMonths(shanghaiMonth(now), spec.kind === 'thisMonth' ? 0 : -1);
    return {
      ok: true,
      from: monthStart(month),
      to: monthStart(addMonths(month, 1)),
      label: monthLabel(month),
    };
  }
  let from: number;
  let last: number;
  try {
    from = parseShanghaiDate(spec.from);
    last = parseShanghaiDate(spec.to);
  } catch {
    return { ok: false, reason: '日期格式不正确' };
  }
  if (last < from) return { ok: false, reason: '结束日期不能早于开始日期' };
  const to = last + DAY_MS;
  if ((to - from) / DAY_MS > MAX_CUSTOM_DAYS)
    return { ok: false, reason: `自定义时间段最长 ${MAX_CUSTOM_DAYS} 天` };
  const label =
    spec.from.slice(0, 4) === spec.to.slice(0, 4)
      ? `${spec.from.slice(0, 4)}年${dayLabel(spec.from)}–${dayLabel(spec.to)}`
      : `${spec.from} 至 ${spec.to}`;
  return { ok: true, from, to, label };
}
