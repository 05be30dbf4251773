/**
 * 到店领取 end to end: a gift redeemed in the points mall is reserved for the member's store;
 * the store lists it, the till finds it after a member lookup, a clerk of that store marks it
 * collected once (who and when recorded; five taps at once: one write); the member's points
 * history says 待领取 then 已领取. A clerk of another store sees it (not collectable there)
 * but cannot mark it; HQ reads the list and hands nothing over.
 */
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { startTestEmulator, TEST_EPOCH, type TestEmulator } from '../support/emulator';
import type { Reply } from '../../src/contracts/reply';
import type { PointsEntryView } from '../../src/contracts/mall';
import type { PickupView } from '../../src/contracts/pickups';
import { DAY_MS } from '../../src/domain/calendar';
import {
  addMember,
  callCounted,
  data,
  find,
  FUNCTION_ENV,
  thresholdTemplate,
} from './support/loyalty';

const CLERK = 'o_test_clerk_S001';
const MANAGER = 'o_test_manager_S001';
const CLERK_S2 = 'o_test_clerk_S002';
const HQ = 'o_test_hq';
let emu: TestEmulator;
let n = 0;

const staff = <T>(action: string, input: Record<string, unknown>, openid: string) =>
  emu.call<Reply<T>>('staff', { action, ...input }, openid);
const redeem = async (openid: string, rewardId: string) =>
  data(
    await emu.call<Reply<{ redemptionId: string }>>(
      'mall',
      { action: 'redeemReward', rewardId, requestId: `pickup-req-${++n}` },
      openid,
    ),
  ).redemptionId;
const history = async (openid: string) =>
  data(
    await emu.call<Reply<{ entries: PointsEntryView[] }>>(
      'mall',
      { action: 'pointsHistory', limit: 20 },
      openid,
    ),
  ).entries;
const storeList = async (openid: string, storeId?: string) =>
  data(await staff<{ pickups: PickupView[] }>('listPickups', { storeId }, openid)).pickups;

beforeAll(async () => {
  emu = await startTestEmulator({ functionEnv: FUNCTION_ENV, startsAt: TEST_EPOCH });
  await emu.seedMinimal();
  const now = emu.clock.now();
  emu.database.insertMany('couponTemplates', [thresholdTemplate('tpl-20', undefined, now)]);
  const base = {
    description: '',
    stock: null,
    perMemberLimit: null,
    active: true,
    sort: 1,
    createdAt: now,
  };
  emu.database.insertMany('rewards', [
    {
      ...base,
      _id: 'rw-bag',
      title: '环保购物袋',
      kind: 'gift',
      pointsCost: 50,
      couponTemplateId: null,
    },
    {
      ...base,
      _id: 'rw-coupon',
      title: '¥20 满减券',
      kind: 'coupon',
      pointsCost: 30,
      couponTemplateId: 'tpl-20',
    },
  ]);
});
afterAll(async () => {
  await emu?.stop();
});

const lots = () => [{ points: 500, expiresAt: emu.clock.now() + 300 * DAY_MS }];

