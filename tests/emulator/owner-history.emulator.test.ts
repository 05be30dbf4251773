/**
 * Owner history end to end: a cross-store purchase moves the customer and writes one
 * ownerHistory document (once, however often the receipt is retried, however many copies
 * arrive at once); the store managers involved and HQ read it, a clerk and an unrelated
 * store's manager may not.
 */
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { startTestEmulator, TEST_EPOCH, type TestEmulator } from '../support/emulator';
import type { MinimalSeed } from '../../scripts/seed/minimal';
import type { OwnerHistoryView } from '../../src/contracts/staff';
import { addMember } from './support/loyalty';
import { find } from './support/staffMessages';

let emu: TestEmulator;
let seed: MinimalSeed;

type Reply<T> = { ok: true; data: T } | { ok: false; error: { code: string } };

const purchase = (memberId: string, receiptNo: string, openid: string) =>
  emu.call<Reply<{ orderId: string }>>(
    'staff',
    {
      action: 'recordPurchase',
      memberId,
      receiptNo,
      lines: [{ category: '家居清洁', amountFen: 12_000 }],
    },
    openid,
  );

const history = (memberId: string, openid: string) =>
  emu.call<Reply<{ history: OwnerHistoryView[] }>>(
    'staff',
    { action: 'getOwnerHistory', memberId },
    openid,
  );

beforeAll(async () => {
  emu = await startTestEmulator({ startsAt: TEST_EPOCH });
  seed = await emu.seedMinimal();
});
afterAll(async () => {
  await emu?.stop();
});

describe('owner history', () => {
  it('records a cross-store move once, even when the receipt arrives many times at once', async () => {
    const [nanjing, xujiahui] = seed.clerks;
    const member = addMember(emu, { clerkId: xujiahui.id, homeStoreId: xujiahui.storeId });
    const replies = await Promise.all(
      Array.from({ length: 6 }, () => purchase(member._id, 'OH-1', nanjing.openid)),
    );
    expect(replies.every((r) => r.ok)).toBe(true);
    const [moved] = find(emu, 'members', { _id: member._id });
    expect(moved).toMatchObject({ clerkId: nanjing.id, homeStoreId: nanjing.storeId });
    const docs = find(emu, 'ownerHistory', { memberId: member._id });
    expect(docs).toHaveLength(1);
    expect(docs[0]).toMatchObject({
      clerkId: nanjing.id,
      storeId: nanjing.storeId,
      previousClerkId: xujiahui.id,
      previousStoreId: xujiahui.storeId,
      why: 'crossStore',
      by: nanjing.id,
    });

    const [nanjingManager, xujiahuiManager, xinjiekouManager] = seed.managers;
    for (const openid of [nanjingManager.openid, xujiahuiManager.openid, seed.hq.openid]) {
      const reply = await history(member._id, openid);
      expect(reply.ok && reply.data.history).toEqual([
        expect.objectContaining({
          clerkId: nanjing.id,
          previousClerkId: xujiahui.id,
          why: 'crossStore',
        }),
      ]);
    }
    for (const openid of [xinjiekouManager.openid, nanjing.openid, xujiahui.openid]) {
      const reply = await history(member._id, openid);
      expect(!reply.ok && reply.error.code).toBe('AUTH.FORBIDDEN');
    }
  });

  it('records the first purchase of a store customer nobody had served', async () => {
    const [nanjing] = seed.clerks;
    const member = addMember(emu, { clerkId: null, homeStoreId: nanjing.storeId });
    expect((await purchase(member._id, 'OH-2', nanjing.openid)).ok).toBe(true);
    expect(find(emu, 'ownerHistory', { memberId: member._id })).toEqual([
      expect.objectContaining({ clerkId: nanjing.id, previousClerkId: null, why: 'firstPurchase' }),
    ]);
  });

  it('writes nothing when the owner buys again in their own store', async () => {
    const [nanjing] = seed.clerks;
    const member = addMember(emu, { clerkId: nanjing.id, homeStoreId: nanjing.storeId });
    expect((await purchase(member._id, 'OH-3', nanjing.openid)).ok).toBe(true);
    expect(find(emu, 'ownerHistory', { memberId: member._id })).toEqual([]);
  });

  it('answers MEMBER.NOT_FOUND for an unknown member', async () => {
    const reply = await history('nobody', seed.hq.openid);
    expect(!reply.ok && reply.error.code).toBe('MEMBER.NOT_FOUND');
  });
});
