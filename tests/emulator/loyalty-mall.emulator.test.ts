/**
 * The points mall through the real SDK: redemptions are all or nothing, never oversell,
 * never take a balance below zero, spend the soonest-expiring lots first and count a
 * retried tap once.
 */
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { startTestEmulator, TEST_EPOCH, type TestEmulator } from '../support/emulator';
import type { Reply } from '../../src/contracts/reply';
import type { PointsEntryView, RewardView } from '../../src/contracts/mall';
import type { CouponView } from '../../src/contracts/member';
import { DAY_MS } from '../../src/domain/calendar';
import { addMember, counts, data, FUNCTION_ENV, find, thresholdTemplate } from './support/loyalty';

type Redeemed = {
  redemptionId: string;
  duplicate: boolean;
  coupon: CouponView | null;
  pointsSpent: number;
  balance: number;
};

let emu: TestEmulator;
let req = 0;
const requestId = () => `req-${Date.now().toString(36)}-${++req}`;
const FAR = 4_102_444_800_000; // 2100

const redeem = (openid: string, rewardId: string, id = requestId()) =>
  emu.call<Reply<Redeemed>>('mall', { action: 'redeemReward', rewardId, requestId: id }, openid);

/**
 * One tap as the page makes it: on COMMON.CONFLICT (too much contention) the same tap is
 * sent again with its requestId, until the server decides (done, or a refusal).
 */
async function tapUntilDecided(openid: string, rewardId: string): Promise<Reply<Redeemed>> {
  const id = requestId();
  for (let attempt = 0; attempt < 30; attempt++) {
    const r = await redeem(openid, rewardId, id);
    if (r.ok || r.error.code !== 'COMMON.CONFLICT') return r;
  }
  throw new Error('still contended after 30 tries');
}

function lotSum(memberId: string): number {
  return find(emu, 'pointLots', { memberId }).reduce(
    (s, l) => s + (l.expiresAt >= emu.clock.now() ? l.remaining : 0),
    0,
  );
}
function ledgerSum(memberId: string): number {
  return find(emu, 'pointsLedger', { memberId }).reduce((s, e) => s + e.delta, 0);
}

beforeAll(async () => {
  emu = await startTestEmulator({ functionEnv: FUNCTION_ENV, startsAt: TEST_EPOCH });
  await emu.seedMinimal();
  const now = emu.clock.now();
  emu.database.insertMany('couponTemplates', [thresholdTemplate('tpl-20', undefined, now)]);
  const reward = (over: Record<string, unknown>) => ({
    title: '¥20 满减券',
    description: '满100可用',
    kind: 'coupon',
    pointsCost: 100,
    stock: null,
    couponTemplateId: 'tpl-20',
    perMemberLimit: null,
    active: true,
    sort: 1,
    createdAt: now,
    ...over,
  });
  emu.database.insertMany('rewards', [
    reward({ _id: 'rw-stock10', stock: 10 }),
    reward({ _id: 'rw-30', title: '小额券', pointsCost: 30, sort: 2 }),
    reward({ _id: 'rw-150', title: '大额券', pointsCost: 150, sort: 3 }),
    reward({
      _id: 'rw-gift',
      title: '环保购物袋',
      kind: 'gift',
      couponTemplateId: null,
      pointsCost: 50,
      stock: 100,
      perMemberLimit: 1,
      sort: 4,
    }),
    reward({ _id: 'rw-off', title: '已下架', active: false, sort: 5 }),
  ]);
});
afterAll(async () => {
  await emu?.stop();
});

