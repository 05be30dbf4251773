import { describe, expect, it } from '@jest/globals';
import {
  addMonths,
  addShanghaiDays,
  daysInMonth,
  endOfShanghaiDay,
  endOfShanghaiYear,
  isLeapYear,
  parseShanghaiDate,
  shanghaiDate,
  shanghaiDayDiff,
  shanghaiMonth,
  shanghaiParts,
  shanghaiTime,
  startOfShanghaiDay,
} from './calendar';

describe('shanghaiDate', () => {
  it('puts 00:30 Shanghai (16:30 UTC the day before) on the Shanghai day', () => {
    expect(shanghaiDate(Date.UTC(2026, 0, 1, 16, 30))).toBe('2026-01-02');
  });

  it('keeps 23:59 Shanghai (15:59 UTC) on the same day', () => {
    expect(shanghaiDate(Date.UTC(2026, 0, 1, 15, 59))).toBe('2026-01-01');
  });

  it('switches at exactly 16:00:00.000 UTC', () => {
    expect(shanghaiDate(Date.UTC(2026, 5, 30, 15, 59, 59, 999))).toBe('2026-06-30');
    expect(shanghaiDate(Date.UTC(2026, 5, 30, 16, 0, 0, 0))).toBe('2026-07-01');
  });

  it('does not depend on the machine time zone (the suite runs under TZ=UTC and New York)', () => {
    // Around the US daylight-saving switch (8 March 2026) nothing shifts in Shanghai.
    expect(shanghaiDate(Date.UTC(2026, 2, 8, 7, 30))).toBe('2026-03-08');
    expect(shanghaiDate(Date.UTC(2026, 2, 8, 16, 30))).toBe('2026-03-09');
  });
});

describe('shanghaiMonth and shanghaiParts', () => {
  it('puts the last evening of January (UTC) into February in Shanghai', () => {
    expect(shanghaiMonth(Date.UTC(2026, 0, 31, 16, 0))).toBe('2026-02');
  });

  it('returns 1-based month and day, hour and weekday in Shanghai', () => {
    expect(shanghaiParts(Date.UTC(2026, 1, 27, 16, 5))).toEqual({
      year: 2026,
      month: 2,
      day: 28,
      hour: 0,
      minute: 5,
      weekday: 6,
    });
  });
});

describe('shanghaiTime', () => {
  it('is UTC minus eight hours', () => {
    expect(shanghaiTime(2026, 1, 1)).toBe(Date.UTC(2025, 11, 31, 16, 0));
  });

  it('agrees with Date.UTC − 8 h for every day from 1899 to 2101, including leap days', () => {
    for (let t = Date.UTC(1899, 0, 1, 12); t < Date.UTC(2101, 11, 31); t += 86_400_000) {
      const d = new Date(t);
      const [y, m, day] = [d.getUTCFullYear(), d.getUTCMonth() + 1, d.getUTCDate()];
      expect(shanghaiTime(y, m, day, 12)).toBe(t - 8 * 3_600_000);
    }
  });

  it('rolls over out-of-range months, days and hours like Date.UTC', () => {
    expect(shanghaiTime(2026, 13, 1)).toBe(shanghaiTime(2027, 1, 1));
    expect(shanghaiTime(2026, 0, 1)).toBe(shanghaiTime(2025, 12, 1));
    expect(shanghaiTime(2026, 3, 0)).toBe(shanghaiTime(2026, 2, 28));
    expect(shanghaiTime(2026, 1, 1, 24)).toBe(shanghaiTime(2026, 1, 2));
  });

  it('round-trips with shanghaiParts', () => {
    const p = shanghaiParts(shanghaiTime(2028, 2, 29, 13, 45));
    expect([p.year, p.month, p.day, p.hour, p.minute]).toEqual([2028, 2, 29, 13, 45]);
  });
});

