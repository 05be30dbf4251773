/**
 * The tag rules as HQ tunes them on a screen: every number in the rules — a condition's
 * threshold and its window, a top-share family's share and spend, the RFM breakpoints, the
 * minimum stay — is one form field, found by walking the rules (so a family HQ adds later
 * gets its fields too). The structure (which facts, which operators, the values' order) is
 * not edited here. Money is typed in yuan and kept in fen (`parseYuanToFen`); the result is
 * checked by `tagRulesSchema`, the schema the functions read the rules with, and its first
 * issue answered in Chinese, naming its field.
 *
 * A field's `path` is the dotted path of its number inside the rules
 * (`families.0.values.0.when.value`), which also keys the form's draft.
 */
import { formatFen, fenToYuanText, parseYuanToFen } from '../money';
import { FIELDS, type FieldName } from './facts';
import { tagRulesSchema, type TagRules } from './families';
import type { Condition, Rule } from './rules';

export type TagRuleFieldKind = 'fen' | 'int';
export type TagRuleField = {
  path: string;
  /** the family's key ('' for rules-wide fields) */
  family: string;
  /** the group it shows under: 「购买频次 · 高频」 */
  group: string;
  /** the field itself: 「近 N 天消费次数 ≥」 */
  label: string;
  kind: TagRuleFieldKind;
  unit?: string;
};

const FACT_NAMES: Record<FieldName, string> = {
  orderCount: '累计消费次数',
  ordersInDays: '消费次数',
  ordersInMonths: '消费次数',
  spendInMonths: '消费金额',
  totalSpendFen: '累计消费金额',
  daysSinceLastOrder: '未消费天数',
  daysSinceFirstOrder: '首次消费距今天数',
  daysSinceJoined: '注册天数',
  couponOrderPercent: '用券订单占比',
  level: '会员等级',
};
const OP_SIGNS: Record<string, string> = {
  gte: '≥',
  gt: '>',
  lte: '≤',
  lt: '<',
  eq: '=',
  neq: '≠',
};
const UNITS: Record<string, string | undefined> = {
  count: '次',
  days: '天',
  percent: '%',
  fen: undefined,
};
const WINDOW_UNITS = { days: '天', months: '个月' } as const;

const isCondition = (rule: Rule): rule is Condition => 'field' in rule;

function conditionFields(
  rule: Rule,
  path: string,
  base: Pick<TagRuleField, 'family' | 'group'>,
): TagRuleField[] {
  if (!isCondition(rule)) {
    const key = 'all' in rule ? 'all' : 'any';
    const list = 'all' in rule ? rule.all : rule.any;
    return list.flatMap((r, i) => conditionFields(r, `${path}.${key}.${i}`, base));
  }
  const spec = FIELDS[rule.field];
  if (spec.kind === 'level' || typeof rule.value !== 'number') return [];
  const fields: TagRuleField[] = [];
  const unit = spec.param?.unit;
  const windowText = unit ? `近 ${rule[unit] ?? ''} ${WINDOW_UNITS[unit]}` : '';
  if (unit)
    fields.push({
      ...base,
      path: `${path}.${unit}`,
      label: `${FACT_NAMES[rule.field]}的统计范围（近几${WINDOW_UNITS[unit]}）`,
      kind: 'int',
      unit: WINDOW_UNITS[unit],
    });
  fields.push({
    ...base,
    path: `${path}.value`,
    label: `${windowText}${FACT_NAMES[rule.field]} ${OP_SIGNS[rule.op] ?? rule.op}`,
    kind: spec.kind === 'fen' ? 'fen' : 'int',
    unit: UNITS[spec.kind],
  });
  return fields;
}

const RFM_SCORES = ['5', '4', '3', '2'];
const RFM_UP = ['2', '3', '4', '5'];

/**
 * The form's fields for these rules, in the rules' order.
 * @example tagRuleFields(DEFAULT_TAG_RULES)[1]
 * // { path: 'families.0.values.0.when.days', group: '购买频次 · 高频', label: '消费次数的统计范围（近几天）', kind: 'int', unit: '天', family: 'frequency' }
 */
