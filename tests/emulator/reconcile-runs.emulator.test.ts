/**
 * The reconciliation as a timer: it runs every 5 minutes by itself, a second run changes
 * nothing, and a run concurrent with a live retry of the same request never counts twice.
 * Also: a points award interrupted anywhere is all or nothing.
 */
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { startTestEmulator, type TestEmulator } from '../support/emulator';
import { GRACE_MS } from '../../cloudfunctions/_shared/recoveryPlan';
import type { Reply } from '../../src/contracts/reply';
import { addCoupon, addMember, FUNCTION_ENV, find, thresholdTemplate } from './support/loyalty';
import {
  expectBooksBalance,
  killedAfter,
  reconcile,
  runReconcile,
  snapshot,
} from './support/reconcile';

const CLERK = 'o_test_clerk_S001';
const FAR = 4_102_444_800_000;
const LINES = [{ category: '家居清洁', amountFen: 25_800 }];
let emu: TestEmulator;
let n = 0;

beforeAll(async () => {
  emu = await startTestEmulator({ functionEnv: FUNCTION_ENV });
  await emu.seedMinimal();
  emu.database.insertMany('couponTemplates', [thresholdTemplate('tpl-run', 100)]);
  emu.database.insertMany('rewards', [
    {
      _id: 'rw-run',
      title: '¥20 券',
      description: '',
      kind: 'coupon',
      pointsCost: 100,
      stock: 100,
      couponTemplateId: 'tpl-run',
      perMemberLimit: null,
      active: true,
      sort: 1,
      createdAt: 0,
    },
  ]);
});
afterAll(async () => {
  await emu?.stop();
});

const BOOKS = { rewards: { 'rw-run': 100 }, templates: { 'tpl-run': 100 } };

const purchase = (memberId: string, couponId: string, receiptNo: string) =>
  emu.invoke(
    'staff',
    {
      action: 'recordPurchase',
      memberId,
      receiptNo,
      lines: LINES,
      couponId,
      userInfo: { appId: 'test', openId: CLERK },
    },
    { openid: CLERK, source: 'wx_client' },
  );
const redeem = (openid: string, requestId: string) =>
  emu.invoke(
    'mall',
    {
      action: 'redeemReward',
      rewardId: 'rw-run',
      requestId,
      userInfo: { appId: 'test', openId: openid },
    },
    { openid, source: 'wx_client' },
  );
const replyOf = (out: Awaited<ReturnType<TestEmulator['invoke']>>) => {
  if (!out.ok) throw new Error(out.errMsg);
  return out.result as Reply<unknown>;
};

describe('the reconcile timer', () => {
  it('is triggered every 5 minutes and fires as the clock passes', async () => {
    const trigger = emu.scheduler.schedule().find((t) => t.functionName === 'reconcile');
    expect(trigger?.cron).toBe('0 */5 * * * * *');
    await emu.travel({ advanceMs: 0 }); // arm the schedule at the current time
    const fired = await emu.travel({ advanceMs: 5 * 60_000 });
    const run = fired.find((f) => f.functionName === 'reconcile');
    expect(run?.result.ok).toBe(true);
  });

  it('a second run changes nothing', async () => {
    const members: string[] = [];
    // half-done work of every kind: a claimed coupon without its order, an order without
    // its points, an order without its ledger entry, a redemption holding stock and a coupon
    for (const k of [2, 3, 5]) {
      const m = addMember(emu, { lots: [{ points: 300, expiresAt: FAR }] });
      members.push(m._id);
      const c = addCoupon(emu, m._id);
      await killedAfter(emu, 'staff', k, () => purchase(m._id, c._id, `RR${++n}`));
    }
    for (const k of [6, 8]) {
      const m = addMember(emu, { lots: [{ points: 300, expiresAt: FAR }] });
      members.push(m._id);
      await killedAfter(emu, 'mall', k, () => redeem(m.openid, `request-run-${++n}-k${k}`));
    }
    const first = await reconcile(emu);
    expect(first.claims.repaired).toBe(1);
    expect(first.orders.repaired).toBe(2);
    expect(first.redemptions.repaired).toBe(2);
    expectBooksBalance(emu, { members, ...BOOKS });
    const after = snapshot(emu);
    const second = await reconcile(emu);
    expect([second.claims, second.orders, second.redemptions].map((r) => r.repaired)).toEqual([
      0, 0, 0,
    ]);
    expect(snapshot(emu)).toEqual(after);
  });
});

