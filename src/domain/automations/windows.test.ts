import { describe, expect, it } from '@jest/globals';
import { DAY_MS, shanghaiTime } from '../calendar';
import { couponWindow, occurrenceOf, triggerWindow, type WindowMember } from './windows';

const now = shanghaiTime(2027, 6, 10, 5);
const member = (over: Partial<WindowMember> = {}): WindowMember => ({
  stats: { lastOrderAt: null, orderCount: 0 },
  createdAt: 0,
  ...over,
});
const bought = (at: number) => member({ stats: { lastOrderAt: at, orderCount: 1 } });

describe('noPurchaseFor 7: the Shanghai day 7 days ago, and the 2 before (catch-up)', () => {
  const trigger = { kind: 'noPurchaseFor', days: 7 } as const;
  const w = triggerWindow(trigger, now)!;
  it.each([
    ['23:59:59.999 on 3 June (7 days)', shanghaiTime(2027, 6, 3, 23, 59, 59, 999), '2027-06-03'],
    ['00:00 on 3 June', shanghaiTime(2027, 6, 3, 0), '2027-06-03'],
    ['1 June (9 days: a missed night)', shanghaiTime(2027, 6, 1, 12), '2027-06-01'],
    ['00:00 on 4 June (6 days)', shanghaiTime(2027, 6, 4, 0), null],
    ['31 May (10 days)', shanghaiTime(2027, 5, 31, 23, 59, 59, 999), null],
  ])('last order %s → %s', (_label, at, id) => {
    const o = occurrenceOf(trigger, bought(at), w);
    expect(o?.id ?? null).toBe(id);
  });
  it('never bought: no occurrence', () => {
    expect(occurrenceOf(trigger, member(), w)).toBeNull();
  });
});

describe('noFirstOrder 24 h', () => {
  const trigger = { kind: 'noFirstOrder', hours: 24 } as const;
  const w = triggerWindow(trigger, now)!;
  it('joined exactly 24 h ago without an order: once, as its signup', () => {
    expect(w).toMatchObject({ field: 'createdAt', require: { noOrders: true } });
    expect(occurrenceOf(trigger, member({ createdAt: now - DAY_MS }), w)).toEqual({
      id: 'signup',
      at: now - DAY_MS,
    });
  });
  it('23 h ago, or with an order: nothing', () => {
    expect(occurrenceOf(trigger, member({ createdAt: now - 23 * 3_600_000 }), w)).toBeNull();
    expect(
      occurrenceOf(
        trigger,
        member({ createdAt: now - DAY_MS, stats: { lastOrderAt: now, orderCount: 1 } }),
        w,
      ),
    ).toBeNull();
  });
});

describe('tagEntered and birthday', () => {
  it('a tag held since inside the window is an occurrence of that day; an old one is not', () => {
    const trigger = { kind: 'tagEntered', tag: 'lifecycle:流失' } as const;
    const w = triggerWindow(trigger, now)!;
    const held = (since: number, value = '流失') =>
      member({ tags: { lifecycle: { value, reason: '', since, ruleVersion: 1 } } });
    expect(occurrenceOf(trigger, held(now - 3_600_000), w)?.id).toBe('2027-06-10');
    expect(occurrenceOf(trigger, held(now - 30 * DAY_MS), w)).toBeNull();
    expect(occurrenceOf(trigger, held(now - 3_600_000, '沉睡'), w)).toBeNull();
  });
  it('a birthday due 3 days ahead, keyed by its year', () => {
    const trigger = { kind: 'birthday', daysBefore: 3 } as const;
    const w = triggerWindow(trigger, now)!;
    const due = (at: number) => member({ birthdayDueAt: at });
    expect(occurrenceOf(trigger, due(shanghaiTime(2027, 6, 13)), w)?.id).toBe('2027');
    expect(occurrenceOf(trigger, due(shanghaiTime(2027, 6, 14)), w)).toBeNull();
  });
  it('event triggers have no window', () => {
    expect(triggerWindow({ kind: 'pointsChanged' }, now)).toBeNull();
  });
});

describe('couponWindow: coupons ending 3 days ahead (or sooner, not yet ended)', () => {
  const trigger = { kind: 'couponExpiring', daysBefore: 3 } as const;
  const w = couponWindow(trigger, now)!;
  const inside = (t: number) => t >= w.from && t <= w.upTo;
  it.each([
    ['the end of 13 June (3 days ahead)', shanghaiTime(2027, 6, 13, 23, 59, 59, 999), true],
    [
      'the end of 11 June (1 day ahead: issued late, or a missed night)',
      shanghaiTime(2027, 6, 11, 23, 59, 59, 999),
      true,
    ],
    ['14 June (4 days ahead)', shanghaiTime(2027, 6, 14, 0), false],
    ['already ended', now - 1, false],
  ])('%s → %s', (_label, validUntil, expected) => {
    expect(inside(validUntil)).toBe(expected);
  });
  it('other triggers have no coupon window', () => {
    expect(couponWindow({ kind: 'noPurchaseFor', days: 7 }, now)).toBeNull();
  });
});
