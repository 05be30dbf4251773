import { describe, expect, it } from '@jest/globals';
import { giftRefusalText, planNewMemberGift } from './newMemberGift';
import { parseSettings } from './settings';
import { shanghaiTime } from './calendar';

const settings = parseSettings({});
// 2026-12-01 23:30 in Shanghai is still 1 December there (15:30 UTC)
const now = shanghaiTime(2026, 12, 1, 23, 30);
const plan = (over: Partial<Parameters<typeof planNewMemberGift>[0]> = {}) =>
  planNewMemberGift({
    settings,
    created: true,
    pendingCleared: true,
    storeId: 'S001',
    now,
    ...over,
  });

describe('planNewMemberGift', () => {
  it("reserves one of the store's gifts of the Shanghai day", () => {
    expect(plan()).toEqual({
      kind: 'reserve',
      capId: 'S001:2026-12-01',
      bucket: 'S001',
      date: '2026-12-01',
      cap: 200,
    });
  });
  it('counts a signup without a checkout code in the direct bucket', () => {
    expect(plan({ storeId: null })).toMatchObject({ kind: 'reserve', capId: 'direct:2026-12-01' });
  });
  it('gives an existing member (imported, or linked again) nothing: the gift is for new members', () => {
    expect(plan({ created: false, pendingCleared: false })).toEqual({
      kind: 'none',
      reason: 'notNewMember',
    });
  });
  it('explains a new member created while the gift was off', () => {
    expect(plan({ pendingCleared: false })).toEqual({ kind: 'none', reason: 'disabled' });
  });
  it('gives nothing when HQ switched the gift off after the member was created', () => {
    const off = parseSettings({ newMemberGift: { enabled: false } });
    expect(plan({ settings: off })).toEqual({ kind: 'none', reason: 'disabled' });
  });
  it('treats a cap of 0 as reached without touching the counter', () => {
    const zero = parseSettings({ newMemberGift: { dailyCapPerStore: 0 } });
    expect(plan({ settings: zero })).toEqual({ kind: 'none', reason: 'dailyCapReached' });
  });
});

describe('giftRefusalText', () => {
  it('tells a returning phone it had the gift before', () => {
    expect(giftRefusalText('phoneGiftedBefore')).toBe('该手机号已领取过新人礼，本次不再发放');
  });
  it('says the day is given out when the cap is reached', () => {
    expect(giftRefusalText('dailyCapReached')).toBe('今日新人礼已发完，本次注册未获赠优惠券');
  });
  it('says nothing extra to an existing member (welcomed back)', () => {
    expect(giftRefusalText('notNewMember')).toBeNull();
  });
});
