/**
 * The loyalty settings as HQ edits them on a screen: which fields there are (labels, units,
 * sections), how a field's value reads, and a preview of what a change does before it is
 * saved — worked examples computed by the same domain functions the cloud functions use.
 *
 * The schema (domain/settings.ts) stays the one rule for what is valid; this file only
 * describes it for people. Money is edited in yuan and stored in fen (`parseYuanToFen`).
 */
import { computeEarnedPoints } from './points';
import { LEVEL_NAMES, levelForSpend } from './levels';
import { fenToYuanText, formatFen, parseYuanToFen } from './money';
import { checkSettings, type Settings } from './settings';

export type FieldKind = 'fen' | 'int' | 'bool' | 'text';

export type SettingsField = {
  /** dotted path into Settings, e.g. 'points.perYuan' */
  path: string;
  label: string;
  kind: FieldKind;
  /** unit shown after an int field: 分, 天, %, 张 … */
  unit?: string;
  hint?: string;
};

export type SettingsSection = { key: keyof Settings; title: string; fields: SettingsField[] };

/** Every field HQ edits, by section, in the order the screen shows them. */
export const SETTINGS_SECTIONS: readonly SettingsSection[] = [
  {
    key: 'points',
    title: '积分',
    fields: [
      { path: 'points.perYuan', label: '每消费 1 元得', kind: 'int', unit: '分' },
      { path: 'points.doubleThresholdFen', label: '积分翻倍门槛（单笔实付）', kind: 'fen' },
      { path: 'points.doubleMultiplier', label: '翻倍倍数', kind: 'int', unit: '倍' },
      {
        path: 'points.levelMultiplierPercent.normal',
        label: '普通会员积分倍率',
        kind: 'int',
        unit: '%',
      },
      {
        path: 'points.levelMultiplierPercent.silver',
        label: '银卡积分倍率',
        kind: 'int',
        unit: '%',
      },
      { path: 'points.levelMultiplierPercent.gold', label: '金卡积分倍率', kind: 'int', unit: '%' },
      {
        path: 'points.expiryYearsAfter',
        label: '积分有效期',
        kind: 'int',
        unit: '年',
        hint: '获得当年之后第 N 年的 12 月 31 日到期',
      },
      { path: 'points.profileCompletionPoints', label: '完善资料奖励', kind: 'int', unit: '分' },
    ],
  },
  {
    key: 'levels',
    title: '会员等级',
    fields: [
      { path: 'levels.silverSpendFen', label: '银卡门槛（近 12 个月消费）', kind: 'fen' },
      { path: 'levels.goldSpendFen', label: '金卡门槛（近 12 个月消费）', kind: 'fen' },
    ],
  },
  {
    key: 'newMemberGift',
    title: '新人礼',
    fields: [
      { path: 'newMemberGift.enabled', label: '注册即送无门槛券', kind: 'bool' },
      { path: 'newMemberGift.amountFen', label: '券面额', kind: 'fen' },
      { path: 'newMemberGift.validDays', label: '有效期', kind: 'int', unit: '天' },
      { path: 'newMemberGift.dailyCapPerStore', label: '每店每日上限', kind: 'int', unit: '张' },
    ],
  },
  {
    key: 'birthday',
    title: '生日礼',
    fields: [
      { path: 'birthday.enabled', label: '生日祝福与生日券', kind: 'bool' },
      { path: 'birthday.couponAmountFen', label: '生日券面额', kind: 'fen' },
      { path: 'birthday.couponValidDays', label: '生日券有效期', kind: 'int', unit: '天' },
      { path: 'birthday.greetDaysBefore', label: '提前发送', kind: 'int', unit: '天' },
    ],
  },
  {
    key: 'privacy',
    title: '隐私说明与同意',
    fields: [
      {
        path: 'privacy.consentVersion',
        label: '同意版本',
        kind: 'text',
        hint: '修改说明后请更新版本号，会员下次进入时重新确认',
      },
      { path: 'privacy.promise', label: '一句话承诺', kind: 'text' },
    ],
  },
  {
    key: 'tasks',
    title: '回访与公海池',
    fields: [
      { path: 'tasks.poolDays', label: '逾期未跟进转入公海池', kind: 'int', unit: '天' },
      { path: 'tasks.poolClaimTakesCustomer', label: '领取任务时顾客一并归属', kind: 'bool' },
    ],
  },
];

