/**
 * The till's purchase path (staff.recordPurchase → recordOrder) through the real SDK:
 * points, coupon, stats and level in one step; coupons used at most once and receipts
 * counted at most once under concurrency.
 */
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { startTestEmulator, TEST_EPOCH, type TestEmulator } from '../support/emulator';
import type { Reply } from '../../src/contracts/reply';
import type { PurchaseResult } from '../../src/contracts/staff';
import type { CardView } from '../../src/contracts/member';
import { endOfShanghaiYear, shanghaiMonth } from '../../src/domain/calendar';
import { addCoupon, addMember, counts, data, FUNCTION_ENV, find } from './support/loyalty';

const CLERK_S001 = 'o_test_clerk_S001';
const CLERK_S002 = 'o_test_clerk_S002';
const LINES_258 = [
  { category: '家居清洁', name: '浓缩洗衣液', quantity: 2, amountFen: 15_800 },
  { category: '个人护理', name: '氨基酸洗发水', quantity: 1, amountFen: 10_000 },
];

let emu: TestEmulator;
let receipt = 0;
const nextReceipt = () => `R${Date.now().toString(36)}${++receipt}`;

const purchase = (openid: string, memberId: string, extra: Record<string, unknown> = {}) =>
  emu.call<Reply<PurchaseResult>>(
    'staff',
    { action: 'recordPurchase', memberId, receiptNo: nextReceipt(), lines: LINES_258, ...extra },
    openid,
  );

beforeAll(async () => {
  emu = await startTestEmulator({ functionEnv: FUNCTION_ENV, startsAt: TEST_EPOCH });
  await emu.seedMinimal();
});
afterAll(async () => {
  await emu?.stop();
});

