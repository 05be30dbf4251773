import { describe, expect, it } from '@jest/globals';
import { DAY_MS } from '../calendar';
import { planStep } from '../automations/plan';
import { summarizeResults } from '../automations/results';
import {
  campaignAutomation,
  campaignDefSchema,
  campaignKey,
  isWalking,
  nextState,
  type Campaign,
} from './campaign';

const SECRET = 'test-secret';
const def = campaignDefSchema.parse({
  name: '双十二回店',
  segment: { tags: { all: ['lifecycle:沉睡'] } },
  couponTemplateId: 'tpl_1',
  message: { title: '好久不见', body: '送您一张券' },
  startAt: 1_000,
});
const campaign: Campaign = {
  ...def,
  _id: 'cmp_0123456789abcdef0123456789abcdef',
  status: 'draft',
  launchedAt: null,
  cursor: null,
  walkedAt: null,
};
const member = (id: string, tagKeys: string[]) => ({
  _id: id,
  tagKeys,
  manualTags: [],
  homeStoreId: 'S001',
  clerkId: null,
  level: 'normal' as const,
  status: 'active',
  lastOrderAt: null,
});

describe('campaign schema', () => {
  it.each([
    ['defaults: 10% holdout, 14 days', {}, { holdoutPercent: 10, attributionDays: 14 }],
    [
      'a chosen holdout and window',
      { holdoutPercent: 20, attributionDays: 7 },
      { holdoutPercent: 20, attributionDays: 7 },
    ],
  ])('%s', (_name, over, want) => {
    expect(campaignDefSchema.parse({ ...def, ...over })).toMatchObject(want);
  });
  it.each([
    ['no name', { name: '' }],
    ['holdout above 50%', { holdoutPercent: 51 }],
    ['a window of 0 days', { attributionDays: 0 }],
    ['no template', { couponTemplateId: '' }],
    ['a message without body', { message: { title: 'x' } }],
    ['an unknown field', { extra: 1 }],
  ])('refuses %s', (_name, over) => {
    expect(campaignDefSchema.safeParse({ ...def, ...over }).success).toBe(false);
  });
});

describe('state machine', () => {
  const walked = { ...campaign, status: 'running' as const, walkedAt: 5_000 };
  it.each([
    [
      'a draft launches',
      campaign,
      { kind: 'launch', now: 2 },
      { status: 'running', walkedAt: null },
    ],
    [
      'a running campaign does not launch again',
      { ...campaign, status: 'running' },
      { kind: 'launch', now: 2 },
      null,
    ],
    [
      'a done campaign does not launch again',
      { ...campaign, status: 'done' },
      { kind: 'launch', now: 2 },
      null,
    ],
    [
      'the walk finishes',
      { ...campaign, status: 'running' },
      { kind: 'walked', now: 5_000 },
      { status: 'running', walkedAt: 5_000 },
    ],
    ['still in the window', walked, { kind: 'tick', now: 5_000 + 14 * DAY_MS - 1 }, null],
    [
      'the window over: done',
      walked,
      { kind: 'tick', now: 5_000 + 14 * DAY_MS },
      { status: 'done', walkedAt: 5_000 },
    ],
    ['a draft is never done', campaign, { kind: 'tick', now: 1e15 }, null],
  ] as const)('%s', (_name, c, t, want) => {
    expect(nextState(c, t)).toEqual(want);
  });
  it('walks only a running campaign from its start until walked', () => {
    const running = { ...campaign, status: 'running' as const };
    expect(isWalking(running, 999)).toBe(false);
    expect(isWalking(running, 1_000)).toBe(true);
    expect(isWalking(campaign, 1_000)).toBe(false);
    expect(isWalking({ ...running, walkedAt: 1_000 }, 2_000)).toBe(false);
  });
});

describe('as an automation', () => {
  const a = campaignAutomation(campaign);
  it('has an alphanumeric key of the campaign', () => {
    expect(a.key).toBe('cmp0123456789abcdef0123456789abc');
    expect(a.key).toMatch(/^[a-zA-Z][a-zA-Z0-9]{0,31}$/);
    expect(campaignKey(campaign._id)).toBe(a.key);
  });
  it('gives the coupon and the message to a treated member of the segment, keyed once', () => {
    const plans = Array.from({ length: 200 }, (_, i) =>
      planStep({
        automation: a,
        stepIndex: 0,
        member: member(`m${i}`, ['lifecycle:沉睡']),
        occurrence: { id: 'launch', at: 1_000 },
        lastRunAt: null,
        now: 1_000,
        secret: SECRET,
      }),
    );
    const acted = plans.filter((p) => p.kind === 'act');
    const held = plans.filter((p) => p.kind === 'holdout');
    expect(acted.length + held.length).toBe(200);
    expect(held.length).toBeGreaterThan(8); // ~10% of 200
    expect(held.length).toBeLessThan(35);
    const first = acted[0];
    if (first.kind !== 'act') throw new Error('unreachable');
    expect(first.actions.map((x) => x.kind)).toEqual(['coupon', 'memberMessage']);
    expect(first.actions[0].key).toBe(`${a.key}:${first.runKey.split(':')[1]}:launch:s0:a0`);
  });
  it('skips a member outside the segment', () => {
    expect(
      planStep({
        automation: a,
        stepIndex: 0,
        member: member('m1', ['lifecycle:活跃']),
        occurrence: { id: 'launch', at: 1_000 },
        lastRunAt: null,
        now: 1_000,
        secret: SECRET,
      }),
    ).toMatchObject({ kind: 'skip', reason: 'notInAudience' });
  });
  it('without a message: the coupon only', () => {
    const { message: _m, ...rest } = campaign;
    expect(campaignAutomation(rest).steps[0].actions).toEqual([
      { kind: 'coupon', templateId: 'tpl_1' },
    ]);
  });
  it('its results are the automations results: 7.8% → 21.4% is a 13.6-point lift', () => {
    const runs = [
      ...Array.from({ length: 1000 }, (_, i) => ({
        memberId: `t${i}`,
        group: 'treated' as const,
        startedAt: 0,
      })),
      ...Array.from({ length: 1000 }, (_, i) => ({
        memberId: `h${i}`,
        group: 'holdout' as const,
        startedAt: 0,
      })),
    ];
    const orders = [
      ...Array.from({ length: 214 }, (_, i) => ({
        memberId: `t${i}`,
        createdAt: DAY_MS,
        paidFen: 100,
      })),
      ...Array.from({ length: 78 }, (_, i) => ({
        memberId: `h${i}`,
        createdAt: DAY_MS,
        paidFen: 100,
      })),
    ];
    const r = summarizeResults({ runs, orders, couponsUsed: 0, attributionDays: 14 });
    expect([r.treated.rate, r.holdout.rate, r.liftPoints, r.incrementalResponders]).toEqual([
      21.4, 7.8, 13.6, 136,
    ]);
  });
});
