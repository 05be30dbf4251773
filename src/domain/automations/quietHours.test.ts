import { describe, expect, it } from '@jest/globals';
import { shanghaiTime } from '../calendar';
import { DEFAULT_QUIET_HOURS, isQuiet, quietHoursSchema, sendableAt } from './quietHours';

const at = (h: number, m = 0, d = 20) => shanghaiTime(2026, 11, d, h, m);

describe('quiet hours 21:00–09:00 Shanghai (tests run under TZ=UTC)', () => {
  it.each([
    [8, 59, true],
    [9, 0, false],
    [12, 0, false],
    [20, 59, false],
    [21, 0, true],
    [23, 59, true],
    [0, 0, true],
  ])('%d:%d quiet → %s', (h, m, quiet) => {
    expect(isQuiet(at(h, m), DEFAULT_QUIET_HOURS)).toBe(quiet);
  });

  it('defers the evening to 09:00 the next day, the early morning to 09:00 the same day', () => {
    expect(sendableAt(at(22, 15), DEFAULT_QUIET_HOURS)).toBe(at(9, 0, 21));
    expect(sendableAt(at(6, 30), DEFAULT_QUIET_HOURS)).toBe(at(9, 0));
    expect(sendableAt(at(10, 0), DEFAULT_QUIET_HOURS)).toBe(at(10, 0));
  });

  it('a window within one day, and none at all (start = end)', () => {
    const lunch = { start: '12:00', end: '13:30' };
    expect(isQuiet(at(12, 45), lunch)).toBe(true);
    expect(sendableAt(at(12, 45), lunch)).toBe(at(13, 30));
    expect(isQuiet(at(3, 0), { start: '09:00', end: '09:00' })).toBe(false);
  });

  it('validates HH:mm', () => {
    expect(quietHoursSchema.safeParse({ start: '21:00', end: '09:00' }).success).toBe(true);
    expect(quietHoursSchema.safeParse({ start: '24:00', end: '09:00' }).success).toBe(false);
    expect(quietHoursSchema.safeParse({ start: '9:00', end: '09:00' }).success).toBe(false);
  });
});
