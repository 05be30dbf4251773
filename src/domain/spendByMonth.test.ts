import { describe, expect, it } from '@jest/globals';
import { shanghaiTime } from './calendar';
import { addSpend, pruneSpendByMonth, rollingSpend } from './spendByMonth';

describe('rollingSpend', () => {
  const buckets = {
    '2025-11': 9_000, // 13 months back from 2026-11: outside
    '2025-12': 1_000,
    '2026-06': 2_000,
    '2026-11': 5_000,
    '2026-12': 7_000, // after now: ignored
  };

  it('sums the 12 months ending with the current Shanghai month', () => {
    expect(rollingSpend(buckets, shanghaiTime(2026, 11, 20))).toBe(8_000);
  });

  it('uses the Shanghai month: 30 Nov 16:30 UTC is already December', () => {
    expect(rollingSpend(buckets, Date.UTC(2026, 10, 30, 16, 30))).toBe(2_000 + 5_000 + 7_000);
  });

  it('supports other windows (3 months for tags)', () => {
    expect(rollingSpend(buckets, shanghaiTime(2026, 11, 1), 3)).toBe(5_000);
  });

  it('is 0 for no buckets', () => {
    expect(rollingSpend({}, shanghaiTime(2026, 1, 1))).toBe(0);
  });
});

describe('addSpend', () => {
  it('adds to the Shanghai month of the order', () => {
    expect(addSpend({}, Date.UTC(2026, 10, 30, 16, 30), 8_600)).toEqual({ '2026-12': 8_600 });
    expect(addSpend({ '2026-11': 100 }, shanghaiTime(2026, 11, 30, 23, 59), 50)).toEqual({
      '2026-11': 150,
    });
  });

  it('does not mutate the original buckets', () => {
    const before = { '2026-11': 100 };
    addSpend(before, shanghaiTime(2026, 11, 2), 50);
    expect(before).toEqual({ '2026-11': 100 });
  });

  it('prunes to the last 13 months', () => {
    const out = addSpend(
      { '2025-10': 1, '2025-11': 2, '2026-01': 3 },
      shanghaiTime(2026, 11, 2),
      4,
    );
    expect(out).toEqual({ '2025-11': 2, '2026-01': 3, '2026-11': 4 });
  });

  it('keeps newer months when a late (offline-synced) order is for an older month', () => {
    const out = addSpend({ '2026-11': 10 }, shanghaiTime(2026, 10, 31), 5);
    expect(out).toEqual({ '2026-10': 5, '2026-11': 10 });
  });

  it('never lets a refund take a bucket below zero, and drops empty buckets', () => {
    expect(addSpend({ '2026-11': 100, '2026-10': 7 }, shanghaiTime(2026, 11, 2), -300)).toEqual({
      '2026-10': 7,
    });
  });
});

describe('pruneSpendByMonth', () => {
  it('keeps the 13 months ending with now', () => {
    expect(
      pruneSpendByMonth({ '2025-10': 1, '2025-11': 2, '2026-11': 3 }, shanghaiTime(2026, 11, 1)),
    ).toEqual({
      '2025-11': 2,
      '2026-11': 3,
    });
  });
});
