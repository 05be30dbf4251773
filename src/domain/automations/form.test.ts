import { describe, expect, it } from '@jest/globals';
import { DEFAULT_AUTOMATIONS, type Automation } from './definitions';
import { automationDraftOf, automationsFromDraft, stepsText, triggerText } from './form';

const byKey = (k: string) => DEFAULT_AUTOMATIONS.find((a) => a.key === k) as Automation;

describe('triggerText', () => {
  it.each([
    [{ kind: 'noPurchaseFor' as const, days: 7 }, '7 天未消费'],
    [{ kind: 'birthday' as const, daysBefore: 3 }, '生日前 3 天'],
    [{ kind: 'noFirstOrder' as const, hours: 24 }, '注册 24 小时未首单'],
    [{ kind: 'purchase' as const, crossStoreOnly: true }, '在其他门店消费'],
    [{ kind: 'tagEntered' as const, tag: 'lifecycle:流失' }, '进入标签「流失」'],
    [{ kind: 'couponExpiring' as const, daysBefore: 3 }, '优惠券到期前 3 天'],
    [{ kind: 'memberDay' as const, dayOfMonth: 18, daysBefore: 1 }, '每月 18 日会员日前 1 天'],
  ])('%o → %s', (t, text) => expect(triggerText(t)).toBe(text));
  it('every default automation reads as a trigger and steps', () => {
    for (const a of DEFAULT_AUTOMATIONS) {
      expect(triggerText(a.trigger).length).toBeGreaterThan(0);
      expect(stepsText(a)).toMatch(/^(当天|第 \d+ 天)/);
    }
  });
});

describe('stepsText', () => {
  it('names when each step runs and what it does', () => {
    expect(stepsText(byKey('inactive7'))).toBe('当天：发券、消息「好久不见」');
  });
});

describe('automationsFromDraft', () => {
  const a = byKey('inactive7');
  const draft = automationDraftOf(a);
  it('the form of the automations in force gives them back', () => {
    expect(automationsFromDraft(DEFAULT_AUTOMATIONS, { inactive7: draft })).toEqual({
      ok: true,
      automations: DEFAULT_AUTOMATIONS,
    });
  });
  it('switch, cap, holdout and quiet hours are tuned; the rest stays', () => {
    const r = automationsFromDraft(DEFAULT_AUTOMATIONS, {
      inactive7: {
        enabled: false,
        capDays: '14',
        holdoutPercent: '20',
        quietStart: '22:00',
        quietEnd: '08:30',
      },
    });
    expect(r.ok && r.automations.find((x) => x.key === 'inactive7')).toEqual({
      ...a,
      enabled: false,
      capDays: 14,
      holdoutPercent: 20,
      quietHours: { start: '22:00', end: '08:30' },
    });
  });
  it.each<[Partial<typeof draft>, string]>([
    [{ holdoutPercent: '60' }, '7天未消费关怀：对照组比例为 0–50%'],
    [{ capDays: 'x' }, '7天未消费关怀：频次上限为 0–365 天的整数'],
    [{ capDays: '400' }, '7天未消费关怀：频次上限为 0–365 天的整数'],
    [{ quietStart: '25:00' }, '7天未消费关怀：免打扰时间格式为 HH:mm'],
  ])('%o → %s', (patch, message) => {
    expect(
      automationsFromDraft(DEFAULT_AUTOMATIONS, { inactive7: { ...draft, ...patch } }),
    ).toEqual({
      ok: false,
      key: 'inactive7',
      message,
    });
  });
});
