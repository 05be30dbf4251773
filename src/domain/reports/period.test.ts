import { describe, expect, it } from '@jest/globals';
import { shanghaiTime } from '../calendar';
import { reportPeriods } from './period';

describe('reportPeriods', () => {
  it('ends yesterday (Shanghai) and covers 7 whole days', () => {
    const { current } = reportPeriods(7, shanghaiTime(2026, 12, 2, 10));
    expect(current.dates).toEqual([
      '2026-11-25',
      '2026-11-26',
      '2026-11-27',
      '2026-11-28',
      '2026-11-29',
      '2026-11-30',
      '2026-12-01',
    ]);
    expect(current.to).toBe(shanghaiTime(2026, 12, 2));
    expect(current.label).toBe('11月25日–12月1日');
  });
  it('the previous period is the same length just before', () => {
    const { current, previous } = reportPeriods(30, shanghaiTime(2026, 12, 2, 10));
    expect(previous.to).toBe(current.from);
    expect(previous.dates).toHaveLength(30);
    expect(previous.dates[29]).toBe('2026-11-01');
  });
  it('at 00:30 Shanghai (16:30 UTC the day before) yesterday is the Shanghai yesterday', () => {
    const { current } = reportPeriods(7, shanghaiTime(2026, 12, 2, 0, 30));
    expect(current.dates[6]).toBe('2026-12-01');
  });
  it('crosses a year end', () => {
    const { current } = reportPeriods(7, shanghaiTime(2027, 1, 3, 9));
    expect(current.dates[0]).toBe('2026-12-27');
    expect(current.dates[6]).toBe('2027-01-02');
  });
});
