import { describe, expect, it } from '@jest/globals';
import {
  celebrationDate,
  daysUntilBirthday,
  isBirthdayMonth,
  isBirthdayToday,
  ensureRecordableBirthday,
  isRecordableBirthday,
  isValidBirthday,
  nextBirthday,
} from './birthday';
import { shanghaiDate, shanghaiTime } from './calendar';

describe('isBirthdayToday', () => {
  it('counts 00:30 Shanghai (16:30 UTC the previous day) as the Shanghai day', () => {
    const now = Date.UTC(2026, 4, 19, 16, 30); // 2026-05-20 00:30 in Shanghai
    expect(isBirthdayToday({ month: 5, day: 20 }, now)).toBe(true);
    expect(isBirthdayToday({ month: 5, day: 19 }, now)).toBe(false);
  });

  it('still counts 23:59 Shanghai (15:59 UTC)', () => {
    expect(isBirthdayToday({ month: 5, day: 20 }, Date.UTC(2026, 4, 20, 15, 59))).toBe(true);
  });

  it('celebrates 29 Feb on 28 Feb in 2026 (non-leap)', () => {
    expect(isBirthdayToday({ month: 2, day: 29 }, shanghaiTime(2026, 2, 28, 9))).toBe(true);
    expect(isBirthdayToday({ month: 2, day: 29 }, shanghaiTime(2026, 3, 1, 9))).toBe(false);
  });

  it('celebrates 29 Feb on 29 Feb (not 28 Feb) in a leap year', () => {
    expect(isBirthdayToday({ month: 2, day: 29 }, shanghaiTime(2028, 2, 28, 9))).toBe(false);
    expect(isBirthdayToday({ month: 2, day: 29 }, shanghaiTime(2028, 2, 29, 9))).toBe(true);
  });

  it('ignores the birth year', () => {
    expect(isBirthdayToday({ month: 7, day: 1, year: 1990 }, shanghaiTime(2026, 7, 1))).toBe(true);
  });
});

describe('nextBirthday and daysUntilBirthday', () => {
  it('is today on the birthday itself', () => {
    const now = shanghaiTime(2026, 6, 1, 20);
    expect(nextBirthday({ month: 6, day: 1 }, now)).toBe(shanghaiTime(2026, 6, 1));
    expect(daysUntilBirthday({ month: 6, day: 1 }, now)).toBe(0);
  });

  it('rolls over to next year once the day has passed', () => {
    expect(shanghaiDate(nextBirthday({ month: 1, day: 5 }, shanghaiTime(2026, 1, 6)))).toBe(
      '2027-01-05',
    );
    expect(daysUntilBirthday({ month: 1, day: 5 }, shanghaiTime(2026, 1, 6))).toBe(364);
  });

  it('counts Shanghai calendar days regardless of time of day', () => {
    expect(daysUntilBirthday({ month: 3, day: 4 }, shanghaiTime(2026, 3, 1, 23, 59))).toBe(3);
    expect(daysUntilBirthday({ month: 3, day: 4 }, shanghaiTime(2026, 3, 1, 0, 1))).toBe(3);
  });

  it('lands on 28 Feb for a leap-day birthday in a non-leap year', () => {
    expect(shanghaiDate(nextBirthday({ month: 2, day: 29 }, shanghaiTime(2026, 1, 10)))).toBe(
      '2026-02-28',
    );
  });

  it('lands on 29 Feb in the next leap year after 28 Feb of the year before', () => {
    expect(shanghaiDate(nextBirthday({ month: 2, day: 29 }, shanghaiTime(2027, 3, 1)))).toBe(
      '2028-02-29',
    );
  });

  it('finds the birthday 1 day ahead for the day-before greeting under UTC clocks', () => {
    // The timer runs at 09:00 Shanghai = 01:00 UTC.
    expect(daysUntilBirthday({ month: 12, day: 25 }, Date.UTC(2026, 11, 24, 1, 0))).toBe(1);
  });
});

describe('celebrationDate, isBirthdayMonth, isValidBirthday', () => {
  it('moves 29 Feb to 28 Feb only in non-leap years', () => {
    expect(celebrationDate({ month: 2, day: 29 }, 2026)).toBe('2026-02-28');
    expect(celebrationDate({ month: 2, day: 29 }, 2028)).toBe('2028-02-29');
  });

  it('knows the birthday month in Shanghai', () => {
    expect(isBirthdayMonth({ month: 5, day: 20 }, Date.UTC(2026, 3, 30, 16, 0))).toBe(true);
    expect(isBirthdayMonth({ month: 5, day: 20 }, Date.UTC(2026, 3, 30, 15, 0))).toBe(false);
  });

  it('accepts 29 Feb without a year or in a leap year, rejects impossible dates', () => {
    expect(isValidBirthday({ month: 2, day: 29 })).toBe(true);
    expect(isValidBirthday({ month: 2, day: 29, year: 1996 })).toBe(true);
    expect(isValidBirthday({ month: 2, day: 29, year: 1995 })).toBe(false);
    expect(isValidBirthday({ month: 4, day: 31 })).toBe(false);
    expect(isValidBirthday({ month: 13, day: 1 })).toBe(false);
    expect(isValidBirthday({ month: 1.5, day: 1 })).toBe(false);
  });
});

describe('isRecordableBirthday', () => {
  const now = shanghaiTime(2026, 12, 1, 10);
  it('accepts a birth year of this Shanghai year', () => {
    expect(isRecordableBirthday({ month: 5, day: 1, year: 2026 }, now)).toBe(true);
  });
  it('refuses a birth year after this Shanghai year', () => {
    expect(isRecordableBirthday({ month: 5, day: 1, year: 2027 }, now)).toBe(false);
  });
  it('accepts a birthday without a year, 29 February included', () => {
    expect(isRecordableBirthday({ month: 2, day: 29, year: null }, now)).toBe(true);
  });
  it('takes the year in Shanghai: 2027 is already this year there at 16:00 UTC on 31 December', () => {
    expect(isRecordableBirthday({ month: 1, day: 1, year: 2027 }, Date.UTC(2026, 11, 31, 16))).toBe(
      true,
    );
  });
  it('refuses a date that does not exist', () => {
    expect(isRecordableBirthday({ month: 2, day: 29, year: 2025 }, now)).toBe(false);
  });
  it('ensureRecordableBirthday throws COMMON.INVALID_INPUT with the form message', () => {
    expect(() => ensureRecordableBirthday({ month: 13, day: 1 }, now)).toThrow(
      '生日日期不正确，请检查后重试',
    );
  });
});
