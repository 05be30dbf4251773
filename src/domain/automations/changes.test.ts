import { describe, expect, it } from '@jest/globals';
import { DEFAULT_AUTOMATIONS, type Automation } from './definitions';
import { automationChanges } from './changes';

const inactive7 = DEFAULT_AUTOMATIONS.find((a) => a.key === 'inactive7') as Automation;

describe('automationChanges', () => {
  it.each<[string, Partial<Automation>, [string, string, string][]]>([
    ['switched off', { enabled: false }, [['inactive7.enabled', '开启', '关闭']]],
    ['cap', { capDays: 14 }, [['inactive7.capDays', '30 天一次', '14 天一次']]],
    ['no cap', { capDays: 0 }, [['inactive7.capDays', '30 天一次', '不限']]],
    ['holdout', { holdoutPercent: 20 }, [['inactive7.holdoutPercent', '10%', '20%']]],
    [
      'quiet hours',
      { quietHours: { start: '22:00', end: '08:00' } },
      [['inactive7.quietHours', '21:00–09:00', '22:00–08:00']],
    ],
    [
      'steps',
      { steps: inactive7.steps.slice(0, 1).map((s) => ({ ...s, afterDays: 1 })) },
      [['inactive7.rule', '原规则', '规则已修改']],
    ],
    ['nothing', {}, []],
  ])('%s', (_name, patch, expected) => {
    const changes = automationChanges(
      DEFAULT_AUTOMATIONS,
      DEFAULT_AUTOMATIONS.map((a) => (a.key === 'inactive7' ? { ...a, ...patch } : a)),
    );
    expect(changes.map((c) => [c.path, c.before, c.after])).toEqual(expected);
  });

  it('labels read with the automation name; added and removed ones are named', () => {
    const renamed = { ...inactive7, key: 'inactive7b' };
    const changes = automationChanges([inactive7], [{ ...renamed, capDays: 14 }]);
    expect(changes).toEqual([
      { path: 'inactive7b', label: '7天未消费关怀', before: '无', after: '新增' },
      { path: 'inactive7', label: '7天未消费关怀', before: '有', after: '已删除' },
    ]);
    expect(automationChanges([inactive7], [{ ...inactive7, capDays: 14 }])[0].label).toBe(
      '7天未消费关怀 · 频次上限',
    );
  });
});
