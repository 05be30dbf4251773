import { describe, expect, it } from '@jest/globals';
import { summarise } from './coverage.mjs';

const totals = (covered: number, total: number) => ({
  lines: { covered, total },
  branches: { covered: 1, total: 2 },
  functions: { covered: 0, total: 0 },
});

describe('coverage summary', () => {
  it('sums the files of each area and leaves out the rest', () => {
    const report = {
      total: totals(999, 999),
      '/repo/src/domain/a.ts': totals(9, 10),
      '/repo/src/domain/sub/b.ts': totals(1, 10),
      '/repo/src/domainx/c.ts': totals(0, 10),
      '/repo/cloudfunctions/x/index.ts': totals(3, 4),
    };
    expect(summarise(report, '/repo')).toEqual([
      'coverage src/domain: lines 50.0% · branches 50.0% · functions – (2 files)',
      'coverage cloudfunctions: lines 75.0% · branches 50.0% · functions – (1 files)',
    ]);
  });
});
