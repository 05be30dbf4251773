import { describe, expect, it } from '@jest/globals';
import {
  firstBirthdayDue,
  greetingHorizon,
  LATE_GREETING_DAYS,
  planBirthdayGreeting,
  type BirthdayGreetingDecision,
} from './birthdayGreeting';
import type { Birthday } from './birthday';
import { shanghaiDate, shanghaiTime } from './calendar';

const DEC10: Birthday = { month: 12, day: 10, year: 1990 };
const LEAP: Birthday = { month: 2, day: 29, year: 1996 };

/** A readable decision: due dates as Shanghai dates. */
function plan(
  birthday: Birthday | null,
  dueAt: number | null,
  now: number,
  greetDaysBefore = 1,
  active = true,
) {
  const d: BirthdayGreetingDecision = planBirthdayGreeting({
    birthday,
    dueAt,
    active,
    greetDaysBefore,
    now,
  });
  const next =
    'nextDueAt' in d ? (d.nextDueAt === null ? null : shanghaiDate(d.nextDueAt)) : undefined;
  return { ...d, ...(next !== undefined ? { nextDueAt: next } : {}) };
}

describe('firstBirthdayDue: what birthdayDueAt is set to when the birthday is recorded', () => {
  it.each([
    ['the evening before the greeting day', shanghaiTime(2026, 12, 8, 20), '2026-12-10'],
    ['on the greeting day, after the morning run', shanghaiTime(2026, 12, 9, 15), '2026-12-10'],
    ['on the birthday itself', shanghaiTime(2026, 12, 10, 18), '2026-12-10'],
    [
      '3 days after the birthday (still greeted, late)',
      shanghaiTime(2026, 12, 13, 12),
      '2026-12-10',
    ],
    [
      '7 days after: the last day of the catch-up',
      shanghaiTime(2026, 12, 17, 23, 59),
      '2026-12-10',
    ],
    ['8 days after: next year', shanghaiTime(2026, 12, 18, 0, 0), '2027-12-10'],
    ['months before', shanghaiTime(2026, 3, 1), '2026-12-10'],
  ])('%s', (_label, now, due) => {
    expect(shanghaiDate(firstBirthdayDue(DEC10, now))).toBe(due);
  });

  it('a birthday just past at New Year belongs to last year (2 Jan, birthday 30 Dec)', () => {
    expect(shanghaiDate(firstBirthdayDue({ month: 12, day: 30 }, shanghaiTime(2027, 1, 2)))).toBe(
      '2026-12-30',
    );
  });

  it('29 February: 28 Feb in a non-leap year, 29 Feb in a leap year', () => {
    expect(shanghaiDate(firstBirthdayDue(LEAP, shanghaiTime(2027, 1, 5)))).toBe('2027-02-28');
    expect(shanghaiDate(firstBirthdayDue(LEAP, shanghaiTime(2028, 1, 5)))).toBe('2028-02-29');
  });

  it('is midnight Shanghai, computed under any machine time zone (16:30 UTC = 00:30 next day)', () => {
    const due = firstBirthdayDue(DEC10, Date.UTC(2026, 11, 9, 16, 30)); // 10 Dec 00:30 Shanghai
    expect(due).toBe(shanghaiTime(2026, 12, 10));
    expect(due).toBe(Date.UTC(2026, 11, 9, 16, 0));
  });
});

describe('greetingHorizon', () => {
  it('is midnight Shanghai of today + greetDaysBefore', () => {
    expect(greetingHorizon(shanghaiTime(2026, 12, 9, 9, 30), 1)).toBe(shanghaiTime(2026, 12, 10));
    expect(greetingHorizon(shanghaiTime(2026, 12, 9, 23, 59), 0)).toBe(shanghaiTime(2026, 12, 9));
  });
});

