/**
 * The 30-day "for now" owner of a cross-store purchase (domain/ownershipTerm.ts) on the
 * emulator's clock: the serving clerk owns the customer for the term, a second purchase in
 * that store within it makes the move permanent, a term that runs out is returned by the
 * nightly pass (or by the next order, before the pass); every change is one ownerHistory
 * document, also when ten purchases arrive at once.
 */
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { startTestEmulator, type TestEmulator } from '../support/emulator';
import { shanghaiTime } from '../../src/domain/calendar';
import { termEnd } from '../../src/domain/ownershipTerm';
import type { MinimalSeed } from '../../scripts/seed/minimal';
import { addMember, find } from './support/loyalty';
import { run } from './support/staffMessages';

type Reply<T> = { ok: true; data: T } | { ok: false; error: { code: string } };

let emu: TestEmulator;
let seed: MinimalSeed;
let receipt = 0;
const day = 86_400_000;

const purchase = async (memberId: string, openid: string) => {
  const r = await emu.call<Reply<{ orderId: string }>>(
    'staff',
    {
      action: 'recordPurchase',
      memberId,
      receiptNo: `OT-${++receipt}`,
      lines: [{ category: '家居清洁', amountFen: 12_000 }],
    },
    openid,
  );
  if (!r.ok) throw new Error(JSON.stringify(r.error));
  return r.data.orderId;
};
const memberOf = (id: string) => find(emu, 'members', { _id: id })[0];
const historyOf = (id: string) =>
  find(emu, 'ownerHistory', { memberId: id }).sort((a, b) => a.at - b.at);

beforeAll(async () => {
  emu = await startTestEmulator({ startsAt: shanghaiTime(2026, 3, 2, 10) });
  seed = await emu.seedMinimal();
});
afterAll(async () => {
  await emu?.stop();
});

describe('a cross-store purchase’s owner for now', () => {
  it('moves the customer to the serving clerk for 30 days, keeping the previous owner', async () => {
    const [nanjing, xujiahui] = seed.clerks;
    const m = addMember(emu, { clerkId: xujiahui.id, homeStoreId: xujiahui.storeId });
    const orderId = await purchase(m._id, nanjing.openid);
    const until = termEnd(find(emu, 'orders', { _id: orderId })[0].createdAt);
    expect(memberOf(m._id)).toMatchObject({
      clerkId: nanjing.id,
      homeStoreId: nanjing.storeId,
      ownerTerm: { until, original: { clerkId: xujiahui.id, storeId: xujiahui.storeId } },
    });
    expect(historyOf(m._id)).toEqual([
      expect.objectContaining({
        why: 'crossStore',
        clerkId: nanjing.id,
        previousClerkId: xujiahui.id,
        until,
      }),
    ]);
    expect(find(emu, 'orders', { _id: orderId })[0].previousClerkId).toBe(xujiahui.id);
  });

  it('a second purchase in the new store within the term makes it permanent', async () => {
    const [nanjing, xujiahui] = seed.clerks;
    const nanjingManager = seed.managers[0];
    const m = addMember(emu, { clerkId: xujiahui.id, homeStoreId: xujiahui.storeId });
    await purchase(m._id, nanjing.openid);
    emu.clock.advance(20 * day);
    const again = await purchase(m._id, nanjingManager.openid);
    expect(memberOf(m._id)).toMatchObject({
      clerkId: nanjing.id,
      homeStoreId: nanjing.storeId,
      ownerTerm: null,
    });
    expect(historyOf(m._id).map((h) => [h.why, h.clerkId, h.by])).toEqual([
      ['crossStore', nanjing.id, nanjing.id],
      ['confirmed', nanjing.id, nanjingManager.id],
    ]);
    expect(find(emu, 'orders', { _id: again })[0].previousClerkId).toBeNull(); // nobody told twice
    // the nightly pass has nothing to return
    emu.clock.advance(40 * day);
    await run(emu, 'daily');
    expect(memberOf(m._id).clerkId).toBe(nanjing.id);
  });

  it('returns the customer to the original owner when the term runs out (nightly pass)', async () => {
    const [nanjing, xujiahui] = seed.clerks;
    const m = addMember(emu, { clerkId: xujiahui.id, homeStoreId: xujiahui.storeId });
    const orderId = await purchase(m._id, nanjing.openid);
    const until = termEnd(find(emu, 'orders', { _id: orderId })[0].createdAt);
    emu.clock.set(until - 60_000);
    await run(emu, 'daily'); // not over yet
    expect(memberOf(m._id).clerkId).toBe(nanjing.id);
    emu.clock.set(until + 2 * 3_600_000 + 60_000); // 02:01 the night after the term's last day
    const night = await run<{ owners: { returned: number } }>(emu, 'daily');
    expect(night.owners.returned).toBeGreaterThanOrEqual(1);
    expect(memberOf(m._id)).toMatchObject({
      clerkId: xujiahui.id,
      homeStoreId: xujiahui.storeId,
      ownerTerm: null,
    });
    expect(historyOf(m._id).map((h) => [h.why, h.clerkId, h.previousClerkId, h.by, h.at])).toEqual([
      ['crossStore', nanjing.id, xujiahui.id, nanjing.id, expect.any(Number)],
      ['reverted', xujiahui.id, nanjing.id, null, until],
    ]);
  });

  it('an order after the term’s end, before the nightly pass, is decided on the returned owner', async () => {
    const [nanjing, xujiahui] = seed.clerks;
    const m = addMember(emu, { clerkId: xujiahui.id, homeStoreId: xujiahui.storeId });
    const first = await purchase(m._id, nanjing.openid);
    const until = termEnd(find(emu, 'orders', { _id: first })[0].createdAt);
    emu.clock.set(until + 60_000); // 00:01, the pass has not run
    const again = await purchase(m._id, nanjing.openid); // the new store again, but too late
    expect(memberOf(m._id)).toMatchObject({
      clerkId: nanjing.id,
      ownerTerm: { until: termEnd(until + 60_000), original: { clerkId: xujiahui.id } },
    });
    expect(historyOf(m._id).map((h) => h.why)).toEqual(['crossStore', 'reverted', 'crossStore']);
    expect(find(emu, 'orders', { _id: again })[0].previousClerkId).toBe(xujiahui.id);
    // the nightly pass does not write the return again
    emu.clock.advance(2 * 3_600_000);
    await run(emu, 'daily');
    expect(historyOf(m._id)).toHaveLength(3);
  });
});

