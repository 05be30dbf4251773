/**
 * `staff.findCoupon`: the till finds a member's coupon by the code their wallet shows, or
 * says why it cannot be used here — with the real SDK against the emulator.
 */
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import type { CouponView } from '@/contracts/member';
import type { Reply } from '@/contracts/reply';
import { startTestEmulator, type TestEmulator } from '../support/emulator';
import { addCoupon, addMember, FUNCTION_ENV } from './support/loyalty';

let emu: TestEmulator;
const CLERK = 'o_test_clerk_S001';

beforeAll(async () => {
  emu = await startTestEmulator({ functionEnv: FUNCTION_ENV });
  await emu.seedMinimal();
});
afterAll(async () => {
  await emu?.stop();
});

const find = (memberId: string, code: string, openid = CLERK) =>
  emu.call<Reply<{ coupon: CouponView }>>(
    'staff',
    { action: 'findCoupon', memberId, code },
    openid,
  );
const errorOf = async (p: Promise<Reply<unknown>>) => {
  const r = await p;
  if (r.ok) throw new Error('expected a failure');
  return { code: r.error.code, message: r.error.message };
};

describe('staff.findCoupon', () => {
  it('finds the member’s own coupon by its code, typed in lower case', async () => {
    const m = addMember(emu);
    const c = addCoupon(emu, m._id, { kind: 'threshold', thresholdFen: 20_000, amountFen: 3_000 });
    const r = await find(m._id, c.code.toLowerCase());
    expect(r.ok).toBe(true);
    if (r.ok) expect(r.data.coupon).toMatchObject({ id: c._id, code: c.code, title: '满200减30' });
  });

  it('answers not found for another member’s coupon and for an unknown code', async () => {
    const owner = addMember(emu);
    const other = addMember(emu);
    const c = addCoupon(emu, owner._id);
    const expected = {
      code: 'COUPON.NOT_FOUND',
      message: '找不到这张优惠券，请核对券码是否属于这位会员',
    };
    expect(await errorOf(find(other._id, c.code))).toEqual(expected);
    expect(await errorOf(find(owner._id, 'NOSUCHCODE01'))).toEqual(expected);
  });

  it('says a used, expired, not yet valid or other-store coupon cannot be used here', async () => {
    const m = addMember(emu);
    const now = emu.clock.now();
    const used = addCoupon(emu, m._id, { status: 'used' });
    const expired = addCoupon(emu, m._id, { validFrom: 0, validUntil: now - 1_000 });
    const later = addCoupon(emu, m._id, { validFrom: now + 86_400_000 });
    const elsewhere = addCoupon(emu, m._id, { storeIds: ['S002'] });
    expect(await errorOf(find(m._id, used.code))).toEqual({
      code: 'COUPON.ALREADY_USED',
      message: '这张优惠券已经使用过了',
    });
    expect((await errorOf(find(m._id, expired.code))).code).toBe('COUPON.EXPIRED');
    expect((await errorOf(find(m._id, later.code))).code).toBe('COUPON.NOT_STARTED');
    expect(await errorOf(find(m._id, elsewhere.code))).toEqual({
      code: 'COUPON.NOT_APPLICABLE',
      message: '这张优惠券不适用于本店',
    });
  });

  it('is for store staff only: a shopper and HQ are refused', async () => {
    const m = addMember(emu);
    const c = addCoupon(emu, m._id);
    expect((await errorOf(find(m._id, c.code, 'o_shopper_x'))).code).toBe('AUTH.FORBIDDEN');
    expect((await errorOf(find(m._id, c.code, 'o_test_hq'))).code).toBe('AUTH.FORBIDDEN');
  });
});
