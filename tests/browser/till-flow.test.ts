/**
 * Issue 4's acceptance flow in Chromium, on the H5 build against the real functions:
 * a member joins through a clerk's checkout code (¥10 new-member coupon); the clerk opens
 * the till, enters the code the member's card shows right now (read from the card page in
 * the member's own browser), records ¥258 with the ¥10 coupon and sees ¥248 paid and
 * 496 doubled points; the member's card, wallet and purchase history show it; the clerk
 * refunds it on the orders page: points reversed, coupon restored. Then the points mall
 * and points history of another member (a retried redemption counts once).
 * Screenshots: test-results/screenshots/till-*.png, mall-*.png, points.png.
 */
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { waitFor } from '../support/waitFor';
import type { CouponView } from '@/contracts/member';
import type { Reply } from '@/contracts/reply';
import type { PurchaseResult, RefundResult } from '@/contracts/staff';
import { shanghaiParts, shanghaiTime } from '@/domain/calendar';
import type { MinimalSeed } from '../../scripts/seed/minimal';
import { shot, type AppPage } from './harness';
import { bootH5, closeH5, squash, squashedText as text, type H5Suite } from './boot';

let { emu, seed, chrome } = {} as H5Suite;
let clerk: MinimalSeed['clerks'][number];

const ok = <T>(reply: Reply<T>): T => {
  if (!reply.ok) throw new Error(`${reply.error.code}: ${reply.error.message}`);
  return reply.data;
};
const fnResponse = (page: AppPage, fn: string, action: string) =>
  page.waitForResponse(
    (r) => r.url().endsWith(`/fn/${fn}`) && r.request().postDataJSON()?.action === action,
  );

async function signup(openid: string, phone: string): Promise<CouponView> {
  const res = ok(
    await emu.call<Reply<{ giftCoupon: CouponView | null }>>(
      'member',
      {
        action: 'signup',
        phoneCode: `dev_${phone}_b1`,
        scene: emu.sceneFor('S001', clerk.id),
        consentVersion: '2026-12',
      },
      openid,
    ),
  );
  if (!res.giftCoupon) throw new Error('no new-member gift');
  return res.giftCoupon;
}

beforeAll(async () => {
  ({ emu, seed, chrome } = await bootH5());
  clerk = seed.clerks.find((c) => c.storeId === 'S001')!;
});

afterAll(() => closeH5({ emu, chrome }));

