/**
 * Database requests per loyalty operation, counted by the emulator per invocation (what
 * production pays in CloudBase round trips). The member card: 2 (issue 8's goal). A purchase
 * with a coupon: 6, one request per document it must touch (docs/loyalty.md, Database
 * requests). The other figures are guarded against regressions.
 */
import { afterAll, beforeAll, expect, it } from '@jest/globals';
import { startTestEmulator, TEST_EPOCH, type TestEmulator } from '../support/emulator';
import type { PurchaseResult } from '../../src/contracts/staff';
import {
  addCoupon,
  addMember,
  callCounted,
  callPos,
  data,
  FUNCTION_ENV,
  posEvent,
  thresholdTemplate,
} from './support/loyalty';

const CLERK = 'o_test_clerk_S001';
let emu: TestEmulator;
let n = 0;
const LINES = [
  { category: '家居清洁', amountFen: 15_800 },
  { category: '个人护理', amountFen: 10_000 },
];

beforeAll(async () => {
  emu = await startTestEmulator({ functionEnv: FUNCTION_ENV, startsAt: TEST_EPOCH });
  await emu.seedMinimal();
  emu.database.insertMany('couponTemplates', [thresholdTemplate('tpl')]);
  emu.database.insertMany('rewards', [
    {
      _id: 'rw-coupon',
      title: '¥20 券',
      description: '',
      kind: 'coupon',
      pointsCost: 100,
      stock: 1000,
      couponTemplateId: 'tpl',
      perMemberLimit: null,
      active: true,
      sort: 1,
      createdAt: 0,
    },
    {
      _id: 'rw-gift',
      title: '购物袋',
      description: '',
      kind: 'gift',
      pointsCost: 50,
      stock: null,
      couponTemplateId: null,
      perMemberLimit: 1,
      active: true,
      sort: 2,
      createdAt: 0,
    },
  ]);
});
afterAll(async () => {
  await emu?.stop();
});

const purchase = (memberId: string, couponId?: string, receiptNo = `Q${++n}`) =>
  callCounted<PurchaseResult>(
    emu,
    'staff',
    {
      action: 'recordPurchase',
      memberId,
      receiptNo,
      lines: LINES,
      ...(couponId ? { couponId } : {}),
    },
    CLERK,
  );

it('counts database requests per operation', async () => {
  const rows: Record<string, number> = {};
  const m = addMember(emu, { lots: [{ points: 1_000, expiresAt: 4_102_444_800_000 }] });
  await purchase(m._id); // warm the instance

  const plain = await purchase(m._id);
  rows['purchase, no coupon'] = plain.requests;
  const withCoupon = await purchase(m._id, addCoupon(emu, m._id)._id, 'Q-COUPON');
  expect(data(withCoupon.reply).discountFen).toBe(1_000);
  rows['purchase, with coupon'] = withCoupon.requests;
  rows['purchase, receipt sent again'] = (await purchase(m._id, undefined, 'Q-COUPON')).requests;
  const p = addMember(emu);
  const pos = await callPos<PurchaseResult>(
    emu,
    posEvent({
      storeId: 'S001',
      receiptNo: `PQ${++n}`,
      phone: p.phone,
      couponCode: addCoupon(emu, p._id).code,
      lines: LINES,
    }),
  );
  expect(pos.status).toBe(200);
  rows['pos purchase, with coupon'] = pos.requests;
  const up = await purchase(m._id); // ¥258 × 3 before: this one crosses ¥1,000 → 银卡
  expect(data(up.reply).levelAfter).toBe('silver');
  rows['purchase that raises the level (no credit)'] = up.requests;
  rows['member card (after those purchases)'] = (
    await callCounted(emu, 'member', { action: 'getCard' }, m.openid)
  ).requests;
  rows['till lookupMember'] = (
    await callCounted(emu, 'staff', { action: 'lookupMember', phone: m.phone }, CLERK)
  ).requests;
  const redeemCoupon = await callCounted(
    emu,
    'mall',
    { action: 'redeemReward', rewardId: 'rw-coupon', requestId: `req-${++n}-xxxx` },
    m.openid,
  );
  data(redeemCoupon.reply);
  rows['mall redemption (coupon, stock)'] = redeemCoupon.requests;
  const redeemGift = await callCounted(
    emu,
    'mall',
    { action: 'redeemReward', rewardId: 'rw-gift', requestId: `req-${++n}-xxxx` },
    m.openid,
  );
  data(redeemGift.reply);
  rows['mall redemption (gift, limit 1)'] = redeemGift.requests;
  const partial = await callCounted(
    emu,
    'staff',
    {
      action: 'refund',
      orderId: data(plain.reply).orderId,
      amountFen: 5_000,
      requestId: `rf-${++n}-xxxx`,
    },
    CLERK,
  );
  data(partial.reply);
  rows['refund, partial'] = partial.requests;
  const full = await callCounted(
    emu,
    'staff',
    { action: 'refund', orderId: data(withCoupon.reply).orderId, requestId: `rf-${++n}-xxxx` },
    CLERK,
  );
  expect(data(full.reply)).toMatchObject({ couponRestored: true });
  rows['refund, full with coupon'] = full.requests;
  rows['mall pointsHistory'] = (
    await callCounted(emu, 'mall', { action: 'pointsHistory', limit: 20 }, m.openid)
  ).requests;
  rows['mall listRewards'] = (
    await callCounted(emu, 'mall', { action: 'listRewards' }, m.openid)
  ).requests;

  console.table(rows);
  expect(rows['member card (after those purchases)']).toBe(2); // identity, then member + stores + settings + coupons
  // the floor of this storage: read, coupon claim, order, member, lot, ledger (docs/loyalty.md),
  // + 1: the store's daily rollup (one guarded increment, _shared/rollups.ts; the day's
  // rollup was opened by the test's first purchase)
  expect(rows['purchase, with coupon']).toBeLessThanOrEqual(7);
  expect(rows['purchase, no coupon']).toBeLessThanOrEqual(6);
  expect(rows['pos purchase, with coupon']).toBeLessThanOrEqual(7);
  expect(rows['purchase that raises the level (no credit)']).toBeLessThanOrEqual(8);
  // transactions: start + one read + writes + commit (see refund.ts / redeem.ts)
  expect(rows['mall redemption (coupon, stock)']).toBeLessThanOrEqual(11); // was 15
  expect(rows['mall redemption (gift, limit 1)']).toBeLessThanOrEqual(9); // was 13
  // refunds: start, one aggregate (refund.ts loadRefundFacts), the writes, the audit entry
  // (in the same transaction), commit (was 14 / 17)
  // (was 14 / 17), + 1 after the commit: the order's day rollup
  expect(rows['refund, partial']).toBeLessThanOrEqual(11); // includes a level change (silver → 普通)
  expect(rows['refund, full with coupon']).toBeLessThanOrEqual(12); // + the coupon given back
});
