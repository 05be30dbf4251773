/**
 * The Asia/Shanghai calendar, computed explicitly.
 *
 * Every business date (birthdays, "today's" gift cap, month buckets, coupon validity,
 * point expiry) is a Shanghai date, whatever the time zone of the machine running the
 * code (cloud functions run in UTC, a phone may be anywhere). Shanghai is UTC+8 with no
 * daylight saving, so a fixed offset is exact: the Shanghai wall clock is the UTC clock of
 * the instant shifted by 8 hours (dayjs in UTC mode), and a Shanghai midnight is arithmetic.
 * Never `new Date().getDate()`, never the timezone plugin or Intl. (The day functions are on every
 * tag rule's hot path: `utcOffset(480)` cost ~20 µs a call, the arithmetic 0.2 µs.)
 *
 * Timestamps are epoch milliseconds. A "day" is the Shanghai day [00:00, 24:00); an
 * end-of-period timestamp is the last millisecond of the period (…23:59:59.999).
 * `ShanghaiDate` strings are 'YYYY-MM-DD', `ShanghaiMonth` strings 'YYYY-MM'.
 */
import dayjs from 'dayjs';
import utc from 'dayjs/plugin/utc';

dayjs.extend(utc);

export const SHANGHAI_OFFSET_MINUTES = 480;
export const DAY_MS = 86_400_000;
const OFFSET_MS = SHANGHAI_OFFSET_MINUTES * 60_000;

export type ShanghaiDate = string;
export type ShanghaiMonth = string;
export type ShanghaiParts = {
  year: number;
  /** 1–12 */
  month: number;
  /** 1–31 */
  day: number;
  hour: number;
  minute: number;
  /** 0 = Sunday … 6 = Saturday */
  weekday: number;
};

/** The Shanghai wall clock of `ts` as a UTC-mode dayjs (its fields are Shanghai's). */
const wallClock = (ts: number) => dayjs.utc(ts + OFFSET_MS);
/** day number since the epoch (Shanghai) → its date: dates repeat in every rule evaluation */
const dateOfDay = new Map<number, ShanghaiDate>();

/**
 * The Shanghai calendar date of a timestamp.
 * @example shanghaiDate(Date.UTC(2026, 0, 1, 16, 30)) // '2026-01-02' (00:30 in Shanghai)
 */
export function shanghaiDate(ts: number): ShanghaiDate {
  const day = Math.floor((ts + OFFSET_MS) / DAY_MS);
  let date = dateOfDay.get(day);
  if (date === undefined) {
    if (dateOfDay.size >= 20_000) dateOfDay.clear();
    date = wallClock(ts).format('YYYY-MM-DD');
    dateOfDay.set(day, date);
  }
  return date;
}

/**
 * The Shanghai calendar month of a timestamp, the key of monthly buckets.
 * @example shanghaiMonth(Date.UTC(2026, 0, 31, 16, 0)) // '2026-02'
 */
export function shanghaiMonth(ts: number): ShanghaiMonth {
  return shanghaiDate(ts).slice(0, 7);
}

/**
 * Calendar parts of a timestamp in Shanghai.
 * @example shanghaiParts(Date.UTC(2026, 1, 27, 16, 0)) // { year: 2026, month: 2, day: 28, hour: 0, … }
 */
export function shanghaiParts(ts: number): ShanghaiParts {
  const d = wallClock(ts);
  return {
    year: d.year(),
    month: d.month() + 1,
    day: d.date(),
    hour: d.hour(),
    minute: d.minute(),
    weekday: d.day(),
  };
}

/**
 * Days from 1970-01-01 to a proleptic Gregorian date (H. Hinnant's days_from_civil), so
 * building a timestamp needs neither `Date` nor the machine's time zone.
 */
function daysFromCivil(year: number, month: number, day: number): number {
  const y = month <= 2 ? year - 1 : year;
  const era = Math.floor(y / 400);
  const yoe = y - era * 400;
  const doy = Math.floor((153 * ((month + 9) % 12) + 2) / 5) + day - 1;
  const doe = yoe * 365 + Math.floor(yoe / 4) - Math.floor(yoe / 100) + doy;
  return era * 146_097 + doe - 719_468;
}

/**
 * The timestamp of a Shanghai wall-clock time. Out-of-range parts roll over like Date.UTC
 * (month 13 is January of the next year, day 0 the last day of the previous month).
 * @example shanghaiTime(2026, 1, 1) // Date.UTC(2025, 11, 31, 16, 0) — midnight in Shanghai
 */
