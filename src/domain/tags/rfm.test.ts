import { describe, expect, it } from '@jest/globals';
import { amountScore, quintileBreakpoints, recencyScore } from './rfm';

describe('RFM scores', () => {
  it.each([
    [0, 5],
    [15, 5],
    [16, 4],
    [30, 4],
    [60, 3],
    [120, 2],
    [121, 1],
  ])('recency: %d days → %d', (days, score) => {
    expect(recencyScore(days, [15, 30, 60, 120])).toBe(score);
  });

  it.each([
    [0, 1],
    [1, 1],
    [2, 2],
    [4, 3],
    [7, 3],
    [8, 4],
    [12, 5],
    [99, 5],
  ])('frequency: %d orders → %d', (orders, score) => {
    expect(amountScore(orders, [2, 4, 8, 12])).toBe(score);
  });
});

describe('quintileBreakpoints', () => {
  it('splits a distribution into five equal groups', () => {
    expect(quintileBreakpoints([1, 2, 3, 4, 5, 6, 7, 8, 9, 10])).toEqual([2, 4, 6, 8]);
  });

  it('stays strictly ascending when many members share a value', () => {
    expect(quintileBreakpoints([1, 1, 1, 1, 1, 1, 1, 1, 9, 10], 1)).toEqual([1, 2, 3, 4]);
    expect(quintileBreakpoints([1, 1, 1, 1, 1, 1, 9, 9, 9, 10], 1)).toEqual([1, 2, 3, 9]);
  });

  it('answers usable breakpoints for an empty chain', () => {
    expect(quintileBreakpoints([], 1)).toEqual([1, 2, 3, 4]);
  });
});