describe('start and end of day', () => {
  it('finds Shanghai midnight for a time just after it', () => {
    expect(startOfShanghaiDay(Date.UTC(2026, 0, 1, 16, 30))).toBe(Date.UTC(2026, 0, 1, 16, 0));
  });

  it('finds Shanghai midnight for a time just before the next one', () => {
    expect(startOfShanghaiDay(Date.UTC(2026, 0, 2, 15, 59))).toBe(Date.UTC(2026, 0, 1, 16, 0));
  });

  it('ends the day at 23:59:59.999 Shanghai', () => {
    expect(endOfShanghaiDay(shanghaiTime(2026, 1, 1, 8))).toBe(
      shanghaiTime(2026, 1, 1, 23, 59, 59, 999),
    );
  });

  it('is idempotent at midnight', () => {
    const midnight = shanghaiTime(2026, 5, 1);
    expect(startOfShanghaiDay(midnight)).toBe(midnight);
  });

  it.each([
    ['before 1970 (negative epoch)', Date.UTC(1969, 11, 31, 20, 0)],
    ['the last millisecond of a Shanghai day', shanghaiTime(2028, 2, 29, 23, 59, 59, 999)],
    ['a leap day', shanghaiTime(2028, 2, 29, 12)],
  ])('midnight, date and parts agree at %s', (_name, ts) => {
    const start = startOfShanghaiDay(ts);
    const p = shanghaiParts(ts);
    expect(start).toBe(shanghaiTime(p.year, p.month, p.day));
    expect(shanghaiDate(start)).toBe(shanghaiDate(ts));
    expect(endOfShanghaiDay(ts)).toBe(start + 86_400_000 - 1);
    expect(shanghaiDate(start - 1)).not.toBe(shanghaiDate(ts));
  });
});

describe('endOfShanghaiYear', () => {
  it('ends the following year at 31 Dec 23:59:59.999 Shanghai', () => {
    expect(endOfShanghaiYear(shanghaiTime(2026, 3, 5, 10), 1)).toBe(
      shanghaiTime(2027, 12, 31, 23, 59, 59, 999),
    );
  });

  it('uses the Shanghai year: 31 Dec 17:00 UTC is already 1 Jan in Shanghai', () => {
    expect(endOfShanghaiYear(Date.UTC(2026, 11, 31, 17, 0), 0)).toBe(
      shanghaiTime(2027, 12, 31, 23, 59, 59, 999),
    );
  });

  it('defaults to the current year', () => {
    expect(endOfShanghaiYear(shanghaiTime(2026, 1, 1))).toBe(
      shanghaiTime(2026, 12, 31, 23, 59, 59, 999),
    );
  });
});

describe('addShanghaiDays', () => {
  it('crosses month ends and 28 Feb in a non-leap year', () => {
    expect(shanghaiDate(addShanghaiDays(shanghaiTime(2026, 2, 28, 0, 30), 1))).toBe('2026-03-01');
  });

  it('goes backwards with negative days', () => {
    expect(shanghaiDate(addShanghaiDays(shanghaiTime(2026, 3, 1), -1))).toBe('2026-02-28');
  });
});

describe('shanghaiDayDiff', () => {
  it('counts calendar days, not 24-hour periods', () => {
    expect(shanghaiDayDiff(shanghaiTime(2026, 1, 1, 23, 59), shanghaiTime(2026, 1, 2, 0, 1))).toBe(
      1,
    );
  });

  it('is 0 within the same Shanghai day even across UTC midnight', () => {
    expect(shanghaiDayDiff(shanghaiTime(2026, 1, 1, 7), shanghaiTime(2026, 1, 1, 9))).toBe(0);
  });

  it('is negative when `to` is earlier', () => {
    expect(shanghaiDayDiff(shanghaiTime(2026, 3, 1), shanghaiTime(2026, 2, 1))).toBe(-28);
  });

  it('counts 366 days across a leap year', () => {
    expect(shanghaiDayDiff(shanghaiTime(2028, 1, 1), shanghaiTime(2029, 1, 1))).toBe(366);
  });
});

describe('parseShanghaiDate', () => {
  it('returns Shanghai midnight', () => {
    expect(parseShanghaiDate('2026-02-28')).toBe(shanghaiTime(2026, 2, 28));
  });

  it('rejects 29 Feb in a non-leap year and malformed strings', () => {
    expect(() => parseShanghaiDate('2026-02-29')).toThrow(RangeError);
    expect(() => parseShanghaiDate('2026-2-1')).toThrow(RangeError);
    expect(() => parseShanghaiDate('2026-13-01')).toThrow(RangeError);
  });

  it('accepts 29 Feb in a leap year', () => {
    expect(shanghaiDate(parseShanghaiDate('2028-02-29'))).toBe('2028-02-29');
  });
});

describe('month keys and leap years', () => {
  it('shifts month keys across year boundaries', () => {
    expect(addMonths('2026-01', -1)).toBe('2025-12');
    expect(addMonths('2025-12', 1)).toBe('2026-01');
    expect(addMonths('2026-03', -14)).toBe('2025-01');
  });

  it('knows the Gregorian leap rules', () => {
    expect([2024, 2026, 2100, 2000].map(isLeapYear)).toEqual([true, false, false, true]);
    expect(daysInMonth(2026, 2)).toBe(28);
    expect(daysInMonth(2028, 2)).toBe(29);
    expect(daysInMonth(2026, 12)).toBe(31);
  });
});