describe('pickups', () => {
  it('reserved for the member’s store, listed, handed over once, seen by the member', async () => {
    const m = addMember(emu, {
      name: '张小花',
      clerkId: 'C0011',
      homeStoreId: 'S001',
      lots: lots(),
    });
    const id = await redeem(m.openid, 'rw-bag');
    expect(find(emu, 'redemptions', { _id: id })[0]).toMatchObject({
      status: 'reserved',
      pickupStoreId: 'S001',
      collectedAt: null,
    });
    expect((await history(m.openid))[0]).toMatchObject({ kind: 'spend', pickup: 'waiting' });

    const listed = await callCounted<{ pickups: PickupView[] }>(
      emu,
      'staff',
      { action: 'listPickups' },
      CLERK,
    );
    expect(data(listed.reply).pickups.find((p) => p.id === id)).toMatchObject({
      memberDisplayName: '张女士', // the clerk's own customer
      title: '环保购物袋',
      pointsCost: 50,
      pickupStoreName: '南京西路店',
      collectableHere: true,
      collectedAt: null,
    });
    expect(listed.requests).toBeLessThanOrEqual(4);
    expect((await storeList(HQ, 'S001')).map((p) => p.id)).toContain(id);
    expect((await storeList(CLERK_S2)).map((p) => p.id)).not.toContain(id);

    // another store's clerk: sees it at the till (masked), cannot hand it over
    const there = data(
      await staff<{ pickups: PickupView[] }>('memberPickups', { memberId: m._id }, CLERK_S2),
    ).pickups;
    expect(there).toEqual([
      expect.objectContaining({ id, memberDisplayName: '张**', collectableHere: false }),
    ]);
    for (const [who, code] of [
      [CLERK_S2, 'AUTH.WRONG_STORE'],
      [HQ, 'AUTH.FORBIDDEN'],
    ] as const)
      expect(await staff('collectPickup', { redemptionId: id }, who)).toMatchObject({
        ok: false,
        error: { code },
      });
    expect(await staff('listPickups', { storeId: 'S001' }, CLERK_S2)).toMatchObject({
      ok: false,
      error: { code: 'AUTH.WRONG_STORE' },
    });
    expect(find(emu, 'redemptions', { _id: id })[0].collectedAt).toBeNull();

    // the till of the member's store: five taps at once, one write
    const at = data(
      await staff<{ pickups: PickupView[] }>('memberPickups', { memberId: m._id }, CLERK),
    ).pickups;
    expect(at.map((p) => [p.id, p.collectableHere])).toEqual([[id, true]]);
    const replies = await Promise.all(
      [CLERK, CLERK, CLERK, MANAGER, MANAGER].map((who) =>
        staff<{ pickup: PickupView; alreadyCollected: boolean }>(
          'collectPickup',
          { redemptionId: id },
          who,
        ),
      ),
    );
    const answers = replies.map((r) => data(r));
    expect(answers.filter((a) => !a.alreadyCollected)).toHaveLength(1);
    const doc = find(emu, 'redemptions', { _id: id })[0];
    expect(doc).toMatchObject({
      status: 'reserved',
      collectedAt: expect.any(Number),
      collectedStoreId: 'S001',
    });
    expect(['C0011', 'M001']).toContain(doc.collectedBy);
    for (const a of answers)
      expect(a.pickup).toMatchObject({
        collectedAt: doc.collectedAt,
        collectedByName: doc.collectedBy === 'C0011' ? '王芳' : '赵敏',
      });

    expect((await history(m.openid))[0]).toMatchObject({ pickup: 'collected' });
    expect((await storeList(CLERK)).map((p) => p.id)).not.toContain(id);
    expect(
      data(await staff<{ pickups: PickupView[] }>('memberPickups', { memberId: m._id }, CLERK))
        .pickups,
    ).toEqual([]);
  });

  it('a coupon redemption is nothing to pick up; an unknown one neither', async () => {
    const m = addMember(emu, { clerkId: 'C0011', homeStoreId: 'S001', lots: lots() });
    const id = await redeem(m.openid, 'rw-coupon');
    expect((await history(m.openid))[0]).toMatchObject({ kind: 'spend', pickup: null });
    for (const redemptionId of [id, 'rdm-nope'])
      expect(await staff('collectPickup', { redemptionId }, CLERK)).toMatchObject({
        ok: false,
        error: { code: 'PICKUP.NOT_FOUND' },
      });
  });

  it('a member without a store: any store hands it over', async () => {
    const m = addMember(emu, { clerkId: null, homeStoreId: null, lots: lots() });
    const id = await redeem(m.openid, 'rw-bag');
    expect(find(emu, 'redemptions', { _id: id })[0].pickupStoreId).toBeNull();
    const r = data(
      await staff<{ pickup: PickupView; alreadyCollected: boolean }>(
        'collectPickup',
        { redemptionId: id },
        CLERK_S2,
      ),
    );
    expect(r).toMatchObject({ alreadyCollected: false, pickup: { collectedByName: '李娜' } });
    expect(find(emu, 'redemptions', { _id: id })[0]).toMatchObject({
      collectedBy: 'C0021',
      collectedStoreId: 'S002',
    });
  });
});
