/**
 * Birthdays are calendar facts, not instants: stored as `{ month, day, year? }` and
 * compared with Shanghai dates only, so a birthday never shifts by a time zone.
 *
 * 29 February is celebrated on 28 February in non-leap years (never skipped, never moved
 * to 1 March). The birthday timer finds members by the midnight of their next celebration
 * (`birthdayDueAt`, domain/birthdayGreeting.ts), not by month and day.
 */
import { AppError } from '../contracts/errors';
import {
  type ShanghaiDate,
  daysInMonth,
  parseShanghaiDate,
  shanghaiDate,
  shanghaiDayDiff,
  shanghaiParts,
  shanghaiTime,
  startOfShanghaiDay,
} from './calendar';

export type Birthday = {
  /** 1–12 */
  month: number;
  /** 1–31, valid for the month (29 allowed in February) */
  day: number;
  year?: number | null;
};

/**
 * Whether month/day(/year) form a real birthday. Without a year, 29 Feb is valid.
 * @example isValidBirthday({ month: 2, day: 30 }) // false
 */
export function isValidBirthday(b: Birthday): boolean {
  if (!Number.isInteger(b.month) || !Number.isInteger(b.day)) return false;
  if (b.month < 1 || b.month > 12 || b.day < 1) return false;
  const year = b.year ?? 2000; // a leap year, so 29 Feb passes when the year is unknown
  if (b.year != null && (!Number.isInteger(b.year) || b.year < 1900 || b.year > 9999)) return false;
  return b.day <= daysInMonth(year, b.month);
}

/**
 * Whether a birthday may be recorded now (by the member or at the till): a real date, and a
 * birth year, when given, not after this Shanghai year.
 * @example isRecordableBirthday({ month: 5, day: 1, year: 2027 }, shanghaiTime(2026, 12, 1)) // false
 */
export function isRecordableBirthday(b: Birthday, now: number): boolean {
  return isValidBirthday(b) && (b.year == null || b.year <= shanghaiParts(now).year);
}

/** `isRecordableBirthday`, or COMMON.INVALID_INPUT with the one message both forms show. */
export function ensureRecordableBirthday(b: Birthday, now: number): void {
  if (!isRecordableBirthday(b, now))
    throw new AppError('COMMON.INVALID_INPUT', '生日日期不正确，请检查后重试', {
      issues: [{ path: ['birthday'], code: 'custom' }],
    });
}

/**
 * The date the birthday is celebrated in a given year (29 Feb → 28 Feb in non-leap years).
 * @example celebrationDate({ month: 2, day: 29 }, 2026) // '2026-02-28'
 */
export function celebrationDate(birthday: Birthday, year: number): ShanghaiDate {
  const day = Math.min(birthday.day, daysInMonth(year, birthday.month));
  return shanghaiDate(shanghaiTime(year, birthday.month, day));
}

/**
 * Whether `now` falls on the member's birthday (Shanghai date).
 * @example isBirthdayToday({ month: 1, day: 2 }, Date.UTC(2026, 0, 1, 16, 30)) // true (00:30 on 2 Jan in Shanghai)
 */
export function isBirthdayToday(birthday: Birthday, now: number): boolean {
  return celebrationDate(birthday, shanghaiParts(now).year) === shanghaiDate(now);
}

/**
 * Whether `now` is in the birthday month (Shanghai), for birthday-month benefits.
 * @example isBirthdayMonth({ month: 5, day: 20 }, shanghaiTime(2026, 5, 1)) // true
 */
export function isBirthdayMonth(birthday: Birthday, now: number): boolean {
  return shanghaiParts(now).month === birthday.month;
}

/**
 * Midnight Shanghai of the next celebration, today included.
 * @example shanghaiDate(nextBirthday({ month: 2, day: 29 }, shanghaiTime(2026, 1, 10))) // '2026-02-28'
 */
export function nextBirthday(birthday: Birthday, now: number): number {
  const today = startOfShanghaiDay(now);
  const { year } = shanghaiParts(now);
  const thisYear = parseShanghaiDate(celebrationDate(birthday, year));
  return thisYear >= today ? thisYear : parseShanghaiDate(celebrationDate(birthday, year + 1));
}

/**
 * Shanghai days until the next celebration; 0 on the day itself.
 * @example daysUntilBirthday({ month: 3, day: 4 }, shanghaiTime(2026, 3, 1, 22)) // 3
 */
export function daysUntilBirthday(birthday: Birthday, now: number): number {
  return shanghaiDayDiff(now, nextBirthday(birthday, now));
}
