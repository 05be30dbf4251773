import { describe, expect, it } from '@jest/globals';
import { refundedLines, splitByLines } from './refundLines';

const lines = [
  { category: '家居清洁', amountFen: 15_800 },
  { category: '个人护理', amountFen: 10_000 },
];

describe('splitByLines', () => {
  it('splits in proportion and the parts sum to the total', () => {
    expect(splitByLines(lines, 12_900)).toEqual([7_900, 5_000]);
    const odd = splitByLines(
      [
        { category: 'a', amountFen: 1 },
        { category: 'b', amountFen: 1 },
        { category: 'c', amountFen: 1 },
      ],
      100,
    );
    expect(odd).toEqual([34, 33, 33]);
  });

  it('gives nothing for a zero total or zero-amount lines', () => {
    expect(splitByLines(lines, 0)).toEqual([0, 0]);
    expect(splitByLines([{ category: 'a', amountFen: 0 }], 10)).toEqual([0]);
  });
});

describe('refundedLines', () => {
  it('a full refund gives back every line', () => {
    expect(
      refundedLines(lines, { paidFen: 24_800, refundedBeforeFen: 0, refundedAfterFen: 24_800 }),
    ).toEqual(lines);
  });

  it('a partial refund gives back its proportion of the line amounts (before coupons)', () => {
    // paid 248 of 258 (¥10 coupon); refunding half the paid amount gives back half the lines
    expect(
      refundedLines(lines, { paidFen: 24_800, refundedBeforeFen: 0, refundedAfterFen: 12_400 }),
    ).toEqual([
      { category: '家居清洁', amountFen: 7_900 },
      { category: '个人护理', amountFen: 5_000 },
    ]);
  });

  it('any sequence of partial refunds that completes the order gives back each line exactly once', () => {
    const steps = [1, 333, 5_000, 7_777, 11_689];
    let before = 0;
    const back = new Map<string, number>();
    for (const step of steps) {
      const after = before + step;
      for (const l of refundedLines(lines, {
        paidFen: 24_800,
        refundedBeforeFen: before,
        refundedAfterFen: after,
      })) {
        back.set(l.category, (back.get(l.category) ?? 0) + l.amountFen);
      }
      before = after;
    }
    expect(before).toBe(24_800);
    expect(Object.fromEntries(back)).toEqual({ 家居清洁: 15_800, 个人护理: 10_000 });
  });

  it('an order that paid nothing gives back its lines when cancelled', () => {
    expect(refundedLines(lines, { paidFen: 0, refundedBeforeFen: 0, refundedAfterFen: 0 })).toEqual(
      lines,
    );
  });
});
