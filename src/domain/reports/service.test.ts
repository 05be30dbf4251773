import { describe, expect, it } from '@jest/globals';
import { serviceFigures } from './service';

describe('serviceFigures', () => {
  it.each([
    [
      { tasksDue: 0, tasksDone: 0, resolvedTickets: 0, handlingMs: 0 },
      { completionRate: null, avgHandlingMs: null },
    ],
    [
      { tasksDue: 4, tasksDone: 3, resolvedTickets: 2, handlingMs: 7_200_000 },
      { completionRate: 0.75, avgHandlingMs: 3_600_000 },
    ],
    [
      { tasksDue: 3, tasksDone: 0, resolvedTickets: 3, handlingMs: 100 },
      { completionRate: 0, avgHandlingMs: 33 },
    ],
  ])('%j → %j', (counts, expected) => {
    const { handlingMs: _ms, ...rest } = counts;
    expect(serviceFigures(counts)).toEqual({ ...rest, ...expected });
  });
});
