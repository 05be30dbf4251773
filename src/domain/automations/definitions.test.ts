import { describe, expect, it } from '@jest/globals';
import {
  DEFAULT_AUTOMATIONS,
  automationSchema,
  automationsSchema,
  type AutomationInput,
} from './definitions';

const base: AutomationInput = {
  key: 'x',
  name: '测试',
  enabled: true,
  trigger: { kind: 'noPurchaseFor', days: 7 },
  steps: [{ afterDays: 0, actions: [{ kind: 'memberMessage', title: '标题', body: '正文' }] }],
  capDays: 30,
  holdoutPercent: 10,
};
const ok = (over: Partial<AutomationInput>) =>
  automationSchema.safeParse({ ...base, ...over }).success;

describe('automation definitions', () => {
  it('the defaults cover the requirements’ automations, each valid and keyed once', () => {
    expect(DEFAULT_AUTOMATIONS.map((a) => a.key)).toEqual([
      'inactive7',
      'birthdayPrep',
      'birthdayGreeting',
      'firstOrder',
      'recallHighValue',
      'wakeUp',
      'afterPurchase',
      'crossStore',
      'pointsChanged',
      'couponExpiring',
      'memberDay',
    ]);
    expect(DEFAULT_AUTOMATIONS.every((a) => a.quietHours.start === '21:00')).toBe(true);
    expect(
      DEFAULT_AUTOMATIONS.find((a) => a.key === 'wakeUp')!.steps.map((s) => s.afterDays),
    ).toEqual([0, 7, 14]);
  });

  it.each([
    ['a base automation', {}, true],
    ['0 days without purchase', { trigger: { kind: 'noPurchaseFor', days: 0 } }, false],
    ['a holdout over 50%', { holdoutPercent: 51 }, false],
    ['a fractional holdout', { holdoutPercent: 10.5 }, false],
    ['no steps', { steps: [] }, false],
    ['an unknown trigger', { trigger: { kind: 'weather' } }, false],
    [
      'a member day on the 29th',
      { trigger: { kind: 'memberDay', dayOfMonth: 29, daysBefore: 1 } },
      false,
    ],
    ['a tag key without family', { trigger: { kind: 'tagEntered', tag: '沉睡' } }, false],
    [
      'a title over 20 characters',
      {
        steps: [
          {
            afterDays: 0,
            actions: [{ kind: 'memberMessage', title: '一'.repeat(21), body: '正文' }],
          },
        ],
      },
      false,
    ],
    ['an unknown field', { extra: 1 } as never, false],
    [
      'the birthday gift under a birthday trigger',
      {
        trigger: { kind: 'birthday', daysBefore: 1 },
        steps: [{ afterDays: 0, actions: [{ kind: 'birthdayGift' }] }],
      },
      true,
    ],
    [
      'the birthday gift under another trigger',
      { steps: [{ afterDays: 0, actions: [{ kind: 'birthdayGift' }] }] },
      false,
    ],
    ['quiet hours 25:00', { quietHours: { start: '25:00', end: '09:00' } }, false],
  ] as const)('%s → valid: %s', (_label, over, valid) => {
    expect(ok(over as Partial<AutomationInput>)).toBe(valid);
  });

  it('two automations with one key are refused, in Chinese', () => {
    const r = automationsSchema.safeParse([base, base]);
    expect(r.success).toBe(false);
    expect(r.error?.issues[0].message).toBe('自动化的 key 不能重复');
  });
});