/**
 * The history as a chain from `start`: each row moves from the owner the previous left. Rows
 * written in the same millisecond have no order of their own, and a 「confirmed」 row stays
 * with its owner, so the rows are placed by search (a trail using as many rows as can be):
 * the end it reaches and the rows no order could place.
 */
function chain(rows: ReturnType<typeof historyOf>, start: string) {
  let best = { end: start, unplaced: rows.length };
  const walk = (at: string, left: typeof rows) => {
    if (left.length < best.unplaced) best = { end: at, unplaced: left.length };
    left.forEach((r, i) => {
      if (best.unplaced > 0 && r.previousClerkId === at)
        walk(r.clerkId, [...left.slice(0, i), ...left.slice(i + 1)]);
    });
  };
  walk(start, rows);
  return best;
}

describe('concurrent purchases', () => {
  it('ten at once in the new store: one consistent owner, one history row per change', async () => {
    const [nanjing, xujiahui] = seed.clerks;
    const m = addMember(emu, { clerkId: xujiahui.id, homeStoreId: xujiahui.storeId });
    const orders = await Promise.all(
      Array.from({ length: 10 }, () => purchase(m._id, nanjing.openid)),
    );
    const member = memberOf(m._id);
    expect(member).toMatchObject({ clerkId: nanjing.id, ownerTerm: null, ownerRev: 2 });
    expect(historyOf(m._id).map((h) => h.why)).toEqual(['crossStore', 'confirmed']);
    expect(orders.filter((id) => find(emu, 'orders', { _id: id })[0].previousClerkId)).toHaveLength(
      1,
    );
    expect(member.stats.orderCount).toBe(10);
  });

  it('ten at once in two other stores: the history is one chain ending at the owner', async () => {
    const [nanjing, xujiahui, xinjiekou] = seed.clerks;
    const m = addMember(emu, { clerkId: xujiahui.id, homeStoreId: xujiahui.storeId });
    await Promise.all(
      Array.from({ length: 10 }, (_, i) =>
        purchase(m._id, i % 2 ? nanjing.openid : xinjiekou.openid),
      ),
    );
    const member = memberOf(m._id);
    const rows = historyOf(m._id);
    expect(member.ownerRev).toBe(rows.length);
    expect(chain(rows, xujiahui.id)).toEqual({ end: member.clerkId, unplaced: 0 });
    expect([nanjing.id, xinjiekou.id]).toContain(member.clerkId);
  });
});
