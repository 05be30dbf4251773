/**
 * `pos`: a till system posting orders over WeChat's HTTP access service. Signed per store,
 * validated like the till, recorded through the same recordOrder: one receipt → one order.
 */
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { startTestEmulator, type TestEmulator } from '../support/emulator';
import type { Reply } from '../../src/contracts/reply';
import type { PurchaseResult } from '../../src/contracts/staff';
import {
  addCoupon,
  addMember,
  callPos,
  counts,
  data,
  FUNCTION_ENV,
  memberCodeFor,
  posEvent,
  POS_KEYS,
  find,
} from './support/loyalty';

let emu: TestEmulator;
let n = 0;
const receiptNo = () => `P${Date.now().toString(36)}${++n}`;
const LINES = [
  { category: '家居清洁', name: '浓缩洗衣液', quantity: 2, amountFen: 15_800 },
  { category: '个人护理', amountFen: 10_000 },
];

beforeAll(async () => {
  emu = await startTestEmulator({ functionEnv: FUNCTION_ENV });
  await emu.seedMinimal();
});
afterAll(async () => {
  await emu?.stop();
});

describe('pos', () => {
  it('records a signed order for a member found by phone', async () => {
    const m = addMember(emu);
    const { status, reply } = await callPos<PurchaseResult>(
      emu,
      posEvent({ storeId: 'S001', receiptNo: receiptNo(), phone: m.phone, lines: LINES }),
    );
    expect(status).toBe(200);
    expect(data(reply)).toMatchObject({
      duplicate: false,
      paidFen: 25_800,
      pointsEarned: 516,
      doubled: true,
    });
    expect(find(emu, 'orders', { memberId: m._id })[0]).toMatchObject({
      source: 'pos',
      clerkId: null,
      storeId: 'S001',
    });
    expect(find(emu, 'members', { _id: m._id })[0].points.balance).toBe(516);
  });

  it('takes the member code and a coupon code, and names the clerk who served', async () => {
    const m = addMember(emu, { clerkId: 'C0011', homeStoreId: 'S001' });
    const coupon = addCoupon(emu, m._id);
    const body = {
      storeId: 'S002',
      receiptNo: receiptNo(),
      memberCode: memberCodeFor(emu, m.memberNo),
      couponCode: coupon.code,
      clerkId: 'C0021',
      lines: LINES,
    };
    const { status, reply } = await callPos<PurchaseResult>(emu, posEvent(body));
    expect(status).toBe(200);
    expect(data(reply)).toMatchObject({
      discountFen: 1_000,
      paidFen: 24_800,
      pointsEarned: 496,
      couponUsed: { id: coupon._id },
    });
    expect(find(emu, 'members', { _id: m._id })[0]).toMatchObject({
      clerkId: 'C0021',
      homeStoreId: 'S002',
    });
  });

  it('one receipt sent 20 times at once through pos: one order and one set of points', async () => {
    const m = addMember(emu);
    const event = posEvent({
      storeId: 'S001',
      receiptNo: receiptNo(),
      phone: m.phone,
      lines: LINES,
    });
    const results = await Promise.all(
      Array.from({ length: 20 }, () => callPos<PurchaseResult>(emu, event)),
    );
    expect(results.every((r) => r.status === 200)).toBe(true);
    const out = results.map((r) => data(r.reply));
    expect(out.filter((r) => !r.duplicate)).toHaveLength(1);
    expect(new Set(out.map((r) => r.orderId)).size).toBe(1);
    expect(emu.database.count('orders', { memberId: m._id })).toBe(1);
    expect(emu.database.count('pointLots', { memberId: m._id })).toBe(1);
    expect(find(emu, 'members', { _id: m._id })[0].points).toEqual({ balance: 516, lifetime: 516 });
  });

  it('shares the till’s code path: a receipt recorded at the till is a duplicate when the till system sends it', async () => {
    const m = addMember(emu);
    const no = receiptNo();
    const till = data(
      await emu.call<Reply<PurchaseResult>>(
        'staff',
        { action: 'recordPurchase', memberId: m._id, receiptNo: no, lines: LINES },
        'o_test_clerk_S001',
      ),
    );
    const { reply } = await callPos<PurchaseResult>(
      emu,
      posEvent({ storeId: 'S001', receiptNo: no, phone: m.phone, lines: LINES }),
    );
    expect(data(reply)).toMatchObject({
      duplicate: true,
      orderId: till.orderId,
      pointsEarned: 516,
    });
    expect(find(emu, 'members', { _id: m._id })[0].points.balance).toBe(516);
  });

  it('accepts a base64-encoded body', async () => {
    const m = addMember(emu);
    const event = posEvent({
      storeId: 'S001',
      receiptNo: receiptNo(),
      phone: m.phone,
      lines: LINES,
    });
    const { status } = await callPos(emu, {
      ...event,
      body: Buffer.from(event.body).toString('base64'),
      isBase64Encoded: true,
    });
    expect(status).toBe(200);
  });

  it('refuses unsigned, mis-signed and invalid requests with a status, a stable code, and no writes', async () => {
    const m = addMember(emu);
    const good = { storeId: 'S001', receiptNo: receiptNo(), phone: m.phone, lines: LINES };
    const before = counts(emu);
    const cases: [Record<string, unknown>, number, string][] = [
      [posEvent(good, { sign: '' }), 401, 'POS.SIGNATURE_INVALID'],
      [posEvent(good, { sign: `sha256=${'0'.repeat(64)}` }), 401, 'POS.SIGNATURE_INVALID'],
      [posEvent(good, { storeKey: POS_KEYS.S002 }), 401, 'POS.SIGNATURE_INVALID'], // another store's key
      [
        posEvent({ ...good, storeId: 'S003' }, { storeKey: POS_KEYS.S001 }),
        401,
        'POS.SIGNATURE_INVALID',
      ], // a store without a key
      [
        {
          ...posEvent(good),
          body: JSON.stringify({ ...good, lines: [{ category: '家居清洁', amountFen: 1 }] }),
        },
        401,
        'POS.SIGNATURE_INVALID',
      ], // body changed after signing
      [posEvent({ ...good, lines: [] }), 400, 'COMMON.INVALID_INPUT'],
      [
        posEvent({ ...good, lines: [{ category: '家居清洁', amountFen: 12.5 }] }),
        400,
        'COMMON.INVALID_INPUT',
      ],
      [posEvent({ ...good, receiptNo: 'has space' }), 400, 'COMMON.INVALID_INPUT'],
      [posEvent({ ...good, phone: undefined }), 400, 'COMMON.INVALID_INPUT'],
      [posEvent({ ...good, memberCode: '881234567812345678' }), 400, 'COMMON.INVALID_INPUT'], // both phone and code
      [posEvent({ storeId: 'S001' }, { raw: '{"storeId":"S001",' }), 400, 'COMMON.INVALID_INPUT'], // not JSON
      [{ ...posEvent(good), httpMethod: 'GET' }, 400, 'COMMON.INVALID_INPUT'],
      [posEvent({ ...good, phone: '13000000000' }), 404, 'MEMBER.NOT_FOUND'],
      [
        posEvent({ ...good, phone: undefined, memberCode: '880000000000000000' }),
        422,
        'MEMBER.CODE_INVALID',
      ],
      [posEvent({ ...good, couponCode: 'NOSUCHCOUPON' }), 404, 'COUPON.NOT_FOUND'],
      [posEvent({ ...good, clerkId: 'C0021' }), 400, 'COMMON.INVALID_INPUT'], // a clerk of another store
    ];
    for (const [event, status, code] of cases) {
      const res = await callPos(emu, event);
      expect([res.status, res.reply.ok ? 'ok' : res.reply.error.code]).toEqual([status, code]);
    }
    expect(counts(emu)).toEqual(before);
  });
});
