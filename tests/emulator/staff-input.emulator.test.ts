/**
 * Bad input to every action of `staff` and `mall` (`pos` has its own in loyalty-pos): a
 * stable error code, a Chinese message, and not a single document written.
 */
import { afterAll, beforeAll, expect, it } from '@jest/globals';
import { startTestEmulator, type TestEmulator } from '../support/emulator';
import type { Reply } from '../../src/contracts/reply';
import { addCoupon, addMember, counts, FUNCTION_ENV, find } from './support/loyalty';

let emu: TestEmulator;
beforeAll(async () => {
  emu = await startTestEmulator({ functionEnv: FUNCTION_ENV });
  await emu.seedMinimal();
});
afterAll(async () => {
  await emu?.stop();
});

const line = { category: '家居清洁', amountFen: 8_600 };

it('every action refuses bad input with a stable code and writes nothing', async () => {
  const m = addMember(emu, { lots: [{ points: 500, expiresAt: 4_102_444_800_000 }] });
  const coupon = addCoupon(emu, m._id);
  const ok = { memberId: m._id, receiptNo: 'GOOD-1', lines: [line], couponId: coupon._id };
  const staffCases: [string, string, Record<string, unknown>][] = [
    ['o_test_manager_S001', 'bindInvite', { code: '' }],
    ['o_test_manager_S001', 'bindInvite', { code: 'ABC' }],
    ['o_test_manager_S001', 'bindInvite', { code: 12345678 }],
    ['o_test_manager_S001', 'bindInvite', { code: 'X'.repeat(17) }],
    ['o_test_hq', 'createInvite', { role: 'boss', storeId: 'S001', name: '甲' }],
    ['o_test_hq', 'createInvite', { role: 'clerk', storeId: '', name: '甲' }],
    ['o_test_hq', 'createInvite', { role: 'clerk', storeId: 'S001', name: '' }],
    ['o_test_hq', 'createInvite', { role: 'clerk', storeId: 'S001', name: '名'.repeat(21) }],
    ['o_test_hq', 'createInvite', { role: 'clerk', name: '甲' }],
    ['o_test_clerk_S001', 'lookupMember', {}],
    ['o_test_clerk_S001', 'lookupMember', { phone: m.phone, memberCode: '881234567812345678' }],
    ['o_test_clerk_S001', 'lookupMember', { phone: '12345' }],
    ['o_test_clerk_S001', 'lookupMember', { memberCode: '88abc' }],
    ['o_test_clerk_S001', 'recordPurchase', { ...ok, lines: [] }],
    ['o_test_clerk_S001', 'recordPurchase', { ...ok, lines: [{ ...line, amountFen: 0 }] }],
    ['o_test_clerk_S001', 'recordPurchase', { ...ok, lines: [{ ...line, amountFen: -100 }] }],
    ['o_test_clerk_S001', 'recordPurchase', { ...ok, lines: [{ ...line, amountFen: 86.5 }] }],
    ['o_test_clerk_S001', 'recordPurchase', { ...ok, lines: [{ ...line, amountFen: '8600' }] }],
    ['o_test_clerk_S001', 'recordPurchase', { ...ok, lines: [{ ...line, category: ' ' }] }],
    ['o_test_clerk_S001', 'recordPurchase', { ...ok, lines: [{ ...line, quantity: 0 }] }],
    [
      'o_test_clerk_S001',
      'recordPurchase',
      { ...ok, lines: Array.from({ length: 51 }, () => line) },
    ],
    ['o_test_clerk_S001', 'recordPurchase', { ...ok, receiptNo: 'has space' }],
    ['o_test_clerk_S001', 'recordPurchase', { ...ok, receiptNo: 'R'.repeat(41) }],
    ['o_test_clerk_S001', 'recordPurchase', { ...ok, receiptNo: 'S001.R1' }],
    ['o_test_clerk_S001', 'recordPurchase', { ...ok, memberId: '' }],
    ['o_test_clerk_S001', 'recordPurchase', { ...ok, couponId: '' }],
    ['o_test_clerk_S001', 'recordPurchase', { ...ok, lines: undefined }],
    ['o_test_clerk_S001', 'refund', { orderId: 'S001.GOOD-1', requestId: 'short' }],
    [
      'o_test_clerk_S001',
      'refund',
      { orderId: 'S001.GOOD-1', requestId: 'refund-bad-1', amountFen: 0 },
    ],
    [
      'o_test_clerk_S001',
      'refund',
      { orderId: 'S001.GOOD-1', requestId: 'refund-bad-2', amountFen: 1.5 },
    ],
    ['o_test_clerk_S001', 'refund', { orderId: '', requestId: 'refund-bad-3' }],
    ['o_test_clerk_S001', 'listStoreOrders', { limit: 0 }],
    ['o_test_clerk_S001', 'listStoreOrders', { limit: 51 }],
    ['o_test_clerk_S001', 'listStoreOrders', { before: -1 }],
  ];
  const mallCases: [string, Record<string, unknown>][] = [
    ['redeemReward', { rewardId: '', requestId: 'request-bad-1' }],
    ['redeemReward', { rewardId: 'rw-1', requestId: 'short' }],
    ['redeemReward', { rewardId: 'rw-1' }],
    ['pointsHistory', { limit: 100 }],
    ['pointsHistory', { before: 'yesterday' }],
  ];
  const before = counts(emu);
  for (const [openid, action, input] of staffCases) {
    const reply = await emu.call<Reply<unknown>>('staff', { action, ...input }, openid);
    expect(reply).toMatchObject({
      ok: false,
      error: { code: 'COMMON.INVALID_INPUT' },
    });
    // the generic message, or a rule's own Chinese one (「请扫描会员码或输入手机号」) — never zod's English
    if (!reply.ok) expect(reply.error.message).toMatch(/^输入有误|^[\u4e00-\u9fff][^a-zA-Z]*$/);
  }
  for (const [action, input] of mallCases) {
    expect(await emu.call<Reply<unknown>>('mall', { action, ...input }, m.openid)).toMatchObject({
      ok: false,
      error: { code: 'COMMON.INVALID_INPUT' },
    });
  }
  for (const name of ['staff', 'mall']) {
    expect(
      await emu.call<Reply<unknown>>(name, { action: 'dropDatabase' }, 'o_test_hq'),
    ).toMatchObject({ ok: false, error: { code: 'COMMON.UNKNOWN_ACTION' } });
    expect(await emu.call<Reply<unknown>>(name, {}, 'o_test_hq')).toMatchObject({
      ok: false,
      error: { code: 'COMMON.UNKNOWN_ACTION' },
    });
  }
  expect(counts(emu)).toEqual(before);
  expect(find(emu, 'coupons', { _id: coupon._id })[0].status).toBe('unused');
});