describe('redeemReward', () => {
  it('100 concurrent redemptions of a reward with stock 10: exactly 10 succeed, and the points are right', async () => {
    const members = Array.from({ length: 100 }, () =>
      addMember(emu, { lots: [{ points: 150, expiresAt: FAR }] }),
    );
    const replies = await Promise.all(members.map((m) => redeem(m.openid, 'rw-stock10')));
    const won = replies.map((r, i) => ({ r, m: members[i] })).filter((x) => x.r.ok);
    expect(won).toHaveLength(10);
    for (const r of replies) if (!r.ok) expect(r.error.code).toBe('REWARD.OUT_OF_STOCK');
    const reward = find(emu, 'rewards', { _id: 'rw-stock10' })[0];
    expect(reward).toMatchObject({ stock: 0, redeemedCount: 10 });
    for (const m of members) {
      const winner = won.some((x) => x.m._id === m._id);
      const balance = find(emu, 'members', { _id: m._id })[0].points.balance;
      expect(balance).toBe(winner ? 50 : 150);
      expect(lotSum(m._id)).toBe(balance);
      expect(ledgerSum(m._id)).toBe(balance);
    }
    expect(emu.database.count('redemptions', { rewardId: 'rw-stock10' })).toBe(10);
    for (const { r, m } of won) {
      const d = data(r as Reply<Redeemed>);
      expect(d).toMatchObject({
        duplicate: false,
        pointsSpent: 100,
        balance: 50,
        coupon: { title: '满100减20', status: 'unused', source: 'mall' },
      });
      expect(emu.database.count('coupons', { memberId: m._id, source: 'mall' })).toBe(1);
    }
  });

  it('50 concurrent spends by one member: exactly 33 succeed (33 × 30 = 990 of 1000), never below zero', async () => {
    const now = emu.clock.now();
    const m = addMember(emu, {
      lots: [
        { points: 400, expiresAt: now + 10 * DAY_MS },
        { points: 600, expiresAt: FAR },
      ],
    });
    const replies = await Promise.all(
      Array.from({ length: 50 }, () => tapUntilDecided(m.openid, 'rw-30')),
    );
    const ok = replies.filter((r) => r.ok);
    expect(ok).toHaveLength(33);
    for (const r of ok) expect(data(r).duplicate).toBe(false);
    expect(replies.filter((r) => !r.ok && r.error.code === 'POINTS.INSUFFICIENT')).toHaveLength(17);
    expect(find(emu, 'members', { _id: m._id })[0].points.balance).toBe(10);
    expect(lotSum(m._id)).toBe(10);
    expect(ledgerSum(m._id)).toBe(10);
    expect(find(emu, 'pointsLedger', { memberId: m._id, kind: 'spend' })).toHaveLength(33);
    // soonest-expiring first: the 400-point lot is gone, 10 of the 600 remain
    expect(
      find(emu, 'pointLots', { memberId: m._id })
        .map((l) => l.remaining)
        .sort((a, b) => a - b),
    ).toEqual([0, 10]);
    expect(emu.database.count('redemptions', { memberId: m._id, status: 'done' })).toBe(33);
    expect(emu.database.count('redemptions', { memberId: m._id })).toBe(33);
    expect(emu.database.count('coupons', { memberId: m._id, source: 'mall' })).toBe(33);
  });

  it('spends the soonest-expiring lots first', async () => {
    const now = emu.clock.now();
    const m = addMember(emu, {
      lots: [
        { id: `late-${now}`, points: 100, expiresAt: now + 300 * DAY_MS },
        { id: `soon-${now}`, points: 100, expiresAt: now + 30 * DAY_MS },
      ],
    });
    data(await redeem(m.openid, 'rw-150'));
    expect(find(emu, 'pointLots', { _id: `soon-${now}` })[0].remaining).toBe(0);
    expect(find(emu, 'pointLots', { _id: `late-${now}` })[0].remaining).toBe(50);
    const spend = find(emu, 'pointsLedger', { memberId: m._id, kind: 'spend' })[0];
    expect(spend).toMatchObject({
      delta: -150,
      lots: [
        { lotId: `soon-${now}`, points: 100 },
        { lotId: `late-${now}`, points: 50 },
      ],
    });
  });

  it('points of an expired lot the timer has not processed yet cannot be spent', async () => {
    const now = emu.clock.now();
    const m = addMember(emu, { lots: [{ points: 100, expiresAt: now - DAY_MS }] });
    const before = counts(emu);
    expect(await redeem(m.openid, 'rw-30')).toMatchObject({
      ok: false,
      error: { code: 'POINTS.INSUFFICIENT' },
    });
    expect(counts(emu)).toEqual(before);
  });

  it('a retried tap (same requestId) counts once and answers the same coupon', async () => {
    const m = addMember(emu, { lots: [{ points: 500, expiresAt: FAR }] });
    const id2 = requestId();
    const replies = (
      await Promise.all(Array.from({ length: 5 }, () => redeem(m.openid, 'rw-30', id2)))
    )
      .filter((r) => r.ok)
      .map(data);
    expect(replies.length).toBeGreaterThan(0);
    expect(new Set(replies.map((r) => r.redemptionId)).size).toBe(1);
    expect(new Set(replies.map((r) => r.coupon?.id)).size).toBe(1);
    expect(replies.filter((r) => !r.duplicate).length).toBeLessThanOrEqual(1);
    const again = data(await redeem(m.openid, 'rw-30', id2));
    expect(again).toMatchObject({
      duplicate: true,
      redemptionId: replies[0].redemptionId,
      coupon: { id: replies[0].coupon!.id },
    });
    expect(emu.database.count('redemptions', { memberId: m._id, rewardId: 'rw-30' })).toBe(1);
  });

  it('the per-member limit holds under concurrent taps', async () => {
    const m = addMember(emu, { lots: [{ points: 500, expiresAt: FAR }] });
    const replies = await Promise.all(Array.from({ length: 5 }, () => redeem(m.openid, 'rw-gift')));
    expect(replies.filter((r) => r.ok)).toHaveLength(1);
    for (const r of replies)
      if (!r.ok) expect(['REWARD.LIMIT_REACHED', 'COMMON.CONFLICT']).toContain(r.error.code);
    expect(await redeem(m.openid, 'rw-gift')).toMatchObject({
      ok: false,
      error: { code: 'REWARD.LIMIT_REACHED' },
    });
    expect(find(emu, 'members', { _id: m._id })[0].points.balance).toBe(450);
    expect(find(emu, 'rewards', { _id: 'rw-gift' })[0].stock).toBe(99);
    expect(find(emu, 'redemptions', { memberId: m._id })[0]).toMatchObject({
      status: 'reserved',
      couponSpec: null,
    });
  });

  it('refuses without writing: not enough points, unknown or withdrawn reward, out of stock, not a member', async () => {
    const poor = addMember(emu, { lots: [{ points: 20, expiresAt: FAR }] });
    const rich = addMember(emu, { lots: [{ points: 500, expiresAt: FAR }] });
    const before = counts(emu);
    expect(await redeem(poor.openid, 'rw-30')).toMatchObject({
      ok: false,
      error: { code: 'POINTS.INSUFFICIENT' },
    });
    expect(await redeem(rich.openid, 'no-such-reward')).toMatchObject({
      ok: false,
      error: { code: 'REWARD.NOT_FOUND' },
    });
    expect(await redeem(rich.openid, 'rw-off')).toMatchObject({
      ok: false,
      error: { code: 'REWARD.NOT_FOUND' },
    });
    expect(await redeem(rich.openid, 'rw-stock10')).toMatchObject({
      ok: false,
      error: { code: 'REWARD.OUT_OF_STOCK' },
    });
    expect(await redeem('o_not_a_member', 'rw-30')).toMatchObject({
      ok: false,
      error: { code: 'AUTH.NOT_MEMBER' },
    });
    expect(counts(emu)).toEqual(before);
  });
});