export const SETTINGS_FIELDS: readonly SettingsField[] = SETTINGS_SECTIONS.flatMap((s) => s.fields);

/** The value at a dotted path (undefined when there is none). */
export function valueAt(source: unknown, path: string): unknown {
  return path
    .split('.')
    .reduce<unknown>(
      (v, key) => (v && typeof v === 'object' ? (v as Record<string, unknown>)[key] : undefined),
      source,
    );
}

/** A copy of `source` with the value at `path` replaced (objects on the way copied). */
export function withValueAt<T>(source: T, path: string, value: unknown): T {
  const [head, ...rest] = path.split('.');
  const obj = (source ?? {}) as Record<string, unknown>;
  return {
    ...obj,
    [head]: rest.length ? withValueAt(obj[head], rest.join('.'), value) : value,
  } as T;
}

/**
 * A field's value as people read it.
 * @example fieldText({ path: 'levels.silverSpendFen', label: '', kind: 'fen' }, 100000) // '¥1,000'
 */
export function fieldText(field: SettingsField, value: unknown): string {
  if (field.kind === 'fen') return formatFen(Number(value));
  if (field.kind === 'bool') return value ? '开启' : '关闭';
  if (field.kind === 'int') return `${String(value)}${field.unit ? ` ${field.unit}` : ''}`;
  return String(value);
}

export type SettingsChange = { path: string; label: string; before: string; after: string };

/** Field by field, what differs between two settings (the facts list counts as one field). */
export function settingsChanges(before: Settings, after: Settings): SettingsChange[] {
  const changes: SettingsChange[] = SETTINGS_FIELDS.filter(
    (f) => valueAt(before, f.path) !== valueAt(after, f.path),
  ).map((f) => ({
    path: f.path,
    label: f.label,
    before: fieldText(f, valueAt(before, f.path)),
    after: fieldText(f, valueAt(after, f.path)),
  }));
  const facts = (s: Settings) => s.privacy.facts.map((x) => `${x.label}：${x.text}`).join('；');
  if (facts(before) !== facts(after)) {
    changes.push({
      path: 'privacy.facts',
      label: '隐私说明条目',
      before: facts(before),
      after: facts(after),
    });
  }
  return changes;
}

export type SettingsEffect = { title: string; before: string; after: string };

/** Orders the earning example uses: an everyday basket and one at the doubling threshold. */
const exampleOrdersFen = (s: Settings) =>
  [...new Set([8_600, Math.max(s.points.doubleThresholdFen, 100)])].sort((a, b) => a - b);

/**
 * What a change does, shown before saving: earnings of example orders per level, the level
 * an example spend reaches, the gifts a new member and a birthday bring. Only the effects
 * that differ are listed.
 * @example settingsEffects(defaults, { ...defaults, points: { ...defaults.points, perYuan: 2 } })[0]
 * // { title: '金卡会员单笔实付 ¥86 得积分', before: '129 分', after: '258 分' }
 */