describe('recordPurchase', () => {
  it('a ¥258 purchase with a ¥10 coupon earns double points on the ¥248 paid, and updates stats', async () => {
    const m = addMember(emu);
    const coupon = addCoupon(emu, m._id, { amountFen: 1_000 });
    const before = emu.clock.now();
    const result = data(await purchase(CLERK_S001, m._id, { couponId: coupon._id }));
    expect(result).toMatchObject({
      duplicate: false,
      amountFen: 25_800,
      discountFen: 1_000,
      paidFen: 24_800,
      pointsEarned: 496, // 248 × 2 (≥ ¥200) × 1.0 (普通)
      doubled: true,
      levelBefore: 'normal',
      levelAfter: 'normal',
      pointsBalance: 496,
      couponUsed: { id: coupon._id, status: 'used' },
    });
    const order = find(emu, 'orders', { _id: result.orderId })[0];
    expect(order).toMatchObject({
      storeId: 'S001',
      memberId: m._id,
      clerkId: 'C0011',
      couponId: coupon._id,
      paidFen: 24_800,
      status: 'completed',
      source: 'till',
    });
    expect(find(emu, 'coupons', { _id: coupon._id })[0]).toMatchObject({
      status: 'used',
      orderId: result.orderId,
    });
    const lots = find(emu, 'pointLots', { memberId: m._id });
    expect(lots).toHaveLength(1);
    expect(lots[0]).toMatchObject({
      earned: 496,
      remaining: 496,
      orderId: result.orderId,
      expiresAt: endOfShanghaiYear(order.createdAt, 1),
    });
    expect(find(emu, 'pointsLedger', { memberId: m._id })).toMatchObject([
      { kind: 'earn', delta: 496, ref: result.orderId, storeId: 'S001' },
    ]);
    const member = find(emu, 'members', { _id: m._id })[0];
    expect(member.points).toEqual({ balance: 496, lifetime: 496 });
    expect(member.stats).toMatchObject({
      orderCount: 1,
      totalSpendFen: 24_800,
      spendByMonth: { [shanghaiMonth(order.createdAt)]: 24_800 },
      categorySpendFen: { 家居清洁: 15_800, 个人护理: 10_000 },
      couponOrders: 1,
      storesVisited: ['S001'],
      recentOrderAts: [order.createdAt],
      firstOrderAt: order.createdAt,
      lastOrderAt: order.createdAt,
    });
    expect(order.createdAt).toBeGreaterThanOrEqual(before);

    // the member sees it on their card (the member function reads the same documents)
    const card = await emu.call<Reply<CardView>>('member', { action: 'getCard' }, m.openid);
    expect(card).toMatchObject({ ok: true, data: { points: { balance: 496, lifetime: 496 } } });
    if (card.ok)
      expect(card.data.recentPurchases[0]).toMatchObject({
        id: result.orderId,
        paidFen: 24_800,
        pointsEarned: 496,
      });
  });

  it('applies the level multiplier after doubling (银卡 ×1.2: ¥250.50 → 600)', async () => {
    const m = addMember(emu, { level: 'silver' });
    const r = data(
      await purchase(CLERK_S001, m._id, { lines: [{ category: '厨房用品', amountFen: 25_050 }] }),
    );
    expect(r).toMatchObject({
      pointsEarned: 600,
      doubled: true,
      levelBefore: 'silver',
      levelAfter: 'silver',
    });
  });

  it('upgrades the level when the purchase lifts the rolling 12-month spend over a threshold', async () => {
    const month = shanghaiMonth(emu.clock.now());
    const m = addMember(emu, {
      stats: { spendByMonth: { [month]: 90_000 }, totalSpendFen: 90_000, orderCount: 3 },
    });
    const r = data(
      await purchase(CLERK_S001, m._id, { lines: [{ category: '厨房用品', amountFen: 12_000 }] }),
    );
    expect(r).toMatchObject({ levelBefore: 'normal', levelAfter: 'silver', pointsEarned: 120 });
    const member = find(emu, 'members', { _id: m._id })[0];
    expect(member.level).toBe('silver');
    expect(member.notices).toMatchObject([
      { kind: 'levelChanged', to: 'silver', text: '恭喜您升级为银卡会员！' },
    ]);
    expect(member.stats.spendByMonth[month]).toBe(102_000);
  });

  it('a purchase at another store moves the member to that store and clerk, remembering the previous clerk', async () => {
    const m = addMember(emu, { clerkId: 'C0011', homeStoreId: 'S001' });
    const r = data(await purchase(CLERK_S002, m._id));
    const order = find(emu, 'orders', { _id: r.orderId })[0];
    expect(order).toMatchObject({
      storeId: 'S002',
      clerkId: 'C0021',
      previousClerkId: 'C0011',
      previousHomeStoreId: 'S001',
    });
    expect(find(emu, 'members', { _id: m._id })[0]).toMatchObject({
      clerkId: 'C0021',
      homeStoreId: 'S002',
    });
    // buying again at the new store (another clerk of it) within the term: for good, nobody told
    const again = data(await purchase(CLERK_S002, m._id));
    expect(find(emu, 'orders', { _id: again.orderId })[0].previousClerkId).toBeNull();
  });

  it('refuses a coupon that cannot be used on this order, and writes nothing', async () => {
    const m = addMember(emu);
    const cases: [Record<string, unknown>, string][] = [
      [{ kind: 'threshold', thresholdFen: 30_000, amountFen: 3_000 }, 'COUPON.THRESHOLD_NOT_MET'],
      [{ storeIds: ['S003'] }, 'COUPON.NOT_APPLICABLE'],
      [{ categories: ['季节限定'] }, 'COUPON.NOT_APPLICABLE'],
      [{ validUntil: emu.clock.now() - 1_000 }, 'COUPON.EXPIRED'],
      [{ validFrom: emu.clock.now() + 86_400_000 }, 'COUPON.NOT_STARTED'],
      [{ status: 'used' }, 'COUPON.ALREADY_USED'],
    ];
    for (const [over, code] of cases) {
      const coupon = addCoupon(emu, m._id, over);
      const before = counts(emu);
      const reply = await purchase(CLERK_S001, m._id, { couponId: coupon._id });
      expect(reply).toMatchObject({ ok: false, error: { code } });
      expect(counts(emu)).toEqual(before);
      expect(find(emu, 'coupons', { _id: coupon._id })[0].orderId).toBeNull();
    }
    const other = addMember(emu);
    const theirs = addCoupon(emu, other._id);
    expect(await purchase(CLERK_S001, m._id, { couponId: theirs._id })).toMatchObject({
      ok: false,
      error: { code: 'COUPON.NOT_FOUND' },
    });
    expect(await purchase(CLERK_S001, m._id, { couponId: 'no-such-coupon' })).toMatchObject({
      ok: false,
      error: { code: 'COUPON.NOT_FOUND' },
    });
  });

  it('answers MEMBER.NOT_FOUND / MEMBER.DELETED for a member that cannot buy', async () => {
    expect(await purchase(CLERK_S001, 'no-such-member')).toMatchObject({
      ok: false,
      error: { code: 'MEMBER.NOT_FOUND' },
    });
    const gone = addMember(emu, { status: 'deleted' });
    expect(await purchase(CLERK_S001, gone._id)).toMatchObject({
      ok: false,
      error: { code: 'MEMBER.DELETED' },
    });
  });
});

