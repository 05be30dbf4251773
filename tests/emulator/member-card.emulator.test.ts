/**
 * The member card in two database requests (the identity, then the member with its stores,
 * the settings and its coupons joined in), what keeps it true without a cache — the order and refund writes
 * update `members.recentPurchases`, HQ's settings are read with the member — and the
 * members from before the field, whose list is rebuilt from the orders once.
 */
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { startTestEmulator, type TestEmulator } from '../support/emulator';
import type { CardView } from '../../src/contracts/member';
import type { PurchaseResult } from '../../src/contracts/staff';
import { shanghaiParts } from '../../src/domain/calendar';
import { addCoupon, addMember, callCounted, data, find, FUNCTION_ENV } from './support/loyalty';

const CLERK = 'o_test_clerk_S001';
const CLERK_S002 = 'o_test_clerk_S002';
let emu: TestEmulator;
let n = 0;

beforeAll(async () => {
  emu = await startTestEmulator({ functionEnv: FUNCTION_ENV });
  await emu.seedMinimal();
});
afterAll(async () => {
  await emu?.stop();
});

const card = (openid: string) =>
  callCounted<CardView>(emu, 'member', { action: 'getCard' }, openid);
const purchase = (memberId: string, amountFen: number, clerk = CLERK) =>
  callCounted<PurchaseResult>(
    emu,
    'staff',
    {
      action: 'recordPurchase',
      memberId,
      receiptNo: `CARD${++n}`,
      lines: [{ category: '家居清洁', amountFen }],
    },
    clerk,
  ).then((r) => data(r.reply));
/** A member as signup writes one today (with an empty list). */
const newMember = (over: Parameters<typeof addMember>[1] = {}) =>
  addMember(emu, { ...over, fields: { recentPurchases: [], ...over.fields } });
const storedList = (memberId: string) =>
  find(emu, 'members', { _id: memberId })[0].recentPurchases as { id: string }[] | undefined;

describe('member.getCard', () => {
  it('costs two database requests: the identity, then the member with stores, settings and coupons', async () => {
    const m = newMember();
    await card(m.openid); // warm the instance
    const first = await card(m.openid);
    expect(data(first.reply)).toMatchObject({ memberId: m._id, homeStoreName: '南京西路店' });
    expect(first.requests).toBe(2);
    expect(first.byAction).toEqual({
      'database.aggregateDocuments': 1,
      'database.getDocument': 1,
    });
  });

  it('shows a purchase the moment it is recorded, with the store name, still in two requests', async () => {
    const m = newMember();
    const a = await purchase(m._id, 8_600);
    const b = await purchase(m._id, 12_000, CLERK_S002); // another store
    const after = await card(m.openid);
    expect(after.requests).toBe(2);
    expect(data(after.reply).recentPurchases.map((p) => [p.id, p.storeName, p.paidFen])).toEqual([
      [b.orderId, '徐家汇店', 12_000],
      [a.orderId, '南京西路店', 8_600],
    ]);
    expect(data(after.reply).points.balance).toBe(a.pointsEarned + b.pointsEarned);
  });

  it('keeps the five newest purchases', async () => {
    const m = newMember();
    const ids: string[] = [];
    for (let i = 0; i < 7; i++) {
      emu.clock.advance(1_000);
      ids.push((await purchase(m._id, 1_000 + i)).orderId);
    }
    const view = data((await card(m.openid)).reply);
    expect(view.recentPurchases.map((p) => p.id)).toEqual(ids.slice(2).reverse());
    expect(storedList(m._id)).toHaveLength(5);
  });

  it('shows a refund on the purchase it refunded (the refund rewrites the entry)', async () => {
    const m = newMember();
    const kept = await purchase(m._id, 5_000);
    const o = await purchase(m._id, 10_000);
    const refund = await callCounted(
      emu,
      'staff',
      { action: 'refund', orderId: o.orderId, amountFen: 4_000, requestId: `rf-card-${++n}-x` },
      CLERK,
    );
    data(refund.reply);
    const view = data((await card(m.openid)).reply);
    expect(view.recentPurchases.map((p) => [p.id, p.status, p.refundedFen])).toEqual([
      [o.orderId, 'partially_refunded', 4_000],
      [kept.orderId, 'completed', 0],
    ]);
  });

  it('counts valid unused coupons and finds this birthday’s coupon in the same read', async () => {
    const now = emu.clock.now();
    const m = newMember({ birthday: { month: 1, day: 1, year: 1990 } });
    addCoupon(emu, m._id);
    addCoupon(emu, m._id);
    addCoupon(emu, m._id, { status: 'used' });
    addCoupon(emu, m._id, { validUntil: now - 1 }); // unused but past its end
    const year = shanghaiParts(now).year;
    const birthday = addCoupon(emu, m._id, { status: 'used', validUntil: now + 86_400_000 });
    emu.database.insertMany('coupons', [
      {
        ...find(emu, 'coupons', { _id: birthday._id })[0],
        _id: `${birthday._id}-bd`,
        code: `${birthday.code}B`,
        issueKey: `birthday:${m._id}:${year}`,
        limitKey: `birthday:${m._id}:${year}`,
      },
    ]);
    const res = await card(m.openid);
    expect(res.requests).toBe(2);
    expect(data(res.reply).couponsUnused).toBe(2);
    expect(data(res.reply).birthdayCoupon).toMatchObject({
      id: `${birthday._id}-bd`,
      status: 'used',
    });
  });

  it('reads HQ’s level thresholds with the member: a change shows at the next open', async () => {
    const m = newMember({ stats: { spendByMonth: {} } });
    await purchase(m._id, 20_000);
    const before = data((await card(m.openid)).reply).levelProgress;
    expect(before).toMatchObject({
      next: 'silver',
      remainingFen: 80_000,
      text: '还差 ¥800 升级银卡',
    });
    emu.database.insertMany('settings', [
      { _id: 'loyalty', levels: { silverSpendFen: 50_000, goldSpendFen: 400_000 } },
    ]);
    const after = await card(m.openid);
    expect(after.requests).toBe(2);
    expect(data(after.reply).levelProgress).toMatchObject({
      next: 'silver',
      remainingFen: 30_000,
      text: '还差 ¥300 升级银卡',
    });
  });

  it('refuses a caller without an identity, or whose member was deleted, in one request', async () => {
    const stranger = await card('o_card_stranger');
    expect(stranger.reply).toMatchObject({ ok: false, error: { code: 'AUTH.NOT_MEMBER' } });
    expect(stranger.requests).toBe(1);
    const gone = addMember(emu, { status: 'deleted' });
    expect((await card(gone.openid)).reply).toMatchObject({
      ok: false,
      error: { code: 'AUTH.NOT_MEMBER' },
    });
  });
});