describe('paging', () => {
  it('finishes more half-done orders than one page holds, 150 of them in the same millisecond, each once', async () => {
    const m = addMember(emu, { lots: [{ points: 300, expiresAt: FAR }] });
    const at = emu.clock.now();
    const orders = Array.from({ length: 230 }, (_v, i) => {
      const _id = `S001.PAGE${String(i).padStart(4, '0')}`;
      return {
        _id,
        storeId: 'S001',
        receiptNo: `PAGE${String(i).padStart(4, '0')}`,
        memberId: m._id,
        clerkId: 'C0011',
        lines: [{ category: '家居清洁', name: null, quantity: 1, amountFen: 1_000 }],
        amountFen: 1_000,
        discountFen: 0,
        paidFen: 1_000,
        couponId: null,
        pointsEarned: 10,
        status: 'completed',
        refundedFen: 0,
        source: 'till',
        createdAt: i < 150 ? at : at + i, // a tie across the page boundary (100)
        opKey: `order:${_id}`,
        lotId: `lot:order:${_id}`,
        pointsExpireAt: FAR,
        levelBefore: 'normal',
        levelAfter: 'normal',
        levelChange: null,
        reassign: null,
        pointsReversed: 0,
        pointsUnrecoverable: 0,
        refundIds: [],
      };
    });
    emu.database.insertMany('orders', orders); // written, then the instance died: no effects
    const report = await reconcile(emu);
    expect(report.orders.repaired).toBe(230);
    const member = find(emu, 'members', { _id: m._id })[0];
    expect(member.points.balance).toBe(300 + 230 * 10);
    expect(member.stats.orderCount).toBe(230);
    expectBooksBalance(emu, { members: [m._id] });
    expect((await reconcile(emu)).orders.repaired).toBe(0);
  });
});

describe('a run concurrent with a live retry of the same request', () => {
  it.each([2, 3, 4, 5])(
    'purchase killed after request %i, then the receipt re-sent while the reconciler runs: one order, points once',
    async (k) => {
      const m = addMember(emu, { lots: [{ points: 300, expiresAt: FAR }] });
      const c = addCoupon(emu, m._id);
      const receipt = `RC${++n}`;
      await killedAfter(emu, 'staff', k, () => purchase(m._id, c._id, receipt));
      emu.clock.advance(GRACE_MS + 1_000);
      const [, retry] = await Promise.all([runReconcile(emu), purchase(m._id, c._id, receipt)]);
      expect(replyOf(retry)).toMatchObject({ ok: true, data: { discountFen: 1_000 } });
      const orders = find(emu, 'orders', { memberId: m._id });
      expect(orders).toHaveLength(1);
      expect(find(emu, 'members', { _id: m._id })[0].points.balance).toBe(
        300 + orders[0].pointsEarned,
      );
      expectBooksBalance(emu, { members: [m._id] });
    },
  );

  it.each([5, 6, 7, 9])(
    'redemption killed after request %i, then the tap retried while the reconciler runs: paid once or not at all',
    async (k) => {
      const m = addMember(emu, { lots: [{ points: 300, expiresAt: FAR }] });
      const requestId = `request-live-${++n}-k${k}`;
      await killedAfter(emu, 'mall', k, () => redeem(m.openid, requestId));
      emu.clock.advance(GRACE_MS + 1_000);
      const [, retry] = await Promise.all([runReconcile(emu), redeem(m.openid, requestId)]);
      const reply = replyOf(retry);
      const redemptions = find(emu, 'redemptions', { memberId: m._id });
      const balance = find(emu, 'members', { _id: m._id })[0].points.balance;
      if (reply.ok) {
        expect(redemptions.map((r) => r.status)).toEqual(['done']);
        expect(balance).toBe(200);
      } else {
        expect(reply.error.code).toBe('COMMON.CONFLICT'); // undone under it: tap again
        expect(redemptions).toEqual([]);
        expect(balance).toBe(300);
      }
      await reconcile(emu); // whatever the race left, a later run settles
      expectBooksBalance(emu, { members: [m._id], ...BOOKS });
    },
  );
});

describe('points awards', () => {
  it('a profile completion killed after any request: the award is all or nothing', async () => {
    const update = (openid: string) =>
      emu.invoke(
        'member',
        {
          action: 'updateProfile',
          name: '李四',
          gender: 'male',
          birthday: { month: 5, day: 20, year: null },
          userInfo: { appId: 'test', openId: openid },
        },
        { openid, source: 'wx_client' },
      );
    const complete = addMember(emu, { name: null, gender: null });
    const out = await update(complete.openid);
    const N = (emu.stats.get(out.invocationId) as { total: number }).total;
    expect(find(emu, 'members', { _id: complete._id })[0].points.balance).toBeGreaterThan(0);
    for (let k = 1; k < N; k++) {
      const m = addMember(emu, { name: null, gender: null });
      await killedAfter(emu, 'member', k, () => update(m.openid));
      expectBooksBalance(emu, { members: [m._id] });
      // the next save awards what the cut-off one did not, once
      await update(m.openid);
      expectBooksBalance(emu, { members: [m._id] });
      expect(find(emu, 'members', { _id: m._id })[0].points.balance).toBe(
        find(emu, 'members', { _id: complete._id })[0].points.balance,
      );
    }
  });
});
