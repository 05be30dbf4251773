/**
 * Refunds — partial, and full with the coupon given back — interrupted after every one of
 * their requests and never retried. A refund is one transaction, its requests in turn: an
 * instance that dies before the commit leaves nothing (the server aborts the transaction),
 * and the reconciliation has nothing to finish; the books balance either way.
 */
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { startTestEmulator, type TestEmulator } from '../support/emulator';
import type { PurchaseResult } from '../../src/contracts/staff';
import { addCoupon, addMember, data, FUNCTION_ENV, find } from './support/loyalty';
import type { Reply } from '../../src/contracts/reply';
import {
  expectBooksBalance,
  killedAfter,
  reconcile,
  requestsOf,
  snapshot,
} from './support/reconcile';

const CLERK = 'o_test_clerk_S001';
const FAR = 4_102_444_800_000;
let emu: TestEmulator;
let n = 0;

beforeAll(async () => {
  emu = await startTestEmulator({ functionEnv: FUNCTION_ENV });
  await emu.seedMinimal();
});
afterAll(async () => {
  await emu?.stop();
});

const staff = (event: Record<string, unknown>) =>
  emu.invoke(
    'staff',
    { ...event, userInfo: { appId: 'test', openId: CLERK } },
    { openid: CLERK, source: 'wx_client' },
  );

/** A member who bought ¥258 with a ¥10 coupon and spent nothing since. */
async function purchased() {
  const m = addMember(emu, { lots: [{ points: 300, expiresAt: FAR }] });
  const coupon = addCoupon(emu, m._id);
  const out = await staff({
    action: 'recordPurchase',
    memberId: m._id,
    receiptNo: `RF${Date.now().toString(36)}${++n}`,
    lines: [{ category: '家居清洁', amountFen: 25_800 }],
    couponId: coupon._id,
  });
  if (!out.ok) throw new Error(out.errMsg);
  const order = data(out.result as Reply<PurchaseResult>);
  return { m, coupon, orderId: order.orderId };
}

for (const [name, amountFen] of [
  ['partial refund (¥50)', 5_000],
  ['full refund (the coupon comes back)', undefined],
] as const) {
  describe(name, () => {
    let N = 0;
    const refund = (orderId: string, requestId: string) =>
      staff({ action: 'refund', orderId, requestId, ...(amountFen ? { amountFen } : {}) });

    it('counts the requests of a complete refund', async () => {
      const { m, orderId } = await purchased();
      const out = await refund(orderId, `refund-${++n}-count`);
      expect(out.ok && (out.result as Reply<unknown>).ok).toBe(true);
      // start, one read, ≥ 4 writes, commit; then the rollup of the order's day (after the commit)
      N = requestsOf(emu, out) - 1;
      expect(N).toBeGreaterThanOrEqual(7);
      expectBooksBalance(emu, { members: [m._id] });
    });

    it('killed after each request k < N and never retried: nothing half-done, the books balance; the same request then refunds once', async () => {
      for (let k = 1; k < N; k++) {
        const { m, coupon, orderId } = await purchased();
        const before = snapshot(emu);
        const requestId = `refund-${++n}-k${k}`;
        await killedAfter(emu, 'staff', k, () => refund(orderId, requestId));
        const report = await reconcile(emu);
        expect(report.orders.failed + report.claims.failed + report.redemptions.failed).toBe(0);
        expect(snapshot(emu)).toEqual(before); // the commit is the last request: nothing happened
        expectBooksBalance(emu, { members: [m._id] });
        const again = await refund(orderId, requestId);
        expect(again.ok && (again.result as Reply<unknown>).ok).toBe(true);
        expect(emu.database.count('refunds', { orderId })).toBe(1);
        const order = find(emu, 'orders', { _id: orderId })[0];
        expect(order.status).toBe(amountFen ? 'partially_refunded' : 'refunded');
        expect(find(emu, 'coupons', { _id: coupon._id })[0].status).toBe(
          amountFen ? 'used' : 'unused',
        );
        expectBooksBalance(emu, { members: [m._id] });
      }
    });

    it('killed right after the commit, before the rollup: the retried request counts the refund there once', async () => {
      const { m, orderId } = await purchased();
      const requestId = `refund-${++n}-rollup`;
      await killedAfter(emu, 'staff', N, () => refund(orderId, requestId));
      expect(emu.database.count('refunds', { orderId })).toBe(1); // committed
      const rollupOf = () =>
        find(emu, 'dailyRollups', { orderIds: orderId })[0] as {
          refundIds: string[];
          revenueFen: number;
        };
      const refundId = find(emu, 'refunds', { orderId })[0]._id as string;
      const before = rollupOf();
      expect(before.refundIds).not.toContain(refundId);
      for (let i = 0; i < 2; i++) {
        const again = await refund(orderId, requestId);
        expect(again.ok && (again.result as Reply<unknown>).ok).toBe(true);
      }
      const after = rollupOf();
      expect(after.refundIds.filter((id) => id === refundId)).toHaveLength(1);
      const refunded = find(emu, 'refunds', { orderId })[0].refundedFen as number;
      expect(after.revenueFen).toBe(before.revenueFen - refunded);
      expectBooksBalance(emu, { members: [m._id] });
    });
  });
}
