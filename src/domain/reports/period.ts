/**
 * A report's period: the last 7, 30 or 90 whole Shanghai days ending yesterday, and the
 * same number of days just before it (to compare). Half-open [from, to) in epoch ms, with
 * the Shanghai dates it covers — the rollup documents a report reads.
 *
 * @example reportPeriods(7, shanghaiTime(2026, 12, 2, 10)).current.dates // ['2026-11-25', …, '2026-12-01']
 */
import { DAY_MS, shanghaiDate, startOfShanghaiDay } from '../calendar';

export const REPORT_DAYS = [7, 30, 90] as const;
export type ReportDays = (typeof REPORT_DAYS)[number];

export type ReportPeriod = { from: number; to: number; dates: string[]; label: string };

const dayLabel = (date: string) => `${Number(date.slice(5, 7))}月${Number(date.slice(8))}日`;

function periodEnding(to: number, days: number): ReportPeriod {
  const from = to - days * DAY_MS; // Shanghai has no daylight saving: every day is 24 h
  const dates = Array.from({ length: days }, (_v, i) => shanghaiDate(from + i * DAY_MS));
  return {
    from,
    to,
    dates,
    label: `${dayLabel(dates[0])}–${dayLabel(dates[dates.length - 1])}`,
  };
}

export function reportPeriods(
  days: ReportDays,
  now: number,
): { current: ReportPeriod; previous: ReportPeriod } {
  const to = startOfShanghaiDay(now);
  return { current: periodEnding(to, days), previous: periodEnding(to - days * DAY_MS, days) };
}
