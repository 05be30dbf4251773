import { describe, expect, it } from '@jest/globals';
import { shanghaiTime } from '../calendar';
import { dueAtOfDate, isOverdue, overdueDays, poolAt, poolCutoff, shouldPool } from './followUp';

const due = dueAtOfDate('2026-12-01'); // 23:59:59.999 on 1 December, Shanghai
const open = { state: 'open', dueAt: due };

describe('overdue, on the Shanghai calendar', () => {
  it('a task for a date is due at the end of that Shanghai day', () => {
    expect(due).toBe(shanghaiTime(2026, 12, 1, 23, 59, 59, 999));
  });
  it.each([
    ['during its day', shanghaiTime(2026, 12, 1, 23, 59), false, 0],
    ['just after midnight the next day', shanghaiTime(2026, 12, 2, 0, 0), true, 1],
    ['three days on', shanghaiTime(2026, 12, 4, 12), true, 3],
  ])('%s: overdue %s, %s days', (_w, now, overdue, days) => {
    expect(isOverdue(open, now)).toBe(overdue);
    expect(overdueDays(open, now)).toBe(days);
  });
  it.each(['done', 'pooled', 'expired'])('a %s task is never overdue', (state) => {
    expect(isOverdue({ state, dueAt: due }, shanghaiTime(2026, 12, 9))).toBe(false);
  });
});

describe('the pool, 7 days after the due time', () => {
  it.each([
    ['6 days after the due day', shanghaiTime(2026, 12, 8, 12), false],
    ['7 days after the due time, to the millisecond', poolAt(due), true],
    ['a millisecond before', poolAt(due) - 1, false],
    ['long after', shanghaiTime(2027, 1, 1), true],
  ])('%s: pooled %s', (_w, now, pooled) => {
    expect(shouldPool(open, now)).toBe(pooled);
    // the sweep's range query agrees with the rule
    expect(due <= poolCutoff(now)).toBe(pooled);
  });
  it('counts from the due time, not creation: a task created early keeps its week', () => {
    const early = { state: 'open', dueAt: dueAtOfDate('2026-12-20') };
    expect(shouldPool(early, shanghaiTime(2026, 12, 26, 12))).toBe(false);
    expect(shouldPool(early, shanghaiTime(2026, 12, 28))).toBe(true);
  });
  it('a shorter pool delay by setting', () => {
    expect(shouldPool(open, shanghaiTime(2026, 12, 5), 3)).toBe(true);
    expect(shouldPool(open, shanghaiTime(2026, 12, 5), 4)).toBe(false);
  });
  it('only open tasks go to the pool', () => {
    expect(shouldPool({ state: 'done', dueAt: due }, shanghaiTime(2027, 1, 1))).toBe(false);
  });
});