describe('concurrency', () => {
  it('200 concurrent purchases redeeming one coupon: exactly one uses it, the rest are refused and record nothing', async () => {
    const m = addMember(emu);
    const coupon = addCoupon(emu, m._id, { amountFen: 1_000 });
    const ordersBefore = emu.database.count('orders', {});
    const replies = await Promise.all(
      Array.from({ length: 200 }, () => purchase(CLERK_S001, m._id, { couponId: coupon._id })),
    );
    const ok = replies.filter((r) => r.ok);
    expect(ok).toHaveLength(1);
    expect(new Set(replies.filter((r) => !r.ok).map((r) => (r.ok ? '' : r.error.code)))).toEqual(
      new Set(['COUPON.ALREADY_USED']),
    );
    expect(emu.database.count('orders', {})).toBe(ordersBefore + 1);
    const winner = data(ok[0] as Reply<PurchaseResult>);
    expect(find(emu, 'coupons', { _id: coupon._id })[0]).toMatchObject({
      status: 'used',
      orderId: winner.orderId,
    });
    expect(find(emu, 'members', { _id: m._id })[0].points.balance).toBe(496);
  });

  it('one receipt sent 20 times at once: one order, one set of points; the others answer duplicate with the same result', async () => {
    const m = addMember(emu);
    const coupon = addCoupon(emu, m._id, { amountFen: 1_000 });
    const receiptNo = nextReceipt();
    const event = {
      action: 'recordPurchase',
      memberId: m._id,
      receiptNo,
      lines: LINES_258,
      couponId: coupon._id,
    };
    const replies = (
      await Promise.all(
        Array.from({ length: 20 }, () =>
          emu.call<Reply<PurchaseResult>>('staff', event, CLERK_S001),
        ),
      )
    ).map(data);
    expect(replies.filter((r) => !r.duplicate)).toHaveLength(1);
    expect(new Set(replies.map((r) => r.orderId)).size).toBe(1);
    for (const r of replies)
      expect(r).toMatchObject({ pointsEarned: 496, discountFen: 1_000, paidFen: 24_800 });
    expect(emu.database.count('orders', { storeId: 'S001', receiptNo })).toBe(1);
    expect(emu.database.count('pointLots', { memberId: m._id })).toBe(1);
    expect(emu.database.count('pointsLedger', { memberId: m._id })).toBe(1);
    const member = find(emu, 'members', { _id: m._id })[0];
    expect(member.points).toEqual({ balance: 496, lifetime: 496 });
    expect(member.stats.orderCount).toBe(1);
    expect(find(emu, 'coupons', { _id: coupon._id })[0]).toMatchObject({
      status: 'used',
      orderId: replies[0].orderId,
    });

    // sent again later: still the same order
    expect(data(await emu.call<Reply<PurchaseResult>>('staff', event, CLERK_S001))).toMatchObject({
      duplicate: true,
      orderId: replies[0].orderId,
      pointsEarned: 496,
    });
    expect(find(emu, 'members', { _id: m._id })[0].points.balance).toBe(496);
  });

  it('a receipt number already recorded for another member is refused', async () => {
    const a = addMember(emu);
    const b = addMember(emu);
    const receiptNo = nextReceipt();
    data(
      await emu.call<Reply<PurchaseResult>>(
        'staff',
        { action: 'recordPurchase', memberId: a._id, receiptNo, lines: LINES_258 },
        CLERK_S001,
      ),
    );
    const coupon = addCoupon(emu, b._id);
    const reply = await emu.call<Reply<PurchaseResult>>(
      'staff',
      {
        action: 'recordPurchase',
        memberId: b._id,
        receiptNo,
        lines: LINES_258,
        couponId: coupon._id,
      },
      CLERK_S001,
    );
    expect(reply).toMatchObject({ ok: false, error: { code: 'ORDER.DUPLICATE_RECEIPT' } });
    // the coupon the losing attempt claimed is given back
    expect(find(emu, 'coupons', { _id: coupon._id })[0]).toMatchObject({
      status: 'unused',
      orderId: null,
    });
    expect(find(emu, 'members', { _id: b._id })[0].points.balance).toBe(0);
  });
});

describe('re-sent receipts long after', () => {
  it('a receipt re-sent after more than 50 newer credits (its key gone from appliedOps) still counts once', async () => {
    const m = addMember(emu);
    const first = { receiptNo: 'OLD-0001', lines: [{ category: '家居清洁', amountFen: 5_000 }] };
    const original = data(
      await emu.call<Reply<PurchaseResult>>(
        'staff',
        { action: 'recordPurchase', memberId: m._id, ...first },
        CLERK_S001,
      ),
    );
    expect(original.pointsEarned).toBe(50);
    // 55 newer purchases push the first order's key out of the member's last-50 appliedOps
    for (let i = 0; i < 55; i++) {
      data(
        await emu.call<Reply<PurchaseResult>>(
          'staff',
          {
            action: 'recordPurchase',
            memberId: m._id,
            receiptNo: `NEW-${i}`,
            lines: [{ category: '个人护理', amountFen: 100 }],
          },
          CLERK_S001,
        ),
      );
    }
    const member = find(emu, 'members', { _id: m._id })[0];
    expect(member.appliedOps).not.toContain(`order:${original.orderId}`);
    const balance = member.points.balance;
    expect(balance).toBe(50 + 55);

    const resent = data(
      await emu.call<Reply<PurchaseResult>>(
        'staff',
        { action: 'recordPurchase', memberId: m._id, ...first },
        CLERK_S001,
      ),
    );
    expect(resent).toMatchObject({ duplicate: true, orderId: original.orderId, pointsEarned: 50 });
    const after = find(emu, 'members', { _id: m._id })[0];
    expect(after.points).toEqual(member.points);
    expect(after.stats.orderCount).toBe(member.stats.orderCount);
    expect(find(emu, 'pointLots', { memberId: m._id })).toHaveLength(56);
  });
});