export function tagRuleFields(rules: TagRules): TagRuleField[] {
  const fields: TagRuleField[] = [
    {
      path: 'minStayDays',
      family: '',
      group: '通用',
      label: '标签至少保留（随时间变化时）',
      kind: 'int',
      unit: '天',
    },
  ];
  rules.families.forEach((f, i) => {
    const at = `families.${i}`;
    if (f.kind === 'ordered') {
      f.values.forEach((v, j) =>
        fields.push(
          ...conditionFields(v.when, `${at}.values.${j}.when`, {
            family: f.key,
            group: f.values.length === 1 && v.value === f.name ? f.name : `${f.name} · ${v.value}`,
          }),
        ),
      );
    } else if (f.kind === 'topShare') {
      const base = { family: f.key, group: f.name };
      fields.push(
        {
          ...base,
          path: `${at}.minSharePercent`,
          label: '最大品类占消费 ≥',
          kind: 'int',
          unit: '%',
        },
        { ...base, path: `${at}.minSpendFen`, label: '且累计消费 ≥', kind: 'fen' },
      );
    } else {
      const base = { family: f.key };
      f.recencyDays.forEach((_, k) =>
        fields.push({
          ...base,
          group: `${f.name} · R 最近消费`,
          path: `${at}.recencyDays.${k}`,
          label: `${RFM_SCORES[k]} 分：距今 ≤`,
          kind: 'int',
          unit: '天',
        }),
      );
      f.frequencyOrders.forEach((_, k) =>
        fields.push({
          ...base,
          group: `${f.name} · F 近 12 个月消费次数`,
          path: `${at}.frequencyOrders.${k}`,
          label: `${RFM_UP[k]} 分：≥`,
          kind: 'int',
          unit: '次',
        }),
      );
      f.monetaryFen.forEach((_, k) =>
        fields.push({
          ...base,
          group: `${f.name} · M 近 12 个月消费金额`,
          path: `${at}.monetaryFen.${k}`,
          label: `${RFM_UP[k]} 分：≥`,
          kind: 'fen',
        }),
      );
    }
  });
  return fields;
}

const segments = (path: string) => path.split('.').map((k) => (/^\d+$/.test(k) ? Number(k) : k));

/** The value at a dotted path of the rules (undefined when there is none). */
export function ruleValueAt(source: unknown, path: string): unknown {
  return segments(path).reduce<unknown>(
    (v, key) =>
      v && typeof v === 'object' ? (v as Record<string | number, unknown>)[key] : undefined,
    source,
  );
}

/** A copy of `source` with the value at `path` replaced (arrays stay arrays). */
function withRuleValueAt<T>(source: T, path: string, value: unknown): T {
  const set = (node: unknown, keys: (string | number)[]): unknown => {
    const [head, ...rest] = keys;
    const next = (child: unknown) => (rest.length ? set(child, rest) : value);
    if (Array.isArray(node)) return node.map((c, i) => (i === head ? next(c) : c));
    const obj = (node ?? {}) as Record<string, unknown>;
    return { ...obj, [head]: next(obj[head]) };
  };
  return set(source, segments(path)) as T;
}

export type TagRulesDraft = Record<string, string>;

/** The form's starting values for the rules in force (money in yuan). */
export function tagRulesDraftOf(rules: TagRules): TagRulesDraft {
  return Object.fromEntries(
    tagRuleFields(rules).map((f) => {
      const v = Number(ruleValueAt(rules, f.path));
      return [f.path, f.kind === 'fen' ? fenToYuanText(v) : String(v)];
    }),
  );
}

export type TagRulesDraftResult =
  | { ok: true; rules: TagRules }
  | { ok: false; path: string; message: string };

const fieldName = (f: TagRuleField) => `${f.group}：${f.label.trim()}`;
/** a message written for people (the schema's English ones name fields and operators) */
const chinese = (message: string) => /[\u4e00-\u9fff]/.test(message) && !/[a-z]{2,}/.test(message);

