/**
 * The clerk's till in the compiled mini-program (subpackage `staff`), against the real
 * `staff`, `member` and `mall` functions in the emulator: scan the member's current code
 * (wx.scanCode stubbed with the code the member's card draws), record ¥258 with the ¥10
 * new-member coupon, see ¥248 paid and 496 doubled points; a re-sent receipt shows
 * 「该小票已记录」 with the original result; a bad code shows the server's message.
 */
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import type { CardView, CouponView } from '@/contracts/member';
import type { Reply } from '@/contracts/reply';
import type { PurchaseResult, RefundResult, TillMemberView } from '@/contracts/staff';
import { memberCodeAt } from '@/domain/memberCode';
import { startTestEmulator, type TestEmulator } from '../support/emulator';
import type { MinimalSeed } from '../../scripts/seed/minimal';
import { launchWeapp, type WeappApp } from './harness';
import { ensureTaroBuilt } from './taroBuild';
import { scanAnswers, scanCalls, stubScanCode } from './wxStubs';
import { waitFor } from '../support/waitFor';

let emu: TestEmulator;
let seed: MinimalSeed;
let app: WeappApp;
/** the calls the till made, but the read of the member's waiting gifts (MemberGifts, on its own) */
const callCount = () => app.calls.filter((c) => c.data.action !== 'memberPickups').length;
let clerk: MinimalSeed['clerks'][number];
let card: CardView;
let gift: CouponView;
const MEMBER_OPENID = 'o_weapp_till_member';

const ok = <T>(reply: Reply<T>): T => {
  if (!reply.ok) throw new Error(`${reply.error.code}: ${reply.error.message}`);
  return reply.data;
};
const replyOf = <T>(action: string): Reply<T> => {
  const call = [...app.calls].reverse().find((c) => c.data.action === action);
  if (!call) throw new Error(`no ${action} call was made`);
  return call.result as Reply<T>;
};
/** The code on the member's card right now (drawn from the card's own key). */
const currentCode = () => memberCodeAt(card.memberNo, card.memberCodeKey, emu.clock.now());

beforeAll(async () => {
  const dist = await ensureTaroBuilt('weapp');
  emu = await startTestEmulator();
  seed = await emu.seedMinimal();
  clerk = seed.clerks.find((c) => c.storeId === 'S001')!;
  const signup = ok(
    await emu.call<Reply<{ giftCoupon: CouponView | null }>>(
      'member',
      {
        action: 'signup',
        phoneCode: 'dev_13900008801_w1',
        scene: emu.sceneFor('S001', clerk.id),
        consentVersion: '2026-12',
      },
      MEMBER_OPENID,
    ),
  );
  if (!signup.giftCoupon) throw new Error('the new-member gift was not issued');
  gift = signup.giftCoupon;
  card = ok(await emu.call<Reply<CardView>>('member', { action: 'getCard' }, MEMBER_OPENID));
  app = await launchWeapp({ gatewayUrl: emu.url, openid: clerk.openid, distDir: dist });
});

afterAll(async () => {
  app?.close();
  await emu?.stop();
});

