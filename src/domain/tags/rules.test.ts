import { describe, expect, it } from '@jest/globals';
import { shanghaiTime } from '../calendar';
import { conditionSchema, evaluateRule, ruleSchema, type Rule } from './rules';
import { subjectWith } from './testing';

const NOW = shanghaiTime(2026, 11, 20, 15, 0);
const day = (n: number) => NOW - n * 86_400_000;
// 3 orders in the last 30 days (0, 10, 29 days ago), one 45 days ago; a gold member
const member = subjectWith(
  [{ at: day(0) }, { at: day(10), coupon: true }, { at: day(29) }, { at: day(45) }],
  { level: 'gold' },
);
const orders30 = (op: string, value: number) =>
  ({ field: 'ordersInDays', days: 30, op, value }) as Rule;
const level = (op: string, value: string | string[]) => ({ field: 'level', op, value }) as Rule;

describe('evaluateRule: one row per operator', () => {
  it.each([
    ['gte', 3, true],
    ['gte', 4, false],
    ['gt', 2, true],
    ['gt', 3, false],
    ['lte', 3, true],
    ['lte', 2, false],
    ['lt', 4, true],
    ['lt', 3, false],
    ['eq', 3, true],
    ['eq', 2, false],
    ['neq', 2, true],
    ['neq', 3, false],
  ])('ordersInDays(30) = 3: %s %d → %s', (op, value, matched) => {
    expect(evaluateRule(orders30(op, value), member, NOW).matched).toBe(matched);
  });

  it.each([
    ['eq', 'gold', true],
    ['eq', 'silver', false],
    ['neq', 'silver', true],
    ['in', ['silver', 'gold'], true],
    ['in', ['normal'], false],
    ['nin', ['normal', 'silver'], true],
    ['nin', ['gold'], false],
  ])('level = gold: %s %j → %s', (op, value, matched) => {
    expect(evaluateRule(level(op, value as string), member, NOW).matched).toBe(matched);
  });

  it('compares numbers as numbers, not as text ("9" > "10" is false here)', () => {
    const nine = subjectWith(Array.from({ length: 9 }, (_, i) => ({ at: day(i) })));
    expect(evaluateRule(orders30('gt', 10), nine, NOW).matched).toBe(false);
    expect(evaluateRule(orders30('lt', 10), nine, NOW).matched).toBe(true);
  });

  it('a fact a member does not have yet (no order) matches no comparison', () => {
    const none = subjectWith([]);
    for (const op of ['gte', 'gt', 'lte', 'lt', 'eq', 'neq']) {
      const rule = { field: 'daysSinceLastOrder', op, value: 0 } as Rule;
      expect(evaluateRule(rule, none, NOW)).toEqual({ matched: false, facts: ['尚未消费'] });
    }
  });
});

describe('evaluateRule: groups and reasons', () => {
  it('all: holds when every part holds, and names every fact', () => {
    const rule: Rule = { all: [orders30('gte', 3), level('eq', 'gold')] };
    expect(evaluateRule(rule, member, NOW)).toEqual({
      matched: true,
      facts: ['近 30 天消费 3 次', '金卡会员'],
    });
  });

  it('all: when it fails, names the facts that failed', () => {
    const rule: Rule = { all: [orders30('gte', 3), level('eq', 'silver')] };
    expect(evaluateRule(rule, member, NOW)).toEqual({ matched: false, facts: ['金卡会员'] });
  });

  it('any: names the first part that holds', () => {
    const rule: Rule = {
      any: [level('eq', 'silver'), { field: 'daysSinceLastOrder', op: 'lt', value: 7 }],
    };
    expect(evaluateRule(rule, member, NOW)).toEqual({ matched: true, facts: ['0 天未消费'] });
  });

  it('an empty all holds (a catch-all value)', () => {
    expect(evaluateRule({ all: [] }, member, NOW)).toEqual({ matched: true, facts: [] });
  });

  it('counts Shanghai calendar days under TZ=UTC: 23:30 Shanghai is still that day', () => {
    const late = subjectWith([{ at: shanghaiTime(2026, 10, 22, 23, 30) }]); // 29 days before 11-20
    const justOut = subjectWith([{ at: shanghaiTime(2026, 10, 21, 23, 59) }]); // 30 days before
    const rule = orders30('gte', 1);
    expect(evaluateRule(rule, late, NOW).matched).toBe(true);
    expect(evaluateRule(rule, justOut, NOW).matched).toBe(false);
  });
});

describe('rule schema', () => {
  it('accepts the typed shapes', () => {
    for (const rule of [
      orders30('gte', 3),
      { field: 'spendInMonths', months: 3, op: 'gt', value: 500_000 },
      level('in', ['silver', 'gold']),
      { all: [orders30('gte', 1), { any: [level('eq', 'gold')] }] },
    ])
      expect(ruleSchema.safeParse(rule).success).toBe(true);
  });

  it.each([
    ['a window the field needs is missing', { field: 'ordersInDays', op: 'gte', value: 3 }],
    ['a window out of range', { field: 'ordersInDays', days: 0, op: 'gte', value: 3 }],
    ['a window the field does not take', { field: 'orderCount', days: 30, op: 'gte', value: 3 }],
    ['the wrong window unit', { field: 'spendInMonths', days: 30, op: 'gte', value: 3 }],
    ['a number given as text', { field: 'orderCount', op: 'gte', value: '3' }],
    ['a fraction', { field: 'orderCount', op: 'gte', value: 2.5 }],
    ['a negative number', { field: 'totalSpendFen', op: 'gte', value: -1 }],
    ['a set operator on a number', { field: 'orderCount', op: 'in', value: ['3'] }],
    ['an unknown level', { field: 'level', op: 'eq', value: 'platinum' }],
    ['in with a single value', { field: 'level', op: 'in', value: 'gold' }],
    ['a comparison on a level', { field: 'level', op: 'gt', value: 'silver' }],
    ['an unknown field', { field: 'mood', op: 'eq', value: 1 }],
    ['an unknown operator', { field: 'orderCount', op: 'like', value: 1 }],
    ['an extra key', { field: 'orderCount', op: 'gte', value: 1, x: 1 }],
  ])('refuses %s', (_why, condition) => {
    expect(conditionSchema.safeParse(condition).success).toBe(false);
    expect(ruleSchema.safeParse({ all: [condition] }).success).toBe(false);
  });

  it('refuses an empty any (it could never hold)', () => {
    expect(ruleSchema.safeParse({ any: [] }).success).toBe(false);
  });
});
