/**
 * Quiet hours: no member message between 21:00 and 09:00 Shanghai (HQ can move both ends).
 * A message due in quiet hours is deferred to the end of them, never dropped.
 *
 * @example sendableAt(shanghaiTime(2026, 11, 20, 22, 15), DEFAULT_QUIET_HOURS)
 *          // shanghaiTime(2026, 11, 21, 9, 0)
 */
import { z } from 'zod';
import { DAY_MS, startOfShanghaiDay } from '../calendar';

const hhmm = z.string().regex(/^([01]\d|2[0-3]):[0-5]\d$/, '时间格式为 HH:mm');

export const quietHoursSchema = z.strictObject({ start: hhmm, end: hhmm });
export type QuietHours = z.output<typeof quietHoursSchema>;
export const DEFAULT_QUIET_HOURS: QuietHours = { start: '21:00', end: '09:00' };

const minutesOf = (t: string) => Number(t.slice(0, 2)) * 60 + Number(t.slice(3));

/** Is `now` inside the quiet hours (start inclusive, end exclusive; may span midnight)? */
export function isQuiet(now: number, quiet: QuietHours): boolean {
  const minute = Math.floor((now - startOfShanghaiDay(now)) / 60_000);
  const start = minutesOf(quiet.start);
  const end = minutesOf(quiet.end);
  if (start === end) return false;
  return start < end ? minute >= start && minute < end : minute >= start || minute < end;
}

/** `now` when a member may be messaged now, else the end of these quiet hours. */
export function sendableAt(now: number, quiet: QuietHours): number {
  if (!isQuiet(now, quiet)) return now;
  const day = startOfShanghaiDay(now);
  const end = day + minutesOf(quiet.end) * 60_000;
  return end > now ? end : end + DAY_MS;
}