describe('weapp till: scan → purchase with coupon → result', () => {
  it('opens the workbench for a bound clerk with the tools of the role', async () => {
    const home = await app.reLaunch('staff/pages/home/index');
    await home.waitFor('.workbench__name');
    expect(home.textOf('.workbench__name')).toBe(clerk.name);
    expect(home.textOf('.workbench__role')).toBe('店员 · 南京西路店');
    expect(home.exists('#tool-till')).toBe(true);
    expect(home.exists('#tool-orders')).toBe(true);
    expect(home.exists('#tool-invite')).toBe(false); // clerks do not invite
    await home.tap('#tool-till');
    await app.waitForPage('staff/pages/till/index');
  });

  it('scans the member code, records ¥258 with the ¥10 coupon and shows 496 doubled points', async () => {
    const code = currentCode();
    stubScanCode(() => ({ result: code }));
    const till = app.current();
    await till.waitFor('#scan-member');
    expect(till.textOf('.till__bar-store')).toBe('南京西路店');
    await till.tap('#scan-member');
    await till.waitFor('.till-member__name');

    const lookup = ok(replyOf<{ member: TillMemberView }>('lookupMember'));
    expect(app.calls.find((c) => c.data.action === 'lookupMember')!.data).toEqual({
      action: 'lookupMember',
      memberCode: code,
    });
    expect(scanCalls.at(-1)).toMatchObject({ onlyFromCamera: true });
    expect(lookup.member.memberNo).toBe(card.memberNo);
    expect(till.textOf('.till-member__name')).toBe(lookup.member.displayName);
    expect(till.textOf('.till-member__phone')).toBe(lookup.member.phoneMasked);
    expect(till.textOf('.till-member__level')).toBe('普通会员');
    expect(lookup.member.coupons.map((c) => c.id)).toContain(gift.id);
    // before an amount is typed the coupon is not judged: a neutral hint, not a red verdict
    expect(till.textOf(`#coupon-${gift.id} .till-coupon__hint`)).toBe('录入金额后显示优惠');
    expect(till.exists(`#coupon-${gift.id} .till-coupon__reason`)).toBe(false);
    expect(till.text()).toContain('每消费 ¥1 得 1 分');

    await till.tap('#cat-0-0'); // 家居清洁
    await till.input('.till-line__amount', '258');
    // the usable coupon is applied at once: ¥258 − ¥10 = ¥248 ≥ ¥200 → doubled, 496
    await till.waitForText('-¥10');
    expect(till.exists(`#coupon-${gift.id} .till-coupon__dot`)).toBe(true);
    expect(till.textOf('.till-pay__amount')).toBe('¥248');
    expect(till.textOf('.till-pay__points')).toBe('预计 +496 积分');
    expect(till.text()).toContain('满¥200 积分翻倍');
    // the clerk may take it off (516 without it) and put it back
    await till.tap('#coupon-none');
    await till.waitForText('预计 +516 积分');
    await till.tap(`#coupon-${gift.id}`);
    await till.waitForText('预计 +496 积分');

    // the receipt number is the till's own: required, never made up
    expect(till.exists('.till-receipt__error')).toBe(false);
    const calls = callCount();
    await till.tap('#submit-purchase');
    await till.waitForText('请输入或扫描小票号');
    expect(callCount()).toBe(calls);
    stubScanCode(() => ({ result: 'W2026120100017', scanType: 'CODE_128' }));
    await till.tap('#scan-receipt');
    await waitFor(() => expect(till.exists('.till-receipt__error')).toBe(false));
    expect(till.exists('.till-preview__error')).toBe(false);

    await till.tap('#submit-purchase');
    await till.waitFor('.till-result__title');
    const sent = app.calls.find((c) => c.data.action === 'recordPurchase')!.data;
    expect(sent).toEqual({
      action: 'recordPurchase',
      memberId: lookup.member.memberId,
      couponId: gift.id,
      receiptNo: 'W2026120100017',
      lines: [{ category: '家居清洁', name: null, quantity: 1, amountFen: 25_800 }],
    });

    const result = ok(replyOf<PurchaseResult>('recordPurchase'));
    expect(result).toMatchObject({
      duplicate: false,
      amountFen: 25_800,
      discountFen: 1_000,
      paidFen: 24_800,
      pointsEarned: 496,
      doubled: true,
      pointsBalance: 496,
    });
    expect(till.textOf('.till-result__title')).toBe('记录成功');
    expect(till.textOf('.till-result__paid')).toBe('¥248');
    expect(till.text()).toContain('+496');
    expect(till.text()).toContain('积分翻倍');
    expect(till.text()).toContain('¥10 无门槛券（-¥10）');
    expect(till.text()).toContain('普通会员');
    expect(till.text()).toMatch(/积分余额\s*496/);
  });

  it('shows 「该小票已记录」 with the original result when a receipt is sent again', async () => {
    const first = app.calls.find((c) => c.data.action === 'recordPurchase')!.data;
    const till = app.current();
    await till.tap('#next-customer');
    await till.waitFor('.till-identify__input');
    await till.input('.till-identify__input', currentCode());
    await till.tap('#lookup-member');
    await till.waitFor('.till-line__amount');
    // the coupon was used: it is no longer offered
    expect(till.exists(`#coupon-${gift.id}`)).toBe(false);
    await till.input('.till-line__amount', '258');
    await till.input('.till-receipt', String(first.receiptNo));
    await till.tap('#submit-purchase');
    await till.waitFor('.till-result__title');
    const again = ok(replyOf<PurchaseResult>('recordPurchase'));
    expect(again).toMatchObject({
      duplicate: true,
      paidFen: 24_800,
      pointsEarned: 496,
      pointsBalance: 496,
    });
    expect(till.textOf('.till-result__title')).toBe('该小票已记录');
    expect(till.textOf('.till-result__paid')).toBe('¥248');
    expect(till.text()).toContain('本次没有重复计分');
    const card2 = ok(
      await emu.call<Reply<CardView>>('member', { action: 'getCard' }, MEMBER_OPENID),
    );
    expect(card2.points.balance).toBe(496);
  });

  it('ignores a cancelled scan and shows the server message for an expired code', async () => {
    const till = app.current();
    await till.tap('#next-customer');
    await till.waitFor('#scan-member');
    stubScanCode(() => ({ errMsg: 'scanCode:fail cancel' }));
    const answered = scanAnswers.length;
    await till.tap('#scan-member');
    await waitFor(() => expect(scanAnswers.length).toBe(answered + 1));
    // the page handled the cancel before this later keystroke; once the keystroke is
    // rendered, so is whatever the cancel set
    await till.input('.till-identify__input', '1');
    await waitFor(() =>
      expect(till.nativeProp('.till-identify__input wx-input', 'value')).toBe('1'),
    );
    expect(till.exists('.till-identify__error')).toBe(false);

    const stale = memberCodeAt(card.memberNo, card.memberCodeKey, emu.clock.now() - 10 * 60_000);
    await till.input('.till-identify__input', stale);
    await till.tap('#lookup-member');
    await till.waitFor('.till-identify__error');
    const reply = replyOf<unknown>('lookupMember');
    expect(reply.ok).toBe(false);
    if (!reply.ok) {
      expect(reply.error.code).toBe('MEMBER.CODE_INVALID');
      expect(till.textOf('.till-identify__error')).toBe(reply.error.message);
    }
    // typed garbage is caught before any call
    const calls = callCount();
    await till.input('.till-identify__input', '12345');
    await till.tap('#lookup-member');
    await till.waitForText('请输入 18 位会员码或 11 位手机号');
    expect(callCount()).toBe(calls);
  });

  it('finds a member by phone and catches a bad amount before any call', async () => {
    const till = app.current();
    await till.input('.till-identify__input', '13900008801');
    await till.tap('#lookup-member');
    await till.waitFor('.till-member__name');
    expect(app.calls.at(-1)!.data).toEqual({ action: 'lookupMember', phone: '13900008801' });
    await till.input('.till-line__amount', '12.345');
    await till.waitForText('金额格式不正确（最多两位小数）');
    const before = callCount();
    await till.tap('#submit-purchase');
    await till.waitForText('请检查商品金额');
    expect(callCount()).toBe(before);
    // fixing the amount clears both its error and the summary's; the receipt is still missing
    await till.input('.till-line__amount', '12.34');
    await waitFor(() => expect(till.text()).not.toContain('金额格式不正确'));
    expect(till.textOf('.till-preview__error')).toBe('请输入或扫描小票号');
  });

  it('lists the order on the orders page and refunds it in full', async () => {
    const orderId = ok(replyOf<PurchaseResult>('recordPurchase')).orderId;
    const orders = await app.reLaunch('staff/pages/orders/index', { orderId });
    await orders.waitFor(`#refund-${orderId}`);
    expect(orders.text()).toContain('¥248');
    expect(orders.text()).toContain('+496 积分');
    await orders.tap(`#refund-${orderId}`);
    await orders.waitFor('#refund-confirm');
    await orders.tap('#refund-confirm');
    await orders.waitFor('.refund-result');
    const refund = app.calls.find((c) => c.data.action === 'refund')!;
    expect(refund.data).toMatchObject({ action: 'refund', orderId });
    expect(refund.data.amountFen).toBeUndefined();
    expect(String(refund.data.requestId).length).toBeGreaterThanOrEqual(8);
    expect(orders.text()).toContain('已全额退款');
    expect(orders.text()).toContain('-496');
    expect(orders.text()).toContain('已退回顾客券包');
    await orders.tap('#refund-done-confirm');
    await orders.waitForText('已退款');
  });

  it('refunds part of an order: amount checked, points reversed in proportion', async () => {
    const memberId = card.memberId;
    const order = ok(
      await emu.call<Reply<PurchaseResult>>(
        'staff',
        {
          action: 'recordPurchase',
          memberId,
          receiptNo: 'RPARTIAL01',
          lines: [{ category: '香氛', name: '香薰蜡烛', amountFen: 30_000 }],
        },
        clerk.openid,
      ),
    );
    expect(order.pointsEarned).toBe(600);
    const orders = await app.reLaunch('staff/pages/orders/index', { orderId: order.orderId });
    await orders.tap(`#refund-${order.orderId}`);
    await orders.tap('#refund-partial');
    await orders.input('.refund__input', '400');
    await orders.tap('#refund-confirm');
    await orders.waitForText('最多可退 ¥300');
    expect(app.calls.filter((c) => c.data.action === 'refund')).toHaveLength(1); // the full one before
    await orders.input('.refund__input', '100');
    await orders.tap('#refund-confirm');
    await orders.waitFor('.refund-result');
    const sent = app.calls.at(-1)!;
    expect(sent.data).toMatchObject({
      action: 'refund',
      orderId: order.orderId,
      amountFen: 10_000,
    });
    const r = ok(sent.result as Reply<RefundResult>);
    expect(r).toMatchObject({
      refundedFen: 10_000,
      pointsReversed: 200,
      couponRestored: false,
      status: 'partially_refunded',
    });
    expect(orders.text()).toContain('已部分退款');
    expect(orders.text()).toContain('-200');
    expect(orders.text()).toContain('本单未使用');
    await orders.tap('#refund-done-confirm');
    await orders.waitForText('部分退款');
    expect(orders.text()).toContain('已退款 ¥100');
  });

  it('keeps the unfinished sale over a reload, records it, and forgets it on 「清空」', async () => {
    const stored = () => JSON.stringify([...app.storage.values()]);
    // the sale left unfinished two tests ago (member found by phone, ¥12.34) is still there
    let till = await app.reLaunch('staff/pages/till/index');
    await till.waitFor('.till-member__name');
    expect(till.textOf('.till-pay__amount')).toBe('¥12.34');
    await till.input('.till-receipt', 'R-KEEP-1');
    await waitFor(() => expect(stored()).toContain('R-KEEP-1'));

    till = await app.reLaunch('staff/pages/till/index');
    await till.waitFor('.till-member__name');
    expect(till.textOf('.till-member__phone')).toBe('139****8801');
    expect(till.textOf('.till-pay__amount')).toBe('¥12.34');
    await till.tap('#submit-purchase');
    await till.waitFor('.till-result__title');
    expect(app.calls.at(-1)!.data).toMatchObject({
      action: 'recordPurchase',
      receiptNo: 'R-KEEP-1',
      lines: [{ category: '家居清洁', name: null, quantity: 1, amountFen: 1_234 }],
    });
    await waitFor(() => expect(stored()).not.toContain('R-KEEP-1'));

    await till.tap('#next-customer');
    await till.input('.till-identify__input', '13900008801');
    await till.tap('#lookup-member');
    await till.input('.till-receipt', 'R-DROP-1');
    await waitFor(() => expect(stored()).toContain('R-DROP-1'));
    await till.tap('#clear-sale');
    await till.waitFor('.till-identify__input');
    await waitFor(() => expect(stored()).not.toContain('R-DROP-1'));
    till = await app.reLaunch('staff/pages/till/index');
    await till.waitFor('.till-identify__input');
    expect(till.exists('.till-member__name')).toBe(false);
  });

  it('tells a shopper who opens the workbench to ask for an invite code', async () => {
    app.setOpenid(MEMBER_OPENID);
    const home = await app.reLaunch('staff/pages/home/index');
    await home.waitFor('#go-bind');
    expect(home.text()).toContain('这个微信号还没有绑定员工身份');
    await home.tap('#go-bind');
    const bind = await app.waitForPage('staff/pages/bind/index');
    await bind.input('.bind__input', 'NOSUCHCODE');
    await bind.tap('#bind-submit');
    await bind.waitFor('.error-text');
    expect(bind.textOf('.error-text')).toBe('邀请码无效或已被使用');
  });
});
