import { describe, expect, it } from '@jest/globals';
import { DAY_MS, shanghaiTime } from '../calendar';
import { DEFAULT_AUTOMATIONS, automationSchema, type Automation } from './definitions';
import { assignGroup } from './holdout';
import { planStep, type AutomationMember } from './plan';

const SECRET = 'test-secret';
const byKey = (key: string): Automation => DEFAULT_AUTOMATIONS.find((a) => a.key === key)!;
const noHoldout = (a: Automation): Automation => ({ ...a, holdoutPercent: 0 });
const inactive7 = noHoldout(byKey('inactive7'));
const wakeUp = noHoldout(byKey('wakeUp'));
const at = shanghaiTime(2027, 6, 10, 10);
const member = (over: Partial<AutomationMember> = {}): AutomationMember => ({
  _id: 'm1',
  status: 'active',
  level: 'normal',
  homeStoreId: 'S001',
  clerkId: 'C0011',
  tagKeys: ['frequency:低频'],
  manualTags: [],
  lastOrderAt: at - 7 * DAY_MS,
  ...over,
});
const plan = (over: Partial<Parameters<typeof planStep>[0]> = {}) =>
  planStep({
    automation: inactive7,
    stepIndex: 0,
    member: member(),
    occurrence: { id: '2027-06-10', at },
    lastRunAt: null,
    now: at,
    secret: SECRET,
    ...over,
  });

describe('planStep: when an automation does nothing', () => {
  it.each([
    ['switched off', { automation: { ...inactive7, enabled: false } }, 'disabled'],
    ['a closed account', { member: member({ status: 'deleted' }) }, 'inactive'],
    [
      'outside the audience',
      {
        automation: {
          ...inactive7,
          audience: automationSchema.shape.audience.parse({ levels: ['gold'] }),
        },
      },
      'notInAudience',
    ],
    ['ran 29 days ago (cap 30)', { lastRunAt: at - 29 * DAY_MS }, 'capped'],
  ] as const)('%s → skip (%s)', (_label, over, reason) => {
    expect(plan(over as never)).toEqual({
      kind: 'skip',
      runKey: 'inactive7:m1:2027-06-10',
      reason,
    });
  });

  it('ran exactly 30 days ago: the cap has passed', () => {
    expect(plan({ lastRunAt: at - 30 * DAY_MS }).kind).toBe('act');
  });

  it('a journey step after the member came back → skip (cameBack); at the trigger instant it still runs', () => {
    const step1 = { automation: wakeUp, stepIndex: 1, now: at + 7 * DAY_MS };
    expect(plan({ ...step1, member: member({ lastOrderAt: at + DAY_MS }) })).toMatchObject({
      kind: 'skip',
      reason: 'cameBack',
    });
    expect(plan({ ...step1, member: member({ lastOrderAt: at }) }).kind).toBe('act');
  });

  it('the cap applies to a new run only, not to the later steps of a journey', () => {
    expect(
      plan({ automation: wakeUp, stepIndex: 1, lastRunAt: at, now: at + 7 * DAY_MS }).kind,
    ).toBe('act');
  });
});

describe('planStep: holdout', () => {
  it('the members the keyed hash holds out get nothing, the same every time', () => {
    const a = byKey('inactive7'); // 10%
    const ids = Array.from({ length: 400 }, (_, i) => `m${i}`);
    const held = ids.filter(
      (id) => plan({ automation: a, member: member({ _id: id }) }).kind === 'holdout',
    );
    expect(held).toEqual(
      ids.filter((id) => assignGroup(id, 'automation:inactive7', 10, SECRET) === 'holdout'),
    );
    expect(held.length).toBeGreaterThan(20);
    expect(held.length).toBeLessThan(60);
  });
});

describe('planStep: the actions', () => {
  it('keys per run, step and action; a message in quiet hours waits for 09:00, not dropped', () => {
    const late = shanghaiTime(2027, 6, 10, 22, 15);
    expect(plan({ now: late })).toEqual({
      kind: 'act',
      runKey: 'inactive7:m1:2027-06-10',
      actions: [
        { kind: 'coupon', key: 'inactive7:m1:2027-06-10:s0:a0', templateId: 'auto-recall' },
        {
          kind: 'memberMessage',
          key: 'inactive7:m1:2027-06-10:s0:a1',
          title: '好久不见',
          body: '送您一张优惠券，欢迎回店看看',
          sendAt: shanghaiTime(2027, 6, 11, 9),
        },
      ],
      nextStepAt: null,
    });
    expect(plan()).toMatchObject({ actions: [{}, { sendAt: at }] }); // 10:00: at once
  });

  it('a task is due at the end of the Shanghai day dueDays ahead; a journey says when its next step is', () => {
    const decision = plan({ automation: noHoldout(byKey('recallHighValue')) });
    expect(decision.kind === 'act' && decision.actions[2]).toEqual({
      kind: 'task',
      key: 'recallHighValue:m1:2027-06-10:s0:a2',
      assignee: 'clerk',
      title: '回访高价值老顾客',
      script: '好久没见您了，最近新到了您常买的……',
      dueAt: shanghaiTime(2027, 6, 12, 23, 59, 59, 999),
    });
    expect(plan({ automation: wakeUp })).toMatchObject({ nextStepAt: at + 7 * DAY_MS });
    expect(plan({ automation: wakeUp, stepIndex: 2, now: at + 14 * DAY_MS })).toMatchObject({
      nextStepAt: null,
    });
  });

  it('a step that does not exist is a programming error', () => {
    expect(() => plan({ stepIndex: 3 })).toThrow(RangeError);
  });
});

describe('planStep: the birthday greeting', () => {
  it('the gift of the celebration year, sent at once outside quiet hours; nobody held out', () => {
    const greeting = byKey('birthdayGreeting');
    const celebration = shanghaiTime(2027, 6, 11);
    const decision = plan({
      automation: greeting,
      occurrence: { id: '2027', at: celebration },
    });
    expect(decision).toEqual({
      kind: 'act',
      runKey: 'birthdayGreeting:m1:2027',
      actions: [
        {
          kind: 'birthdayGift',
          key: 'birthdayGreeting:m1:2027:s0:a0',
          year: 2027,
          celebrationAt: celebration,
          sendAt: at,
        },
      ],
      nextStepAt: null,
    });
    expect(greeting.holdoutPercent).toBe(0);
  });
});