describe('a member from before recentPurchases', () => {
  it('is answered from the orders once, then the list is kept on the member', async () => {
    const m = addMember(emu); // no recentPurchases field
    emu.database.insertMany(
      'orders',
      [1, 2, 3, 4, 5, 6].map((i) => ({
        _id: `S003.OLD${m._id}${i}`,
        storeId: 'S003',
        receiptNo: `OLD${i}`,
        memberId: m._id,
        lines: [{ category: '个人护理', amountFen: 100 * i }],
        amountFen: 100 * i,
        paidFen: 100 * i,
        pointsEarned: i,
        createdAt: 1_000 * i,
      })),
    );
    const first = await card(m.openid);
    expect(first.requests).toBe(5); // + orders, store names, the write-back
    const view = data(first.reply);
    expect(view.recentPurchases.map((p) => [p.receiptNo, p.storeName, p.status])).toEqual(
      [6, 5, 4, 3, 2].map((i) => [`OLD${i}`, '新街口店', 'completed']),
    );
    expect(storedList(m._id)?.map((p) => p.id)).toEqual(view.recentPurchases.map((p) => p.id));
    const second = await card(m.openid);
    expect(second.requests).toBe(2);
    expect(data(second.reply).recentPurchases).toEqual(view.recentPurchases);
  });

  it('rebuilds a list the first purchase started, keeping that purchase', async () => {
    // no field, one older order counted in the stats: the purchase's push starts the list
    const m = addMember(emu, { stats: { orderCount: 1 } });
    emu.database.insertMany('orders', [
      {
        _id: `S001.OLDER${m._id}`,
        storeId: 'S001',
        receiptNo: 'OLDER',
        memberId: m._id,
        lines: [{ category: '个人护理', amountFen: 500 }],
        amountFen: 500,
        paidFen: 500,
        pointsEarned: 5,
        createdAt: 1_000,
      },
    ]);
    const o = await purchase(m._id, 7_000);
    expect(storedList(m._id)?.map((p) => p.id)).toEqual([o.orderId]);
    const first = await card(m.openid);
    expect(first.requests).toBe(4); // + orders, the write-back (both stores already joined)
    expect(data(first.reply).recentPurchases.map((p) => p.id)).toEqual([
      o.orderId,
      `S001.OLDER${m._id}`,
    ]);
    expect(storedList(m._id)).toHaveLength(2);
    expect((await card(m.openid)).requests).toBe(2);
  });
});