export function shanghaiTime(
  year: number,
  month: number,
  day: number,
  hour = 0,
  minute = 0,
  second = 0,
  ms = 0,
): number {
  const y = year + Math.floor((month - 1) / 12);
  const m = ((((month - 1) % 12) + 12) % 12) + 1;
  const days = daysFromCivil(y, m, 1) + day - 1;
  return days * DAY_MS + ((hour * 60 + minute) * 60 + second) * 1000 + ms - OFFSET_MS;
}

/**
 * Midnight (00:00:00.000) Shanghai of the day containing `ts`.
 * @example startOfShanghaiDay(Date.UTC(2026, 0, 1, 16, 30)) // Date.UTC(2026, 0, 1, 16, 0)
 */
export function startOfShanghaiDay(ts: number): number {
  const wall = ts + OFFSET_MS;
  return ts - (((wall % DAY_MS) + DAY_MS) % DAY_MS);
}

/**
 * The last millisecond (23:59:59.999) of the Shanghai day containing `ts`.
 * @example endOfShanghaiDay(Date.UTC(2026, 0, 1, 16, 30)) // Date.UTC(2026, 0, 2, 15, 59, 59, 999)
 */
export function endOfShanghaiDay(ts: number): number {
  return startOfShanghaiDay(ts) + DAY_MS - 1;
}

/**
 * The last millisecond of 31 December (Shanghai) of the year of `ts` plus `yearsAhead`.
 * @example endOfShanghaiYear(shanghaiTime(2026, 3, 5), 1) // shanghaiTime(2027, 12, 31, 23, 59, 59, 999)
 */
export function endOfShanghaiYear(ts: number, yearsAhead = 0): number {
  return wallClock(ts).add(yearsAhead, 'year').endOf('year').valueOf() - OFFSET_MS;
}

/**
 * The same Shanghai wall-clock time `days` days later (earlier if negative). Exact, since
 * Shanghai has no daylight saving.
 * @example shanghaiDate(addShanghaiDays(shanghaiTime(2026, 2, 28), 1)) // '2026-03-01'
 */
export function addShanghaiDays(ts: number, days: number): number {
  return ts + days * DAY_MS;
}

/**
 * Whole Shanghai calendar days from `from` to `to` (positive when `to` is later),
 * regardless of the time of day: 23:59 → 00:01 next day is 1.
 * @example shanghaiDayDiff(shanghaiTime(2026, 1, 1, 23, 59), shanghaiTime(2026, 1, 2, 0, 1)) // 1
 */
export function shanghaiDayDiff(from: number, to: number): number {
  return Math.round((startOfShanghaiDay(to) - startOfShanghaiDay(from)) / DAY_MS);
}

/**
 * Midnight Shanghai of a 'YYYY-MM-DD' date; throws on a malformed or impossible date.
 * @example parseShanghaiDate('2026-02-28') // shanghaiTime(2026, 2, 28)
 */
export function parseShanghaiDate(date: ShanghaiDate): number {
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(date);
  if (!m) throw new RangeError(`not a YYYY-MM-DD date: ${date}`);
  const [year, month, day] = [Number(m[1]), Number(m[2]), Number(m[3])];
  if (month < 1 || month > 12 || day < 1 || day > daysInMonth(year, month)) {
    throw new RangeError(`no such date: ${date}`);
  }
  return shanghaiTime(year, month, day);
}

/**
 * A 'YYYY-MM' month key shifted by `months`.
 * @example addMonths('2026-01', -1) // '2025-12'
 */
export function addMonths(month: ShanghaiMonth, months: number): ShanghaiMonth {
  const [y, m] = month.split('-').map(Number);
  const index = y * 12 + (m - 1) + months;
  const year = Math.floor(index / 12);
  return `${String(year).padStart(4, '0')}-${String((index % 12) + 1).padStart(2, '0')}`;
}

/** @example isLeapYear(2028) // true; isLeapYear(2100) // false */
export function isLeapYear(year: number): boolean {
  return (year % 4 === 0 && year % 100 !== 0) || year % 400 === 0;
}

/** @example daysInMonth(2026, 2) // 28 */
export function daysInMonth(year: number, month: number): number {
  return [31, isLeapYear(year) ? 29 : 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31][month - 1];
}
