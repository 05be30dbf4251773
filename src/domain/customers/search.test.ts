import { describe, expect, it } from '@jest/globals';
import { DAY_MS, shanghaiTime } from '../calendar';
import {
  isSearchable,
  lastPurchaseRange,
  namePrefixPattern,
  parseCustomerSearch,
  phoneTail,
} from './search';

describe('customer search', () => {
  it.each([
    ['13812341234', '1234'],
    ['+86 138-1234-5678', '5678'],
    ['deleted:m1', null],
    ['', null],
    [null, null],
  ])('phoneTail(%s) → %s', (phone, tail) => {
    expect(phoneTail(phone)).toBe(tail);
  });

  it.each([
    ['1234', { kind: 'phoneTail', tail: '1234' }],
    [' 张三 ', { kind: 'name', prefix: '张三' }],
    ['123', { kind: 'name', prefix: '123' }],
    ['   ', null],
    ['欧阳娜娜欧阳娜娜欧阳娜娜', { kind: 'name', prefix: '欧阳娜娜欧阳娜娜欧阳' }],
  ])('parseCustomerSearch(%s)', (q, parsed) => {
    expect(parseCustomerSearch(q)).toEqual(parsed);
  });

  it.each([
    ['1234', true],
    ['张', true],
    ['123', false],
    ['138123', false],
    ['张3', false],
    [' ', false],
  ])('isSearchable(%s) → %s', (q, ok) => {
    expect(isSearchable(q)).toBe(ok);
  });

  it('escapes a name for an anchored pattern', () => {
    expect(namePrefixPattern('a.b*')).toBe('^a\\.b\\*');
    expect(new RegExp(namePrefixPattern('张(')).test('张(三')).toBe(true);
  });

  describe('last purchase windows include today (Shanghai days)', () => {
    const now = shanghaiTime(2026, 3, 31, 0, 30);
    const today = shanghaiTime(2026, 3, 31);
    it.each([
      ['d30', { gte: today - 29 * DAY_MS }],
      ['d90', { gte: today - 89 * DAY_MS }],
      ['over90', { lt: today - 89 * DAY_MS }],
      ['never', 'never'],
    ] as const)('%s', (filter, range) => {
      expect(lastPurchaseRange(filter, now)).toEqual(range);
    });
    it('day 29 before is within 30 days, day 30 is not', () => {
      const r = lastPurchaseRange('d30', now) as { gte: number };
      expect(shanghaiTime(2026, 3, 2, 23, 59) >= r.gte).toBe(true);
      expect(shanghaiTime(2026, 3, 1, 23, 59) >= r.gte).toBe(false);
    });
  });
});