describe('h5: till → member → refund (issue 4 acceptance)', () => {
  const MEMBER = 'o_h5_till_member';
  let gift: CouponView;
  let memberPage: AppPage;
  let till: AppPage;
  let result: PurchaseResult;
  let receiptNo: string;

  it('records ¥258 with the ¥10 coupon from the code on the member’s card: 496 doubled points', async () => {
    gift = await signup(MEMBER, '13900008802');
    expect(gift.amountFen).toBe(1_000);

    // the member shows the card; the clerk reads the code off it
    memberPage = await chrome.openApp({
      baseUrl: emu.url,
      openid: MEMBER,
      route: 'pages/card/index',
    });
    await memberPage.locator('.member-code-live__digits').waitFor();
    const code = (await text(memberPage, '.member-code-live__digits')).replace(/\s/g, '');
    expect(code).toMatch(/^88\d{16}$/);

    till = await chrome.openApp({
      baseUrl: emu.url,
      openid: clerk.openid,
      route: 'staff/pages/till/index',
    });
    await till.locator('.till-identify__input input').waitFor();
    expect(await text(till, '.till__bar-store')).toBe('南京西路店');
    await till.locator('.till-identify__input input').fill(code);
    await shot(till, 'till-identify', { fullPage: false });
    const lookup = fnResponse(till, 'staff', 'lookupMember');
    await till.locator('#lookup-member').click();
    expect((await lookup).request().postDataJSON()).toEqual({
      action: 'lookupMember',
      memberCode: code,
    });
    await till.locator('.till-member__name').waitFor();
    expect(await text(till, '.till-member__level')).toBe('普通会员');
    expect(await text(till, '.till-member__phone')).toBe('139****8802');

    // the member asks the clerk to register their birthday (members set it only once themselves)
    expect(await text(till, '#member-birthday')).toBe('生日未登记·登记');
    await till.locator('#member-birthday').click();
    await till.locator('.birthday-field__input').fill('1990-03-08');
    await till.locator('#birthday-save').click();
    await waitFor(async () => expect(await text(till, '#member-birthday')).toBe('生日3月8日·修改'));

    // before an amount is typed: a neutral hint on the coupon, not a red verdict
    expect(await text(till, `#coupon-${gift.id} .till-coupon__hint`)).toBe('录入金额后显示优惠');
    expect(await till.locator('.till-coupon__reason').count()).toBe(0);
    await shot(till, 'till-coupon-before-amount');

    await till.locator('#cat-0-0').click(); // 家居清洁
    await till.locator('.till-line__amount input').fill('-5');
    await waitFor(async () => expect(await text(till, '.till-line__error')).toBe('金额不能为负数'));
    await shot(till, 'till-negative-amount', { fullPage: false });
    await till.locator('.till-line__amount input').fill('258');
    await waitFor(async () => expect(await till.locator('.till-line__error').count()).toBe(0));
    // the usable coupon is applied at once
    await waitFor(async () =>
      expect(await text(till, '[data-testid=preview-discount]')).toBe('-¥10'),
    );
    expect(await text(till, '[data-testid=preview-total]')).toBe('¥258');
    expect(await text(till, '[data-testid=preview-payable]')).toBe('¥248');
    expect(await text(till, '[data-testid=preview-points]')).toBe('+496');
    expect(await text(till, '.till-preview__badge')).toBe('满¥200积分翻倍');
    await till.locator('#coupon-none').click();
    await waitFor(async () =>
      expect(await text(till, '[data-testid=preview-points]')).toBe('+516'),
    );
    // the code the member's wallet shows, typed at the till, picks the coupon again
    await till.locator('.till-code__input input').fill(gift.code.toLowerCase());
    await till.locator('#use-coupon-code').click();
    await waitFor(async () =>
      expect(await text(till, '.till-code__ok')).toBe(squash(`已选择「${gift.title}」`)),
    );
    expect(await text(till, '[data-testid=preview-discount]')).toBe('-¥10');

    // no receipt number: nothing is sent, the clerk is told; typing one clears it
    await till.locator('#submit-purchase').click();
    await waitFor(async () =>
      expect(await text(till, '[data-testid=till-error]')).toBe('请输入或扫描小票号'),
    );
    await shot(till, 'till-receipt-required');
    await till.locator('.till-receipt input').fill('小票1');
    await waitFor(async () =>
      expect(await text(till, '.till-receipt__error')).toBe('小票号只能包含字母、数字、-和_'),
    );
    await till.locator('.till-receipt input').fill('NJ-20261201-0042');
    await waitFor(async () =>
      expect(await till.locator('[data-testid=till-error]').count()).toBe(0),
    );

    // a reload keeps the sale: member, lines, coupon and receipt number
    await till.reload();
    await till.locator('.till-member__name').waitFor();
    await waitFor(async () =>
      expect(await text(till, '[data-testid=preview-payable]')).toBe('¥248'),
    );
    expect(await till.locator('.till-receipt input').inputValue()).toBe('NJ-20261201-0042');
    await shot(till, 'till-order');

    const record = fnResponse(till, 'staff', 'recordPurchase');
    await till.locator('#submit-purchase').click();
    const res = await record;
    const sent = res.request().postDataJSON();
    expect(sent).toMatchObject({
      couponId: gift.id,
      lines: [{ category: '家居清洁', name: null, quantity: 1, amountFen: 25_800 }],
    });
    expect(sent.receiptNo).toBe('NJ-20261201-0042');
    receiptNo = sent.receiptNo;
    result = ok((await res.json()).result as Reply<PurchaseResult>);
    expect(result).toMatchObject({
      duplicate: false,
      amountFen: 25_800,
      discountFen: 1_000,
      paidFen: 24_800,
      pointsEarned: 496,
      doubled: true,
      levelBefore: 'normal',
      levelAfter: 'normal',
      pointsBalance: 496,
    });
    await till.locator('.till-result__title').waitFor();
    expect(await text(till, '.till-result__title')).toBe('记录成功');
    expect(await text(till, '.till-result__paid')).toBe('¥248');
    const facts = await text(till, '.till-result__facts');
    expect(facts).toContain('+496');
    expect(facts).toContain('积分翻倍');
    expect(facts).toContain(squash('¥10 无门槛券（-¥10）'));
    expect(facts).toContain('积分余额496');
    await shot(till, 'till-result');
    expect(till.consoleErrors).toEqual([]);
  });

  it('shows the member the points on the card, the used coupon in the wallet and the purchase', async () => {
    await memberPage.reload();
    await waitFor(async () => expect(await text(memberPage, '[data-testid=points]')).toBe('496'));
    expect(await text(memberPage, '.purchase__paid')).toBe('¥248');
    expect(await text(memberPage, '.purchase__tags')).toContain('+496积分');
    await shot(memberPage, 'till-member-card');

    await memberPage.goto(`${emu.url}/#/pages/wallet/index?tab=used`);
    await memberPage.locator('.coupon--used').first().waitFor();
    expect(await text(memberPage, '.coupon--used .coupon__title')).toBe(squash(gift.title));
    await shot(memberPage, 'till-member-wallet-used');

    await memberPage.goto(`${emu.url}/#/pages/purchases/index`);
    await memberPage.locator('.receipt__paid').first().waitFor();
    expect(await text(memberPage, '.receipt__paid')).toBe('¥248');
    expect(await text(memberPage, '.receipt__time')).toContain(receiptNo);
    expect(await text(memberPage, '.receipt__tags')).toContain('+496积分');
    await shot(memberPage, 'till-member-purchases');
  });

  it('refunds the order on the orders page: points reversed, coupon restored', async () => {
    await till.locator('#view-order').click();
    const refundButton = till.locator(`#refund-${result.orderId.replace(/\./g, '\\.')}`);
    await refundButton.waitFor();
    const row = await text(till, '[data-testid=order-row]');
    expect(row).toContain('¥248');
    expect(row).toContain('+496积分');
    expect(row).toContain('已完成');
    await shot(till, 'till-orders');

    await refundButton.click();
    await till.locator('[data-testid=refund-sheet]').waitFor();
    await shot(till, 'till-refund-sheet', { fullPage: false });
    const refund = fnResponse(till, 'staff', 'refund');
    await till.locator('#refund-confirm').click();
    const res = await refund;
    const sent = res.request().postDataJSON();
    expect(sent).toMatchObject({ action: 'refund', orderId: result.orderId });
    expect(sent.amountFen).toBeUndefined();
    expect(sent.requestId).toMatch(/^[0-9a-z-]{8,64}$/);
    const r = ok((await res.json()).result as Reply<RefundResult>);
    expect(r).toMatchObject({
      refundedFen: 24_800,
      pointsReversed: 496,
      pointsUnrecoverable: 0,
      couponRestored: true,
      status: 'refunded',
      pointsBalance: 0,
    });
    await till.locator('[data-testid=refund-result]').waitFor();
    const shown = await text(till, '[data-testid=refund-result]');
    expect(shown).toContain('本次退款¥248');
    expect(shown).toContain('扣回积分-496');
    expect(shown).toContain('已退回顾客券包');
    expect(shown).toContain('顾客积分余额0');
    await shot(till, 'till-refund-result', { fullPage: false });
    await till.locator('#refund-done-confirm').click();
    await waitFor(async () =>
      expect(await text(till, '[data-testid=order-row]')).toContain('已退款'),
    );
    expect(await till.locator(`#refund-${result.orderId.replace(/\./g, '\\.')}`).count()).toBe(0);

    // the member sees it undone
    await memberPage.goto(`${emu.url}/#/pages/card/index`);
    await waitFor(async () => expect(await text(memberPage, '[data-testid=points]')).toBe('0'));
    await memberPage.goto(`${emu.url}/#/pages/wallet/index`);
    await memberPage.locator('.coupon--unused').first().waitFor();
    expect(await text(memberPage, '.coupon--unused .coupon__title')).toBe(squash(gift.title));
    await memberPage.goto(`${emu.url}/#/pages/purchases/index`);
    await waitFor(async () => expect(await text(memberPage, '.receipt__tags')).toContain('已退款'));
    expect(till.consoleErrors).toEqual([]);
    expect(memberPage.consoleErrors).toEqual([]);
  });
});

