import { describe, expect, it } from '@jest/globals';
import { shanghaiTime } from './calendar';
import { periodRange, type PeriodSpec } from './figuresPeriod';

const now = shanghaiTime(2026, 1, 10, 0, 30); // 2026-01-09 16:30 UTC

describe('the figures period (Shanghai days, [from, to))', () => {
  it.each<[string, PeriodSpec, unknown]>([
    [
      'this month, to its end',
      { kind: 'thisMonth' },
      {
        ok: true,
        from: shanghaiTime(2026, 1, 1),
        to: shanghaiTime(2026, 2, 1),
        label: '2026年1月',
      },
    ],
    [
      'last month across a year',
      { kind: 'lastMonth' },
      {
        ok: true,
        from: shanghaiTime(2025, 12, 1),
        to: shanghaiTime(2026, 1, 1),
        label: '2025年12月',
      },
    ],
    [
      'custom dates, both days included',
      { kind: 'custom', from: '2025-12-28', to: '2026-01-03' },
      {
        ok: true,
        from: shanghaiTime(2025, 12, 28),
        to: shanghaiTime(2026, 1, 4),
        label: '2025-12-28 至 2026-01-03',
      },
    ],
    [
      'one custom day in a year',
      { kind: 'custom', from: '2026-01-05', to: '2026-01-05' },
      {
        ok: true,
        from: shanghaiTime(2026, 1, 5),
        to: shanghaiTime(2026, 1, 6),
        label: '2026年1月5日–1月5日',
      },
    ],
    [
      'custom end before start',
      { kind: 'custom', from: '2026-01-05', to: '2026-01-04' },
      { ok: false, reason: '结束日期不能早于开始日期' },
    ],
    [
      'an impossible date',
      { kind: 'custom', from: '2026-02-30', to: '2026-03-01' },
      { ok: false, reason: '日期格式不正确' },
    ],
    [
      'longer than 92 days',
      { kind: 'custom', from: '2025-01-01', to: '2025-04-30' },
      { ok: false, reason: '自定义时间段最长 92 天' },
    ],
  ])('%s', (_case, spec, expected) => {
    expect(periodRange(spec, now)).toEqual(expected);
  });
});