export function settingsEffects(before: Settings, after: Settings): SettingsEffect[] {
  const effects: SettingsEffect[] = [];
  const orders = [...new Set([...exampleOrdersFen(before), ...exampleOrdersFen(after)])];
  for (const level of ['gold', 'silver', 'normal'] as const) {
    for (const paidFen of orders) {
      const points = (s: Settings) => computeEarnedPoints({ paidFen, level, settings: s }).total;
      effects.push({
        title: `${LEVEL_NAMES[level]}单笔实付 ${formatFen(paidFen)} 得积分`,
        before: `${points(before)} 分`,
        after: `${points(after)} 分`,
      });
    }
  }
  const spends = [
    ...new Set([
      before.levels.silverSpendFen,
      after.levels.silverSpendFen,
      before.levels.goldSpendFen,
      after.levels.goldSpendFen,
    ]),
  ].sort((a, b) => a - b);
  for (const spend of spends) {
    effects.push({
      title: `近 12 个月消费 ${formatFen(spend)} 的会员等级`,
      before: LEVEL_NAMES[levelForSpend(spend, before)],
      after: LEVEL_NAMES[levelForSpend(spend, after)],
    });
  }
  const gift = (s: Settings) =>
    s.newMemberGift.enabled
      ? `${formatFen(s.newMemberGift.amountFen)} 无门槛券，${s.newMemberGift.validDays} 天有效`
      : '不送券';
  effects.push({ title: '新会员注册得到', before: gift(before), after: gift(after) });
  const birthday = (s: Settings) =>
    s.birthday.enabled
      ? `提前 ${s.birthday.greetDaysBefore} 天：祝福 + ${formatFen(s.birthday.couponAmountFen)} 券，${s.birthday.couponValidDays} 天有效`
      : '不发送';
  effects.push({ title: '会员生日', before: birthday(before), after: birthday(after) });
  const consent = (s: Settings) => `版本 ${s.privacy.consentVersion}`;
  effects.push({ title: '会员须同意的隐私说明', before: consent(before), after: consent(after) });
  return effects.filter((e) => e.before !== e.after);
}

/** What a form field holds while HQ types: the text of an input, or a switch. */
export type DraftValue = string | boolean;
export type SettingsDraft = Record<string, DraftValue>;

/** The form's starting values for the settings in force (money in yuan). */
export function draftOf(settings: Settings): SettingsDraft {
  return Object.fromEntries(
    SETTINGS_FIELDS.map((f) => {
      const v = valueAt(settings, f.path);
      if (f.kind === 'bool') return [f.path, Boolean(v)];
      if (f.kind === 'fen') return [f.path, fenToYuanText(Number(v))];
      return [f.path, String(v)];
    }),
  );
}

export type DraftResult =
  | { ok: true; settings: Settings }
  | { ok: false; path: string; message: string };

/**
 * The settings a form describes, checked by the one schema (domain/settings.ts): a field
 * that does not parse names itself; a rule across fields (gold above silver) answers its own
 * message. `facts` replaces the privacy facts when given.
 * @example settingsFromDraft(base, { ...draftOf(base), 'levels.goldSpendFen': '500' })
 * // { ok: false, path: 'levels.goldSpendFen', message: '金卡门槛必须高于银卡门槛' }
 */
export function settingsFromDraft(
  base: Settings,
  draft: SettingsDraft,
  facts?: Settings['privacy']['facts'],
): DraftResult {
  let next: Settings = facts ? withValueAt(base, 'privacy.facts', facts) : base;
  for (const f of SETTINGS_FIELDS) {
    const raw = draft[f.path];
    if (raw === undefined) continue;
    let value: unknown = raw;
    if (f.kind === 'fen') {
      value = parseYuanToFen(String(raw));
      if (value === null)
        return { ok: false, path: f.path, message: `${f.label}：请输入金额（元）` };
    } else if (f.kind === 'int') {
      const text = String(raw).trim();
      if (!/^\d{1,9}$/.test(text))
        return { ok: false, path: f.path, message: `${f.label}：请输入整数` };
      value = Number(text);
    } else if (f.kind === 'text') {
      value = String(raw).trim();
    }
    next = withValueAt(next, f.path, value);
  }
  const checked = checkSettings(next);
  if (checked.ok) return { ok: true, settings: checked.settings };
  const field = SETTINGS_FIELDS.find((f) => f.path === checked.path);
  const generic = checked.message.startsWith('设置有误');
  return {
    ok: false,
    path: checked.path,
    message: generic && field ? `${field.label}：超出允许范围` : checked.message,
  };
}
