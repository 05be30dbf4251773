/**
 * Points-mall redemptions — a coupon reward (reward stock and template stock) and a gift
 * with stock — interrupted after every one of their requests and never retried: the
 * reconciliation undoes each (stock given back, coupon taken back, no points spent), and
 * the books balance. A retry of the same tap after the undo starts afresh.
 */
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { startTestEmulator, type TestEmulator } from '../support/emulator';
import { addMember, FUNCTION_ENV, find, thresholdTemplate } from './support/loyalty';
import { expectBooksBalance, killedAfter, reconcile, requestsOf } from './support/reconcile';

const FAR = 4_102_444_800_000;
const REWARD_STOCK = 1_000;
const TEMPLATE_STOCK = 1_000;

let emu: TestEmulator;
let req = 0;

beforeAll(async () => {
  emu = await startTestEmulator({ functionEnv: FUNCTION_ENV });
  await emu.seedMinimal();
  emu.database.insertMany('couponTemplates', [thresholdTemplate('tpl-stock', TEMPLATE_STOCK)]);
  const base = { description: '', active: true, perMemberLimit: null, createdAt: 0 };
  emu.database.insertMany('rewards', [
    {
      ...base,
      _id: 'rw-coupon',
      title: '¥20 券',
      kind: 'coupon',
      pointsCost: 100,
      stock: REWARD_STOCK,
      couponTemplateId: 'tpl-stock',
      sort: 1,
    },
    {
      ...base,
      _id: 'rw-gift',
      title: '购物袋',
      kind: 'gift',
      pointsCost: 50,
      stock: REWARD_STOCK,
      couponTemplateId: null,
      perMemberLimit: 1,
      sort: 2,
    },
  ]);
});
afterAll(async () => {
  await emu?.stop();
});

const redeem = (openid: string, rewardId: string, requestId: string) =>
  emu.invoke(
    'mall',
    { action: 'redeemReward', rewardId, requestId, userInfo: { appId: 'test', openId: openid } },
    { openid, source: 'wx_client' },
  );

const BOOKS = {
  rewards: { 'rw-coupon': REWARD_STOCK, 'rw-gift': REWARD_STOCK },
  templates: { 'tpl-stock': TEMPLATE_STOCK },
};

for (const [name, rewardId] of [
  ['a coupon reward (reward and template stock)', 'rw-coupon'],
  ['a gift with stock and a per-member limit', 'rw-gift'],
] as const) {
  describe(`redeeming ${name}`, () => {
    let N = 0;
    const members: string[] = [];

    it('counts the requests of a complete redemption', async () => {
      const m = addMember(emu, { lots: [{ points: 300, expiresAt: FAR }] });
      members.push(m._id);
      const out = await redeem(m.openid, rewardId, `request-${++req}-count`);
      expect(out.ok && (out.result as { ok: boolean }).ok).toBe(true);
      N = requestsOf(emu, out);
      // one read, the intent, the unit, start, one read, ≥ 4 writes, commit: every k is killed below
      expect(N).toBeGreaterThanOrEqual(10);
      expectBooksBalance(emu, { members, ...BOOKS });
    });

    it('killed after each request k < N and never retried: undone, the books balance; the same tap then redeems once', async () => {
      for (let k = 1; k < N; k++) {
        const m = addMember(emu, { lots: [{ points: 300, expiresAt: FAR }] });
        members.push(m._id);
        const requestId = `request-${++req}-k${k}`;
        await killedAfter(emu, 'mall', k, () => redeem(m.openid, rewardId, requestId));
        await reconcile(emu);
        expectBooksBalance(emu, { members, ...BOOKS });
        // nothing was spent, nothing is held or issued, nothing is left pending
        expect(find(emu, 'members', { _id: m._id })[0].points.balance).toBe(300);
        expect(find(emu, 'redemptions', { memberId: m._id })).toEqual([]);
        expect(find(emu, 'coupons', { memberId: m._id, source: 'mall' })).toEqual([]);
        // the shopper taps again with the same request: one redemption, paid once
        const again = await redeem(m.openid, rewardId, requestId);
        expect(again.ok && (again.result as { ok: boolean }).ok).toBe(true);
        expect(find(emu, 'redemptions', { memberId: m._id }).map((r) => r.status)).toEqual([
          rewardId === 'rw-gift' ? 'reserved' : 'done',
        ]);
        expectBooksBalance(emu, { members, ...BOOKS });
      }
    });
  });
}
