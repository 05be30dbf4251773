import { describe, expect, it } from '@jest/globals';
import { parseSettings, settingsSchema, type Settings } from './settings';
import {
  SETTINGS_FIELDS,
  fieldText,
  settingsChanges,
  settingsEffects,
  valueAt,
  withValueAt,
  draftOf,
  settingsFromDraft,
} from './settingsForm';

const base = (): Settings => parseSettings({});

describe('the settings form describes every field of the schema', () => {
  it('each field path exists in the settings with a value of its kind', () => {
    const s = base();
    for (const f of SETTINGS_FIELDS) {
      const v = valueAt(s, f.path);
      const expected = f.kind === 'bool' ? 'boolean' : f.kind === 'text' ? 'string' : 'number';
      expect([f.path, typeof v]).toEqual([f.path, expected]);
    }
  });

  it('every scalar setting of the schema has a field (the facts list is edited apart)', () => {
    const leaves = (v: unknown, prefix: string): string[] =>
      v && typeof v === 'object' && !Array.isArray(v)
        ? Object.entries(v).flatMap(([k, x]) => leaves(x, prefix ? `${prefix}.${k}` : k))
        : [prefix];
    const paths = leaves(settingsSchema.parse({}), '').filter((p) => p !== 'privacy.facts');
    expect(SETTINGS_FIELDS.map((f) => f.path).sort()).toEqual(paths.sort());
  });
});

describe('withValueAt', () => {
  it('replaces one value and copies the objects on the way', () => {
    const s = base();
    const next = withValueAt(s, 'points.levelMultiplierPercent.gold', 200);
    expect(next.points.levelMultiplierPercent.gold).toBe(200);
    expect(s.points.levelMultiplierPercent.gold).toBe(150);
    expect(next.levels).toBe(s.levels);
  });
});

describe('fieldText', () => {
  it.each([
    [{ path: 'x', label: '', kind: 'fen' as const }, 100_000, '¥1,000'],
    [{ path: 'x', label: '', kind: 'int' as const, unit: '天' }, 30, '30 天'],
    [{ path: 'x', label: '', kind: 'bool' as const }, false, '关闭'],
    [{ path: 'x', label: '', kind: 'text' as const }, '2026-12', '2026-12'],
  ])('%o %p → %s', (field, value, text) => {
    expect(fieldText(field, value)).toBe(text);
  });
});

describe('settingsChanges', () => {
  it('lists only the fields that differ, as people read them', () => {
    const before = base();
    const after = parseSettings({
      points: { perYuan: 2 },
      levels: { silverSpendFen: 80_000 },
      newMemberGift: { enabled: false },
    });
    expect(settingsChanges(before, after)).toEqual([
      { path: 'points.perYuan', label: '每消费 1 元得', before: '1 分', after: '2 分' },
      {
        path: 'levels.silverSpendFen',
        label: '银卡门槛（近 12 个月消费）',
        before: '¥1,000',
        after: '¥800',
      },
      { path: 'newMemberGift.enabled', label: '注册即送无门槛券', before: '开启', after: '关闭' },
    ]);
  });

  it('no change → nothing; a changed privacy fact → one entry', () => {
    expect(settingsChanges(base(), base())).toEqual([]);
    const facts = [{ label: '只收集', text: '手机号' }];
    const changed = settingsChanges(base(), parseSettings({ privacy: { facts } }));
    expect(changed.map((c) => [c.path, c.after])).toEqual([['privacy.facts', '只收集：手机号']]);
  });
});

describe('settingsEffects', () => {
  it('doubling the earning rate doubles every example order, nothing else', () => {
    const effects = settingsEffects(base(), parseSettings({ points: { perYuan: 2 } }));
    expect(effects).toContainEqual({
      title: '金卡会员单笔实付 ¥86 得积分',
      before: '129 分',
      after: '258 分',
    });
    expect(effects).toContainEqual({
      title: '普通会员单笔实付 ¥200 得积分',
      before: '400 分',
      after: '800 分',
    });
    expect(effects.every((e) => e.title.includes('得积分'))).toBe(true);
  });

  it('a lower silver threshold shows the spend that now reaches silver', () => {
    const effects = settingsEffects(base(), parseSettings({ levels: { silverSpendFen: 80_000 } }));
    expect(effects).toEqual([
      { title: '近 12 个月消费 ¥800 的会员等级', before: '普通会员', after: '银卡会员' },
    ]);
  });

  it('gifts and the consent version read as sentences', () => {
    const after = parseSettings({
      newMemberGift: { amountFen: 2_000, validDays: 15 },
      birthday: { enabled: false },
      privacy: { consentVersion: '2027-01' },
    });
    expect(settingsEffects(base(), after)).toEqual([
      {
        title: '新会员注册得到',
        before: '¥10 无门槛券，30 天有效',
        after: '¥20 无门槛券，15 天有效',
      },
      { title: '会员生日', before: '提前 1 天：祝福 + ¥20 券，7 天有效', after: '不发送' },
      { title: '会员须同意的隐私说明', before: '版本 2026-12', after: '版本 2027-01' },
    ]);
  });

  it('no change → no effect', () => {
    expect(settingsEffects(base(), base())).toEqual([]);
  });
});

describe('settingsFromDraft', () => {
  const s = base();
  it('the form of the settings in force gives them back (money typed in yuan)', () => {
    const draft = draftOf(s);
    expect(draft['levels.silverSpendFen']).toBe('1000');
    expect(draft['newMemberGift.enabled']).toBe(true);
    expect(settingsFromDraft(s, draft)).toEqual({ ok: true, settings: s });
  });

  it.each<[string, string | boolean, Record<string, unknown>]>([
    ['levels.silverSpendFen', '800.5', { levels: { silverSpendFen: 80_050 } }],
    ['points.perYuan', ' 2 ', { points: { perYuan: 2 } }],
    ['newMemberGift.enabled', false, { newMemberGift: { enabled: false } }],
    ['privacy.promise', ' 只用于会员服务 ', { privacy: { promise: '只用于会员服务' } }],
  ])('%s = %p', (path, value, expected) => {
    const r = settingsFromDraft(s, { ...draftOf(s), [path]: value });
    expect(r).toEqual({ ok: true, settings: parseSettings(expected) });
  });

  it.each<[string, string, string]>([
    ['levels.silverSpendFen', '一千', '银卡门槛（近 12 个月消费）：请输入金额（元）'],
    ['points.perYuan', '1.5', '每消费 1 元得：请输入整数'],
    ['points.perYuan', '101', '每消费 1 元得：超出允许范围'],
    ['levels.goldSpendFen', '500', '金卡门槛必须高于银卡门槛'],
    ['privacy.promise', '  ', '一句话承诺：超出允许范围'],
  ])('%s = %p → %s', (path, value, message) => {
    const r = settingsFromDraft(s, { ...draftOf(s), [path]: value });
    expect(r).toEqual({ ok: false, path, message });
  });

  it('facts replace the privacy facts', () => {
    const facts = [{ label: '只收集', text: '手机号' }];
    const r = settingsFromDraft(s, draftOf(s), facts);
    expect(r.ok && r.settings.privacy.facts).toEqual(facts);
  });
});
