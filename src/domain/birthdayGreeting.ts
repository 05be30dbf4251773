/**
 * When a member's birthday is greeted: once per celebration, `greetDaysBefore` days ahead
 * of it, or as soon after as the job runs again — whenever the birthday was recorded and
 * whatever runs were missed.
 *
 * Each member carries `birthdayDueAt`: midnight (Shanghai) of the next celebration not yet
 * greeted (29 Feb → 28 Feb in non-leap years, see birthday.ts). The job selects every member
 * whose `birthdayDueAt` is at most `greetingHorizon(now, greetDaysBefore)` by an indexed
 * range query; after greeting it moves the value to the next year. Storing the celebration
 * (not the greeting day) keeps the value independent of settings: a changed
 * `greetDaysBefore` applies at once.
 *
 * Catch-up limit: a celebration more than LATE_GREETING_DAYS days past is not greeted late
 * (a birthday recorded weeks afterwards, or an outage of more than a week); the member is
 * greeted next year instead. Within the limit a late greeting is still a greeting — the
 * coupon is valid from the day it is issued.
 *
 * Idempotency does not rest on this field: coupon and message are keyed
 * `birthday:<memberId>:<year>`, so recomputing it (a clerk corrects the birthday) never
 * greets twice in a year.
 */
import { celebrationDate, type Birthday } from './birthday';
import {
  DAY_MS,
  parseShanghaiDate,
  shanghaiDate,
  shanghaiParts,
  startOfShanghaiDay,
  type ShanghaiDate,
} from './calendar';

export const LATE_GREETING_DAYS = 7;

/**
 * Midnight Shanghai of the first celebration still to greet as of `now`: the earliest one
 * not more than LATE_GREETING_DAYS days before today. What `birthdayDueAt` is set to when a
 * birthday is recorded or changed.
 * @example shanghaiDate(firstBirthdayDue({ month: 12, day: 10 }, shanghaiTime(2026, 12, 13))) // '2026-12-10' (3 days late: still greeted)
 */
export function firstBirthdayDue(birthday: Birthday, now: number): number {
  const earliest = startOfShanghaiDay(now) - LATE_GREETING_DAYS * DAY_MS;
  const { year } = shanghaiParts(now);
  for (const y of [year - 1, year, year + 1]) {
    const celebration = parseShanghaiDate(celebrationDate(birthday, y));
    if (celebration >= earliest) return celebration;
  }
  throw new RangeError('unreachable: next year’s celebration is always ahead');
}

/**
 * The latest `birthdayDueAt` whose greeting is due at `now`: midnight of today +
 * `greetDaysBefore` (the job's indexed range query is `birthdayDueAt <= horizon`).
 * @example shanghaiDate(greetingHorizon(shanghaiTime(2026, 12, 9, 9), 1)) // '2026-12-10'
 */
export function greetingHorizon(now: number, greetDaysBefore: number): number {
  return startOfShanghaiDay(now) + greetDaysBefore * DAY_MS;
}

export type BirthdayGreetingDecision =
  /** the greeting day is still ahead */
  | { kind: 'wait' }
  /** greet for `year` (coupon + message keyed by it), then store `nextDueAt` */
  | { kind: 'greet'; year: number; celebration: ShanghaiDate; late: boolean; nextDueAt: number }
  /** more than LATE_GREETING_DAYS past: no late greeting, store `nextDueAt` */
  | { kind: 'tooLate'; year: number; nextDueAt: number }
  /** the stored value does not belong to the birthday (changed, removed, account closed) */
  | { kind: 'reschedule'; nextDueAt: number | null };

/**
 * What to do for one member the job found.
 * @example planBirthdayGreeting({ birthday: { month: 12, day: 10 }, dueAt: shanghaiTime(2026, 12, 10), active: true, greetDaysBefore: 1, now: shanghaiTime(2026, 12, 9, 9) })
 * // { kind: 'greet', year: 2026, celebration: '2026-12-10', late: false, nextDueAt: shanghaiTime(2027, 12, 10) }
 */
export function planBirthdayGreeting(input: {
  birthday: Birthday | null;
  dueAt: number | null;
  active: boolean;
  greetDaysBefore: number;
  now: number;
}): BirthdayGreetingDecision {
  const { birthday, dueAt, active, greetDaysBefore, now } = input;
  if (!active || !birthday)
    return dueAt == null ? { kind: 'wait' } : { kind: 'reschedule', nextDueAt: null };
  const fresh = firstBirthdayDue(birthday, now);
  if (dueAt == null) return { kind: 'reschedule', nextDueAt: fresh };
  const year = shanghaiParts(dueAt).year;
  const celebration = celebrationDate(birthday, year);
  if (shanghaiDate(dueAt) !== celebration || startOfShanghaiDay(dueAt) !== dueAt)
    return { kind: 'reschedule', nextDueAt: fresh };
  if (dueAt > greetingHorizon(now, greetDaysBefore)) return { kind: 'wait' };
  if (dueAt < fresh) return { kind: 'tooLate', year, nextDueAt: fresh };
  return {
    kind: 'greet',
    year,
    celebration,
    late: startOfShanghaiDay(now) > dueAt - greetDaysBefore * DAY_MS,
    nextDueAt: parseShanghaiDate(celebrationDate(birthday, year + 1)),
  };
}