describe('listRewards and pointsHistory', () => {
  it('lists active rewards with what the member can redeem now', async () => {
    const m = addMember(emu, { lots: [{ points: 120, expiresAt: FAR }] });
    const { rewards, balance } = data(
      await emu.call<Reply<{ rewards: RewardView[]; balance: number }>>(
        'mall',
        { action: 'listRewards' },
        m.openid,
      ),
    );
    expect(balance).toBe(120);
    const by = Object.fromEntries(rewards.map((r) => [r.id, r]));
    expect(Object.keys(by)).not.toContain('rw-off');
    expect(by['rw-stock10']).toMatchObject({
      stock: 0,
      available: false,
      unavailableReason: '已兑完',
    });
    expect(by['rw-30']).toMatchObject({
      available: true,
      coupon: { title: '满100减20', conditions: ['满¥100可用'] },
    });
    expect(by['rw-150']).toMatchObject({ available: false, unavailableReason: '还差 30 积分' });
    expect(by['rw-gift']).toMatchObject({
      kind: 'gift',
      coupon: null,
      perMemberLimit: 1,
      redeemedByMe: 0,
      available: true,
    });
  });

  it('shows the ledger newest first, paged, and the points expiring soonest', async () => {
    const now = emu.clock.now();
    const m = addMember(emu, {
      lots: [
        { points: 80, expiresAt: now + 20 * DAY_MS, earnedAt: now - 2_000 },
        { points: 200, expiresAt: FAR, earnedAt: now - 1_000 },
      ],
    });
    data(await redeem(m.openid, 'rw-30'));
    type History = {
      entries: PointsEntryView[];
      hasMore: boolean;
      balance: number;
      expiringSoon: { points: number; at: number } | null;
    };
    const first = data(
      await emu.call<Reply<History>>('mall', { action: 'pointsHistory', limit: 2 }, m.openid),
    );
    expect(first).toMatchObject({
      balance: 250,
      hasMore: true,
      expiringSoon: { points: 50, at: now + 20 * DAY_MS },
    });
    expect(first.entries.map((e) => [e.kind, e.delta])).toEqual([
      ['spend', -30],
      ['earn', 200],
    ]);
    expect(first.entries[0].title).toBe('兑换小额券');
    const rest = data(
      await emu.call<Reply<History>>(
        'mall',
        { action: 'pointsHistory', limit: 2, before: first.entries[1].at },
        m.openid,
      ),
    );
    expect(rest.entries.map((e) => e.delta)).toEqual([80]);
    expect(rest.hasMore).toBe(false);
  });
});