describe('h5: points mall and points history', () => {
  const MEMBER = 'o_h5_mall_member';

  beforeAll(async () => {
    await signup(MEMBER, '13900008803');
    const me = ok(await emu.call<Reply<{ memberId: string }>>('member', { action: 'me' }, MEMBER));
    // ¥300 at the till: 300 × 2 = 600 points
    ok(
      await emu.call<Reply<PurchaseResult>>(
        'staff',
        {
          action: 'recordPurchase',
          memberId: me.memberId,
          receiptNo: 'RMALL0001',
          lines: [{ category: '香氛', name: '香薰蜡烛', amountFen: 30_000 }],
        },
        clerk.openid,
      ),
    );
    const now = emu.clock.now();
    await emu.database.insertMany('couponTemplates', [
      {
        _id: 'T_MALL_20',
        name: '积分兑换 ¥20',
        kind: 'amount',
        amountFen: 2_000,
        thresholdFen: 0,
        percent: null,
        capFen: null,
        storeIds: [],
        categories: [],
        validity: { type: 'relative', days: 30 },
        createdAt: now,
      },
    ]);
    await emu.database.insertMany('rewards', [
      {
        _id: 'R_COUPON_20',
        title: '¥20 无门槛券',
        description: '全场通用，兑换后 30 天内有效',
        kind: 'coupon',
        pointsCost: 200,
        stock: 50,
        couponTemplateId: 'T_MALL_20',
        perMemberLimit: 2,
        active: true,
        sort: 1,
        createdAt: now,
      },
      {
        _id: 'R_GIFT_TOWEL',
        title: '纯棉毛巾礼盒',
        description: '到店领取',
        kind: 'gift',
        pointsCost: 800,
        stock: 5,
        couponTemplateId: null,
        perMemberLimit: null,
        active: true,
        sort: 2,
        createdAt: now,
      },
    ]);
  });

  it('redeems a coupon reward after a confirm step; a retried tap after a lost answer counts once', async () => {
    const page = await chrome.openApp({
      baseUrl: emu.url,
      openid: MEMBER,
      route: 'pages/mall/index',
    });
    await page.locator('[data-testid=reward]').first().waitFor();
    expect(await text(page, '[data-testid=mall-balance]')).toBe('600');
    expect(await page.locator('[data-testid=reward]').count()).toBe(2);
    // 800 > 600: the gift cannot be redeemed, and says why
    expect(await page.locator('#redeem-R_GIFT_TOWEL').getAttribute('class')).toContain('disabled');
    await shot(page, 'mall');

    await page.locator('#redeem-R_COUPON_20').click();
    await page.locator('[data-testid=redeem-sheet]').waitFor();
    expect(await text(page, '[data-testid=redeem-sheet]')).toContain(
      '600当前积分−200本次使用=400兑换后剩余',
    );
    await shot(page, 'mall-confirm', { fullPage: false });

    // the first answer is lost on the way back: the server redeemed, the phone saw a failure
    let lost = false;
    await page.route('**/fn/mall', async (route) => {
      if (!lost && route.request().postDataJSON()?.action === 'redeemReward') {
        lost = true;
        await route.fetch();
        await route.abort('internetdisconnected');
        return;
      }
      await route.continue();
    });
    const first = page.waitForRequest(
      (r) => r.url().endsWith('/fn/mall') && r.postDataJSON()?.action === 'redeemReward',
    );
    await page.locator('#redeem-confirm').click();
    const firstId = (await first).postDataJSON().requestId as string;
    expect(firstId).toMatch(/^[0-9a-z-]{8,64}$/);
    await waitFor(async () =>
      expect(await text(page, '.confirm-sheet .error-text')).toBe('网络不给力，请稍后重试'),
    );

    const retry = fnResponse(page, 'mall', 'redeemReward');
    await page.locator('#redeem-confirm').click();
    const res = await retry;
    expect(res.request().postDataJSON().requestId).toBe(firstId);
    const out = ok(
      (await res.json()).result as Reply<{
        duplicate: boolean;
        balance: number;
        pointsSpent: number;
      }>,
    );
    expect(out).toMatchObject({ duplicate: true, balance: 400, pointsSpent: 200 });
    await page.locator('[data-testid=redeem-done]').waitFor();
    expect(await text(page, '[data-testid=redeem-done]')).toContain('使用200积分，剩余400积分');
    await shot(page, 'mall-done', { fullPage: false });
    await page.locator('#redeem-done-confirm').click();
    await waitFor(async () => expect(await text(page, '[data-testid=mall-balance]')).toBe('400'));

    // a new tap is a new decision: a new requestId
    await page.unroute('**/fn/mall');
    await page.locator('#redeem-R_COUPON_20').click();
    const second = fnResponse(page, 'mall', 'redeemReward');
    await page.locator('#redeem-confirm').click();
    const secondRes = await second;
    expect(secondRes.request().postDataJSON().requestId).not.toBe(firstId);
    expect(ok((await secondRes.json()).result as Reply<{ balance: number }>).balance).toBe(200);
    await page.locator('#redeem-done-confirm').click();
    await waitFor(async () => expect(await text(page, '[data-testid=mall-balance]')).toBe('200'));
  });

  it('lists the points history and warns about points expiring soon', async () => {
    // move to December of next year: this year's lot expires on 31 December
    const year = shanghaiParts(emu.clock.now()).year + 1;
    await emu.travel({ set: shanghaiTime(year, 12, 1, 10) });
    const page = await chrome.openApp({
      baseUrl: emu.url,
      openid: MEMBER,
      route: 'pages/points/index',
    });
    await page.locator('[data-testid=points-entry]').first().waitFor();
    expect(await text(page, '[data-testid=points-balance]')).toBe('200');
    const entries = await page.locator('[data-testid=points-entry]').allTextContents();
    expect(entries).toHaveLength(3);
    expect(entries[0]).toContain('-200');
    expect(entries[2]).toContain('南京西路店消费');
    expect(entries[2]).toContain('+600');
    expect(await text(page, '[data-testid=points-expiring]')).toBe(
      squash(`!200 积分将于 ${year}年12月31日 过期，记得及时兑换`),
    );
    await shot(page, 'points');
    expect(page.consoleErrors).toEqual([]);
  });
});
