/**
 * What a saved change of the automations did, as HQ reads it in the history: per
 * automation, the switch, the cap, the holdout and the quiet hours; any other difference
 * (audience, trigger, steps) reads 「规则已修改」. Added and removed automations are named.
 */
import type { Automation } from './definitions';

export type AutomationChange = { path: string; label: string; before: string; after: string };

const quiet = (a: Automation) => `${a.quietHours.start}–${a.quietHours.end}`;
const rest = (a: Automation) =>
  JSON.stringify({ t: a.trigger, a: a.audience ?? null, s: a.steps, n: a.name });

const FIELDS: { key: string; label: string; text: (a: Automation) => string }[] = [
  { key: 'enabled', label: '开关', text: (a) => (a.enabled ? '开启' : '关闭') },
  { key: 'capDays', label: '频次上限', text: (a) => (a.capDays ? `${a.capDays} 天一次` : '不限') },
  { key: 'holdoutPercent', label: '对照组', text: (a) => `${a.holdoutPercent}%` },
  { key: 'quietHours', label: '免打扰', text: quiet },
];

/**
 * @example automationChanges([inactive7], [{ ...inactive7, capDays: 14 }])
 * // [{ path: 'inactive7.capDays', label: '7天未消费关怀 · 频次上限', before: '30 天一次', after: '14 天一次' }]
 */
export function automationChanges(
  before: readonly Automation[],
  after: readonly Automation[],
): AutomationChange[] {
  const changes: AutomationChange[] = [];
  const old = new Map(before.map((a) => [a.key, a]));
  for (const a of after) {
    const b = old.get(a.key);
    if (!b) {
      changes.push({ path: a.key, label: a.name, before: '无', after: '新增' });
      continue;
    }
    for (const f of FIELDS) {
      if (f.text(b) !== f.text(a)) {
        changes.push({
          path: `${a.key}.${f.key}`,
          label: `${a.name} · ${f.label}`,
          before: f.text(b),
          after: f.text(a),
        });
      }
    }
    if (rest(b) !== rest(a)) {
      changes.push({ path: `${a.key}.rule`, label: a.name, before: '原规则', after: '规则已修改' });
    }
  }
  const kept = new Set(after.map((a) => a.key));
  for (const b of before) {
    if (!kept.has(b.key))
      changes.push({ path: b.key, label: b.name, before: '有', after: '已删除' });
  }
  return changes;
}
