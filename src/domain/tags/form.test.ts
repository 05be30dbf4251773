import { describe, expect, it } from '@jest/globals';
import { DEFAULT_TAG_RULES, type TagRules } from './families';
import {
  ruleValueAt,
  tagRuleChanges,
  tagRuleFields,
  tagRulesDraftOf,
  tagRulesFromDraft,
} from './form';

const HIGH_FREQ = 'families.0.values.0.when.value';
const HIGH_FREQ_DAYS = 'families.0.values.0.when.days';
const HIGH_VALUE_SPEND = 'families.3.values.0.when.all.0.value';
const CATEGORY_SPEND = 'families.1.minSpendFen';
const RFM_R4 = 'families.6.recencyDays.1';

describe('tagRuleFields', () => {
  it('finds every number of the default rules, named by family and value', () => {
    const fields = tagRuleFields(DEFAULT_TAG_RULES);
    const byPath = new Map(fields.map((f) => [f.path, f]));
    expect(byPath.get(HIGH_FREQ)).toMatchObject({
      group: '购买频次 · 高频',
      label: '近 30 天消费次数 ≥',
      kind: 'int',
      unit: '次',
    });
    expect(byPath.get(HIGH_FREQ_DAYS)).toMatchObject({ kind: 'int', unit: '天' });
    expect(byPath.get(HIGH_VALUE_SPEND)).toMatchObject({ group: '高价值', kind: 'fen' });
    expect(byPath.get(CATEGORY_SPEND)).toMatchObject({ group: '品类偏好', kind: 'fen' });
    expect(byPath.get(RFM_R4)).toMatchObject({ label: '4 分：距今 ≤', unit: '天' });
    // level conditions (VIP = 金卡) are not numbers: no field
    expect(fields.some((f) => f.path === 'families.4.values.2.when.value')).toBe(false);
    // every field points at a number in the rules
    for (const f of fields) expect(typeof ruleValueAt(DEFAULT_TAG_RULES, f.path)).toBe('number');
  });
});

describe('tagRulesFromDraft', () => {
  const draft = tagRulesDraftOf(DEFAULT_TAG_RULES);

  it('types money in yuan: ¥5000 is 500000 fen', () => {
    expect(draft[HIGH_VALUE_SPEND]).toBe('5000');
    const r = tagRulesFromDraft(DEFAULT_TAG_RULES, { ...draft, [HIGH_VALUE_SPEND]: '4500.5' });
    expect(r.ok && ruleValueAt(r.rules, HIGH_VALUE_SPEND)).toBe(450_050);
  });

  it('an unchanged draft gives the rules back', () => {
    expect(tagRulesFromDraft(DEFAULT_TAG_RULES, draft)).toEqual({
      ok: true,
      rules: DEFAULT_TAG_RULES,
    });
  });

  it('a threshold changed: only that number moves', () => {
    const r = tagRulesFromDraft(DEFAULT_TAG_RULES, { ...draft, [HIGH_FREQ]: '2' });
    if (!r.ok) throw new Error(r.message);
    const expected: TagRules = structuredClone(DEFAULT_TAG_RULES);
    (expected.families[0] as { values: { when: { value: number } }[] }).values[0].when.value = 2;
    expect(r.rules).toEqual(expected);
  });

  it('names the field that does not parse', () => {
    expect(tagRulesFromDraft(DEFAULT_TAG_RULES, { ...draft, [HIGH_FREQ]: '2.5' })).toEqual({
      ok: false,
      path: HIGH_FREQ,
      message: '购买频次 · 高频：近 30 天消费次数 ≥：请输入整数',
    });
    expect(
      tagRulesFromDraft(DEFAULT_TAG_RULES, { ...draft, [CATEGORY_SPEND]: 'abc' }),
    ).toMatchObject({
      ok: false,
      message: '品类偏好：且累计消费 ≥：请输入金额（元）',
    });
  });

  it("answers the schema's issues in Chinese: a window out of range, breakpoints out of order", () => {
    expect(tagRulesFromDraft(DEFAULT_TAG_RULES, { ...draft, [HIGH_FREQ_DAYS]: '0' })).toEqual({
      ok: false,
      path: HIGH_FREQ_DAYS,
      message: '购买频次 · 高频：消费次数的统计范围（近几天）：须为 1–400 天',
    });
    expect(tagRulesFromDraft(DEFAULT_TAG_RULES, { ...draft, [RFM_R4]: '10' })).toMatchObject({
      ok: false,
      path: 'families.6.recencyDays.0',
      message: 'RFM：RFM 分界值须从小到大',
    });
    expect(
      tagRulesFromDraft(DEFAULT_TAG_RULES, { ...draft, 'families.1.minSharePercent': '120' }),
    ).toMatchObject({
      ok: false,
      path: 'families.1.minSharePercent',
      message: '品类偏好：最大品类占消费 ≥：超出允许范围',
    });
  });
});

describe('tagRuleChanges', () => {
  it('lists each changed number as people read it', () => {
    const draft = tagRulesDraftOf(DEFAULT_TAG_RULES);
    const r = tagRulesFromDraft(DEFAULT_TAG_RULES, {
      ...draft,
      [HIGH_FREQ]: '2',
      [HIGH_VALUE_SPEND]: '4000',
    });
    if (!r.ok) throw new Error(r.message);
    expect(tagRuleChanges(DEFAULT_TAG_RULES, { ...r.rules, version: 2 })).toEqual([
      {
        path: HIGH_FREQ,
        label: '购买频次 · 高频 · 近 30 天消费次数 ≥',
        before: '3 次',
        after: '2 次',
      },
      {
        path: HIGH_VALUE_SPEND,
        label: '高价值 · 近 3 个月消费金额 >',
        before: '¥5,000',
        after: '¥4,000',
      },
    ]);
  });

  it('the version alone is no change; a family removed reads as a change of structure', () => {
    expect(tagRuleChanges(DEFAULT_TAG_RULES, { ...DEFAULT_TAG_RULES, version: 5 })).toEqual([]);
    const fewer = { ...DEFAULT_TAG_RULES, families: DEFAULT_TAG_RULES.families.slice(0, 6) };
    expect(tagRuleChanges(DEFAULT_TAG_RULES, fewer)).toEqual([
      { path: 'families', label: '标签维度', before: '原规则', after: '规则结构已修改' },
    ]);
  });
});
