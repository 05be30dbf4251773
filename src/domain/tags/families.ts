/**
 * Tag families and their default rules (the numbers from the requirements; every one a
 * setting HQ can change). A family is one dimension of a member — frequency, lifecycle … —
 * and holds at most one value at a time:
 * - `ordered`: values in priority order, the first whose rule holds wins (a single-value
 *   family is a flag such as 高价值);
 * - `topShare`: the category with the largest share of spend, if it is large enough;
 * - `rfm`: recency, frequency and monetary scores 1–5 from breakpoints (rfm.ts).
 *
 * Choices where the requirements are silent:
 * - 中频 = at least 2 purchases in 90 days (came back within a quarter), 低频 = bought before;
 * - price sensitivity needs 5 orders before it means anything; 中 = coupons on ≥ 30%;
 * - lifecycle checks 流失 and 沉睡 first (time overrides everything), then VIP (金卡),
 *   活跃 (≥ 2 in 90 days), 新客 (one order), and 一般 (bought before, not lately often);
 * - 高价值 counts the last 3 Shanghai months (this one and two before), as levels count 12.
 */
import { z } from 'zod';
import { ruleSchema } from './rules';

export const orderedFamilySchema = z.strictObject({
  key: z.string().regex(/^[a-zA-Z][a-zA-Z0-9]{0,31}$/),
  name: z.string().min(1).max(10),
  kind: z.literal('ordered'),
  values: z
    .array(z.strictObject({ value: z.string().min(1).max(10), when: ruleSchema }))
    .min(1)
    .max(10)
    .refine((vs) => new Set(vs.map((v) => v.value)).size === vs.length, '同一维度的标签不能重名'),
});

export const topShareFamilySchema = z.strictObject({
  key: z.string().regex(/^[a-zA-Z][a-zA-Z0-9]{0,31}$/),
  name: z.string().min(1).max(10),
  kind: z.literal('topShare'),
  /** the top category's share of spend must reach this (whole percent) */
  minSharePercent: z.number().int().min(1).max(100),
  /** and the member must have spent at least this much in all (fen) */
  minSpendFen: z.number().int().min(0),
});

export const rfmFamilySchema = z.strictObject({
  key: z.string().regex(/^[a-zA-Z][a-zA-Z0-9]{0,31}$/),
  name: z.string().min(1).max(10),
  kind: z.literal('rfm'),
  /** days since the last order at or below each breakpoint score 5, 4, 3, 2 (else 1) */
  recencyDays: z.array(z.number().int().min(0)).length(4),
  /** orders in the last 12 months at or above each breakpoint score 2, 3, 4, 5 */
  frequencyOrders: z.array(z.number().int().min(1)).length(4),
  /** spend in the last 12 months (fen) at or above each breakpoint score 2, 3, 4, 5 */
  monetaryFen: z.array(z.number().int().min(1)).length(4),
});

export const familySchema = z.discriminatedUnion('kind', [
  orderedFamilySchema,
  topShareFamilySchema,
  rfmFamilySchema,
]);
export type TagFamily = z.output<typeof familySchema>;
export type OrderedFamily = z.output<typeof orderedFamilySchema>;

const ascending = (xs: number[]) => xs.every((x, i) => i === 0 || x > xs[i - 1]);

export const tagRulesSchema = z
  .strictObject({
    /** bumped by every saved change; each tag records the version that set it */
    version: z.number().int().min(1),
    /** a value the clock alone would take away is kept at least this long (see decide.ts) */
    minStayDays: z.number().int().min(0).max(90),
    families: z.array(familySchema).min(1).max(20),
  })
  .superRefine((rules, issue) => {
    const keys = rules.families.map((f) => f.key);
    if (new Set(keys).size !== keys.length)
      issue.addIssue({ code: 'custom', message: '标签维度的 key 不能重复', path: ['families'] });
    rules.families.forEach((f, i) => {
      if (
        f.kind === 'rfm' &&
        !(ascending(f.recencyDays) && ascending(f.frequencyOrders) && ascending(f.monetaryFen))
      )
        issue.addIssue({ code: 'custom', message: 'RFM 分界值须从小到大', path: ['families', i] });
    });
  });
export type TagRules = z.output<typeof tagRulesSchema>;

export const DEFAULT_TAG_RULES: TagRules = tagRulesSchema.parse({
  version: 1,
  minStayDays: 7,
  families: [
    {
      key: 'frequency',
      name: '购买频次',
      kind: 'ordered',
      values: [
        {
          value: '高频',
          when: { field: 'ordersInDays', days: 30, op: 'gte', value: 3 },
        },
        {
          value: '中频',
          when: { field: 'ordersInDays', days: 90, op: 'gte', value: 2 },
        },
        { value: '低频', when: { field: 'orderCount', op: 'gte', value: 1 } },
      ],
    },
    {
      key: 'category',
      name: '品类偏好',
      kind: 'topShare',
      minSharePercent: 40,
      minSpendFen: 10_000,
    },
    {
      key: 'priceSensitivity',
      name: '价格敏感度',
      kind: 'ordered',
      values: [
        {
          value: '高',
          when: {
            all: [
              { field: 'orderCount', op: 'gte', value: 5 },
              { field: 'couponOrderPercent', op: 'gt', value: 80 },
            ],
          },
        },
        {
          value: '中',
          when: {
            all: [
              { field: 'orderCount', op: 'gte', value: 5 },
              { field: 'couponOrderPercent', op: 'gte', value: 30 },
            ],
          },
        },
        { value: '低', when: { field: 'orderCount', op: 'gte', value: 5 } },
      ],
    },
    {
      key: 'highValue',
      name: '高价值',
      kind: 'ordered',
      values: [
        {
          value: '高价值',
          when: {
            all: [
              { field: 'spendInMonths', months: 3, op: 'gt', value: 500_000 },
              { field: 'ordersInMonths', months: 3, op: 'gt', value: 3 },
            ],
          },
        },
      ],
    },
    {
      key: 'lifecycle',
      name: '生命周期',
      kind: 'ordered',
      values: [
        { value: '流失', when: { field: 'daysSinceLastOrder', op: 'gte', value: 180 } },
        { value: '沉睡', when: { field: 'daysSinceLastOrder', op: 'gte', value: 90 } },
        { value: 'VIP', when: { field: 'level', op: 'eq', value: 'gold' } },
        { value: '活跃', when: { field: 'ordersInDays', days: 90, op: 'gte', value: 2 } },
        { value: '新客', when: { field: 'orderCount', op: 'eq', value: 1 } },
        { value: '一般', when: { field: 'orderCount', op: 'gte', value: 2 } },
      ],
    },
    {
      key: 'highValueSilent',
      name: '高价值沉默',
      kind: 'ordered',
      values: [
        {
          value: '高价值沉默',
          when: {
            all: [
              { field: 'spendInMonths', months: 12, op: 'gt', value: 300_000 },
              { field: 'daysSinceLastOrder', op: 'gte', value: 60 },
            ],
          },
        },
      ],
    },
    {
      key: 'rfm',
      name: 'RFM',
      kind: 'rfm',
      recencyDays: [15, 30, 60, 120],
      frequencyOrders: [2, 4, 8, 12],
      monetaryFen: [50_000, 100_000, 300_000, 500_000],
    },
  ],
});