/**
 * The rules a form describes, checked by `tagRulesSchema`: a field that does not parse names
 * itself; the schema's first issue is answered in Chinese with the field it concerns.
 * @example tagRulesFromDraft(DEFAULT_TAG_RULES, { 'families.6.recencyDays.1': '10' })
 * // { ok: false, path: 'families.6.recencyDays.0', message: 'RFM：RFM 分界值须从小到大' }
 */
export function tagRulesFromDraft(base: TagRules, draft: TagRulesDraft): TagRulesDraftResult {
  const fields = tagRuleFields(base);
  let next: TagRules = base;
  for (const f of fields) {
    const raw = draft[f.path];
    if (raw === undefined) continue;
    let value: number | null;
    if (f.kind === 'fen') {
      value = parseYuanToFen(raw);
      if (value === null)
        return { ok: false, path: f.path, message: `${fieldName(f)}：请输入金额（元）` };
    } else {
      const text = raw.trim();
      value = /^\d{1,9}$/.test(text) ? Number(text) : null;
      if (value === null)
        return { ok: false, path: f.path, message: `${fieldName(f)}：请输入整数` };
    }
    next = withRuleValueAt(next, f.path, value);
  }
  const parsed = tagRulesSchema.safeParse(next);
  if (parsed.success) return { ok: true, rules: parsed.data };
  const issue = parsed.error.issues[0];
  const path = issue.path.join('.');
  const last = issue.path[issue.path.length - 1];
  let what: string;
  if (last === 'days' || last === 'months') {
    const fact = ruleValueAt(next, issue.path.slice(0, -1).join('.')) as Condition | undefined;
    const param = fact ? FIELDS[fact.field]?.param : undefined;
    what = param ? `须为 ${param.min}–${param.max} ${WINDOW_UNITS[last]}` : '超出允许范围';
  } else {
    what = chinese(issue.message) ? issue.message : '超出允许范围';
  }
  // the field the issue is about; an issue of a whole family (RFM breakpoints out of order)
  // names the family and points at its first field
  const field = fields.find((f) => f.path === path);
  if (field) return { ok: false, path, message: `${fieldName(field)}：${what}` };
  const inside = fields.find((f) => f.path.startsWith(`${path}.`));
  const family = typeof issue.path[1] === 'number' ? next.families[issue.path[1]] : undefined;
  return {
    ok: false,
    path: inside?.path ?? path,
    message: family ? `${family.name}：${what}` : what,
  };
}

const valueText = (f: TagRuleField, v: unknown) =>
  v === undefined
    ? '无'
    : f.kind === 'fen'
      ? formatFen(Number(v))
      : `${String(v)}${f.unit ? ` ${f.unit}` : ''}`;

/** Everything but the numbers the form edits: two rules whose skeletons differ changed shape. */
const skeleton = (rules: TagRules) =>
  JSON.stringify(
    tagRuleFields(rules).reduce<unknown>((r, f) => withRuleValueAt(r, f.path, 0), {
      ...rules,
      version: 0,
    }),
  );

export type TagRuleChange = { path: string; label: string; before: string; after: string };

/**
 * Field by field, what differs between two versions of the rules, as HQ reads it in the
 * preview and the history; a change the form does not make (a family added, a condition
 * replaced) reads 「规则结构已修改」.
 * @example tagRuleChanges(DEFAULT_TAG_RULES, twoIsFrequent)
 * // [{ path: 'families.0.values.0.when.value', label: '购买频次 · 高频 · 近 30 天消费次数 ≥', before: '3 次', after: '2 次' }]
 */
export function tagRuleChanges(before: TagRules, after: TagRules): TagRuleChange[] {
  const changes: TagRuleChange[] = tagRuleFields(after)
    .filter((f) => ruleValueAt(before, f.path) !== ruleValueAt(after, f.path))
    .map((f) => ({
      path: f.path,
      label: `${f.group} · ${f.label}`,
      before: valueText(f, ruleValueAt(before, f.path)),
      after: valueText(f, ruleValueAt(after, f.path)),
    }));
  if (skeleton(before) !== skeleton(after))
    changes.push({
      path: 'families',
      label: '标签维度',
      before: '原规则',
      after: '规则结构已修改',
    });
  return changes;
}
