/**
 * Interrupting money paths and proving the books afterwards: count the requests of a
 * complete operation, run it again killed right after request k (emulator.faults, no
 * retry), move the clock past the grace period, fire the `reconcile` timer, and check that
 * every book balances — exactly.
 */
import { expect } from '@jest/globals';
import type { TestEmulator } from '../../support/emulator';
import type { InvocationResult } from '../../../emulator/functions/runner';
import { APPLIED_OPS_KEPT, GRACE_MS } from '../../../cloudfunctions/_shared/recoveryPlan';
import { find, type AnyDoc } from './loyalty';

const COMMITTED = ['done', 'reserved'];

/** Move the clock past the grace period (no other timer fires) and run the reconcile timer. */
export async function reconcile(emu: TestEmulator): Promise<AnyDoc> {
  emu.clock.advance(GRACE_MS + 1_000);
  return runReconcile(emu);
}

/** Fire the reconcile timer trigger now; answers its report. */
export async function runReconcile(emu: TestEmulator): Promise<AnyDoc> {
  const trigger = emu.scheduler.schedule().find((t) => t.functionName === 'reconcile');
  if (!trigger) throw new Error('no reconcile timer trigger');
  const firing = await emu.scheduler.fireNow(trigger);
  if (!firing.result.ok) throw new Error(`reconcile failed: ${firing.result.errMsg}`);
  return firing.result.result as AnyDoc;
}

/** How many tcb requests a complete invocation made. */
export const requestsOf = (emu: TestEmulator, out: InvocationResult) =>
  (emu.stats.get(out.invocationId) as { total: number }).total;

/** Run `invoke` with the next invocation of `fn` killed right after request `k`; expect it killed. */
export async function killedAfter(
  emu: TestEmulator,
  fn: string,
  k: number,
  invoke: () => Promise<InvocationResult>,
): Promise<void> {
  emu.faults.arm({ fn, afterRequest: k });
  const out = await invoke();
  emu.faults.disarm();
  expect(out.ok).toBe(false);
  expect(out.ok ? '' : out.errMsg).toMatch(/killed/);
  expect(requestsOf(emu, out)).toBe(k);
}

/** The business collections, for "changed nothing" comparisons. */
export function snapshot(emu: TestEmulator): Record<string, AnyDoc[]> {
  const names = [
    'members',
    'orders',
    'pointLots',
    'pointsLedger',
    'coupons',
    'couponTemplates',
    'refunds',
    'redemptions',
    'rewards',
  ];
  return Object.fromEntries(
    names.map((n) => [n, find(emu, n, {}, { sort: { _id: 1 }, limit: 100_000 })]),
  );
}

export type Books = {
  members: string[];
  /** reward id → stock before the test */
  rewards?: Record<string, number>;
  /** coupon template id → stock before the test */
  templates?: Record<string, number>;
};

/**
 * balance = Σ remaining of unexpired lots = ledger sum; every order credited exactly once;
 * every used coupon has its order and every order's coupon is used by it (unless refunded);
 * stock + committed redemptions = initial stock, no open holds, no pending redemption;
 * points spent exactly once per committed redemption and its coupon issued, no mall coupon
 * without one.
 */
export function expectBooksBalance(emu: TestEmulator, books: Books): void {
  const now = emu.clock.now();
  for (const memberId of books.members) {
    const member = find(emu, 'members', { _id: memberId })[0];
    const balance = member.points.balance;
    const lots = find(emu, 'pointLots', { memberId });
    const ledger = find(emu, 'pointsLedger', { memberId });
    expect(lots.filter((l) => l.expiresAt >= now).reduce((s, l) => s + l.remaining, 0)).toBe(
      balance,
    );
    expect(ledger.reduce((s, e) => s + e.delta, 0)).toBe(balance);
    expect(balance).toBeGreaterThanOrEqual(0);
    for (const o of find(emu, 'orders', { memberId })) {
      if (!o.opKey) continue;
      // the key proves the credit while the member keeps it (the last 50), the lot after that
      if ((member.appliedOps ?? []).length < APPLIED_OPS_KEPT)
        expect(member.appliedOps ?? []).toContain(o.opKey);
      if (o.pointsEarned > 0) {
        expect(lots.filter((l) => l._id === `lot:${o.opKey}`).map((l) => l.earned)).toEqual([
          o.pointsEarned,
        ]);
        expect(
          ledger.filter((e) => e._id === `led:${o.opKey}`).map((e) => [e.kind, e.delta]),
        ).toEqual([['earn', o.pointsEarned]]);
      }
      if (o.couponId && o.status !== 'refunded') {
        const c = find(emu, 'coupons', { _id: o.couponId })[0];
        expect({ status: c.status, orderId: c.orderId }).toEqual({
          status: 'used',
          orderId: o._id,
        });
      }
    }
    for (const c of find(emu, 'coupons', { memberId, status: 'used' })) {
      const order = find(emu, 'orders', { _id: c.orderId })[0];
      expect(order?.couponId).toBe(c._id);
    }
    const redemptions = find(emu, 'redemptions', { memberId });
    expect(redemptions.filter((r) => !COMMITTED.includes(r.status))).toEqual([]);
    for (const r of redemptions) {
      expect(ledger.filter((e) => e.ref === `mall:${r._id}`).map((e) => [e.kind, e.delta])).toEqual(
        [['spend', -r.pointsCost]],
      );
      if (r.couponIssueKey)
        expect(emu.database.count('coupons', { issueKey: r.couponIssueKey })).toBe(1);
    }
    const ids = new Set(redemptions.map((r) => r._id));
    for (const c of find(emu, 'coupons', { memberId, source: 'mall' }))
      expect(ids.has(String(c.issueKey).replace(/^mall:/, ''))).toBe(true);
    for (const e of ledger.filter((x) => x.kind === 'spend' && String(x.ref).startsWith('mall:')))
      expect(ids.has(String(e.ref).slice('mall:'.length))).toBe(true);
  }
  for (const [rewardId, initial] of Object.entries(books.rewards ?? {})) {
    const reward = find(emu, 'rewards', { _id: rewardId })[0];
    const committed = find(emu, 'redemptions', { rewardId }).filter((r) =>
      COMMITTED.includes(r.status),
    );
    expect(reward.stock + committed.length).toBe(initial);
    expect(reward.redeemedCount ?? 0).toBe(committed.length);
    const committedIds = new Set(committed.map((r) => r._id));
    expect((reward.holds ?? []).filter((h: string) => !committedIds.has(h))).toEqual([]);
  }
  for (const [templateId, initial] of Object.entries(books.templates ?? {})) {
    const template = find(emu, 'couponTemplates', { _id: templateId })[0];
    expect(template.stock + emu.database.count('coupons', { templateId })).toBe(initial);
  }
}
