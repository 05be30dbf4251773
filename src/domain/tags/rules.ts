/**
 * Tag rules are data: a condition `{ field, op, value }` on one fact (facts.ts), or an
 * `all` / `any` group of rules. HQ edits them; zod validates them (a field's window and the
 * type of its value included); one pure function evaluates them and says, in Chinese with
 * the numbers, which facts made the rule hold.
 *
 * Values are typed: counts, fen, days and percents are integers compared as numbers
 * (never as strings: "9" > "10" is the classic bug); levels are compared as enum values.
 *
 * @example
 *   evaluateRule({ field: 'ordersInDays', days: 30, op: 'gte', value: 3 }, member, now)
 *   // { matched: true, facts: ['近 30 天消费 3 次'] }
 */
import { z } from 'zod';
import {
  FIELDS,
  FIELD_NAMES,
  factText,
  factValue,
  isLevel,
  type FieldRef,
  type TagSubject,
} from './facts';

export const NUMBER_OPS = ['gte', 'gt', 'lte', 'lt', 'eq', 'neq'] as const;
export const ENUM_OPS = ['eq', 'neq', 'in', 'nin'] as const;
export const OP_NAMES = [...new Set([...NUMBER_OPS, ...ENUM_OPS])] as const;
export type Op = (typeof OP_NAMES)[number];

export type Condition = FieldRef & { op: Op; value: number | string | string[] };
export type Rule = Condition | { all: Rule[] } | { any: Rule[] };

export const conditionSchema = z
  .strictObject({
    field: z.enum(FIELD_NAMES),
    days: z.number().int().optional(),
    months: z.number().int().optional(),
    op: z.enum(OP_NAMES as unknown as [Op, ...Op[]]),
    value: z.union([z.number().int(), z.string(), z.array(z.string()).min(1)]),
  })
  .superRefine((c, issue) => {
    const spec = FIELDS[c.field];
    const unit = spec.param?.unit;
    for (const u of ['days', 'months'] as const) {
      if (u !== unit && c[u] !== undefined)
        issue.addIssue({ code: 'custom', message: `${c.field} 不需要 ${u}`, path: [u] });
    }
    if (unit) {
      const n = c[unit];
      if (n === undefined || n < spec.param!.min || n > spec.param!.max) {
        issue.addIssue({
          code: 'custom',
          message: `${c.field} 需要 ${unit}（${spec.param!.min}–${spec.param!.max}）`,
          path: [unit],
        });
      }
    }
    if (spec.kind === 'level') {
      const values = Array.isArray(c.value) ? c.value : [c.value];
      const ok =
        (ENUM_OPS as readonly string[]).includes(c.op) &&
        values.every(isLevel) &&
        Array.isArray(c.value) === (c.op === 'in' || c.op === 'nin');
      if (!ok)
        issue.addIssue({
          code: 'custom',
          message: '会员等级只能用 eq/neq/in/nin 比较 normal/silver/gold',
          path: ['value'],
        });
    } else if (typeof c.value !== 'number' || !(NUMBER_OPS as readonly string[]).includes(c.op)) {
      issue.addIssue({
        code: 'custom',
        message: `${c.field} 是数值，需要整数和 gte/gt/lte/lt/eq/neq`,
        path: ['value'],
      });
    } else if (c.value < 0) {
      issue.addIssue({ code: 'custom', message: '数值不能为负', path: ['value'] });
    }
  });

export const ruleSchema: z.ZodType<Rule> = z.lazy(() =>
  z.union([
    conditionSchema as unknown as z.ZodType<Condition>,
    z.strictObject({ all: z.array(ruleSchema).max(20) }),
    z.strictObject({ any: z.array(ruleSchema).min(1).max(20) }),
  ]),
);

export type RuleOutcome = { matched: boolean; facts: string[] };

/** One comparison of a fact's value (null: the fact has no value, nothing holds). */
export const compare = (
  op: Op,
  actual: number | string | null,
  expected: Condition['value'],
): boolean => {
  if (actual === null) return false;
  switch (op) {
    case 'gte':
      return (actual as number) >= (expected as number);
    case 'gt':
      return (actual as number) > (expected as number);
    case 'lte':
      return (actual as number) <= (expected as number);
    case 'lt':
      return (actual as number) < (expected as number);
    case 'eq':
      return actual === expected;
    case 'neq':
      return actual !== expected;
    case 'in':
      return (expected as string[]).includes(actual as string);
    case 'nin':
      return !(expected as string[]).includes(actual as string);
  }
};

const isCondition = (rule: Rule): rule is Condition => 'field' in rule;

/** Does the rule hold for the member now, and which facts say so. An empty `all` holds. */
export function evaluateRule(rule: Rule, subject: TagSubject, now: number): RuleOutcome {
  if (isCondition(rule)) {
    const matched = compare(rule.op, factValue(rule, subject, now), rule.value);
    return { matched, facts: [factText(rule, subject, now)] };
  }
  if ('all' in rule) {
    const parts = rule.all.map((r) => evaluateRule(r, subject, now));
    const failed = parts.filter((p) => !p.matched);
    return failed.length
      ? { matched: false, facts: failed.flatMap((p) => p.facts) }
      : { matched: true, facts: parts.flatMap((p) => p.facts) };
  }
  const parts = rule.any.map((r) => evaluateRule(r, subject, now));
  const hit = parts.find((p) => p.matched);
  return hit
    ? { matched: true, facts: hit.facts }
    : { matched: false, facts: parts.flatMap((p) => p.facts) };
}

/** Every condition of a rule (for thresholds and field lists). */
export function conditionsOf(rule: Rule): Condition[] {
  if (isCondition(rule)) return [rule];
  return ('all' in rule ? rule.all : rule.any).flatMap(conditionsOf);
}