describe('planBirthdayGreeting', () => {
  const due = shanghaiTime(2026, 12, 10);

  it('set the evening before: waits that evening, greets at the next morning’s run', () => {
    const setAt = shanghaiTime(2026, 12, 8, 20);
    const dueAt = firstBirthdayDue(DEC10, setAt);
    expect(plan(DEC10, dueAt, shanghaiTime(2026, 12, 8, 21))).toEqual({ kind: 'wait' });
    expect(plan(DEC10, dueAt, shanghaiTime(2026, 12, 9, 9))).toEqual({
      kind: 'greet',
      year: 2026,
      celebration: '2026-12-10',
      late: false,
      nextDueAt: '2027-12-10',
    });
  });

  it('set on the greeting day after the run: due at once (the next run greets)', () => {
    expect(plan(DEC10, due, shanghaiTime(2026, 12, 9, 15))).toMatchObject({
      kind: 'greet',
      late: false,
    });
  });

  it('set after the birthday, within the catch-up limit: greeted late, once', () => {
    expect(plan(DEC10, due, shanghaiTime(2026, 12, 13, 9))).toMatchObject({
      kind: 'greet',
      year: 2026,
      late: true,
      nextDueAt: '2027-12-10',
    });
  });

  it('an outage of several days: the first run afterwards greets', () => {
    // nothing ran from 8 to 14 December
    expect(plan(DEC10, due, shanghaiTime(2026, 12, 15, 9))).toMatchObject({
      kind: 'greet',
      year: 2026,
      late: true,
    });
  });

  it(`more than ${LATE_GREETING_DAYS} days past: no late greeting, next year instead`, () => {
    expect(plan(DEC10, due, shanghaiTime(2026, 12, 18, 9))).toEqual({
      kind: 'tooLate',
      year: 2026,
      nextDueAt: '2027-12-10',
    });
  });

  it('greets exactly on the configured day: greetDaysBefore 3 → 7 December, not 6', () => {
    expect(plan(DEC10, due, shanghaiTime(2026, 12, 6, 23, 59), 3)).toEqual({ kind: 'wait' });
    expect(plan(DEC10, due, shanghaiTime(2026, 12, 7, 0, 0), 3)).toMatchObject({
      kind: 'greet',
      late: false,
    });
  });

  it('greetDaysBefore 0 greets on the birthday itself', () => {
    expect(plan(DEC10, due, shanghaiTime(2026, 12, 9, 12), 0)).toEqual({ kind: 'wait' });
    expect(plan(DEC10, due, shanghaiTime(2026, 12, 10, 9), 0)).toMatchObject({
      kind: 'greet',
      late: false,
    });
  });

  it('after greeting, the stored next year waits all year', () => {
    expect(plan(DEC10, shanghaiTime(2027, 12, 10), shanghaiTime(2026, 12, 9, 9, 10))).toEqual({
      kind: 'wait',
    });
    expect(plan(DEC10, shanghaiTime(2027, 12, 10), shanghaiTime(2027, 12, 9, 9))).toMatchObject({
      kind: 'greet',
      year: 2027,
    });
  });

  it('uses Shanghai dates under TZ=UTC: 00:30 on 9 Dec in Shanghai (16:30 UTC on the 8th) greets', () => {
    expect(plan(DEC10, due, Date.UTC(2026, 11, 8, 16, 30))).toMatchObject({ kind: 'greet' });
    expect(plan(DEC10, due, Date.UTC(2026, 11, 8, 15, 59))).toEqual({ kind: 'wait' });
  });

  it('29 February: greeted on 27 Feb for 28 Feb in 2027, next on 29 Feb 2028', () => {
    const d2027 = firstBirthdayDue(LEAP, shanghaiTime(2027, 1, 1));
    expect(plan(LEAP, d2027, shanghaiTime(2027, 2, 26, 9))).toEqual({ kind: 'wait' });
    expect(plan(LEAP, d2027, shanghaiTime(2027, 2, 27, 9))).toEqual({
      kind: 'greet',
      year: 2027,
      celebration: '2027-02-28',
      late: false,
      nextDueAt: '2028-02-29',
    });
    expect(plan(LEAP, shanghaiTime(2028, 2, 29), shanghaiTime(2028, 2, 27, 9))).toEqual({
      kind: 'wait',
    });
    expect(plan(LEAP, shanghaiTime(2028, 2, 29), shanghaiTime(2028, 2, 28, 9))).toMatchObject({
      kind: 'greet',
      celebration: '2028-02-29',
      nextDueAt: '2029-02-28',
    });
  });

  it('a birthday on 1 January is greeted on 31 December for the new year', () => {
    const jan1 = { month: 1, day: 1 };
    expect(plan(jan1, shanghaiTime(2027, 1, 1), shanghaiTime(2026, 12, 31, 9))).toMatchObject({
      kind: 'greet',
      year: 2027,
      nextDueAt: '2028-01-01',
    });
  });

  it('reschedules a value that no longer fits the birthday (a clerk corrected it)', () => {
    // stored for 10 Dec, the birthday is now 20 Dec
    expect(plan({ month: 12, day: 20 }, due, shanghaiTime(2026, 12, 9, 9))).toEqual({
      kind: 'reschedule',
      nextDueAt: '2026-12-20',
    });
    // not midnight
    expect(plan(DEC10, due + 1, shanghaiTime(2026, 12, 9, 9))).toMatchObject({
      kind: 'reschedule',
    });
    // missing on a member with a birthday (data from before the field existed)
    expect(plan(DEC10, null, shanghaiTime(2026, 12, 9, 9))).toEqual({
      kind: 'reschedule',
      nextDueAt: '2026-12-10',
    });
  });

  it('clears the value of a closed account or a removed birthday', () => {
    expect(plan(DEC10, due, shanghaiTime(2026, 12, 9, 9), 1, false)).toEqual({
      kind: 'reschedule',
      nextDueAt: null,
    });
    expect(plan(null, due, shanghaiTime(2026, 12, 9, 9))).toEqual({
      kind: 'reschedule',
      nextDueAt: null,
    });
    expect(plan(null, null, shanghaiTime(2026, 12, 9, 9))).toEqual({ kind: 'wait' });
  });
});
