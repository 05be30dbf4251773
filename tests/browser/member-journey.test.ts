/**
 * A shopper's whole member journey in the H5 build, in a phone-sized Chromium against the
 * real `member` function in the emulator: checkout link → consent → signup with a dev phone
 * code → reminders (our sheet standing in for WeChat's dialog) → the card with level, points
 * and a member code that changes → the wallet with the ¥10 coupon and its code → the
 * profile (points once) → the birthday greeting on the birthday → purchases across stores
 * → privacy: consent record, marketing consent, export, and deletion back to a visitor.
 *
 * Screenshots land in test-results/screenshots/ (see the `shot` calls) for a human look.
 */
import type { Response } from 'playwright-core';
import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { waitFor } from '../support/waitFor';
import type { CardView, CouponView, PurchaseView } from '@/contracts/member';
import { DAY_MS, shanghaiParts, shanghaiTime } from '@/domain/calendar';
import { appUrl, shot as takeShot, type AppPage } from './harness';
import { bootH5, closeH5, type H5Suite } from './boot';

const OPENID = 'o_h5_member_journey';
const PHONE = '13900000201';
const MEMBER_TEMPLATES = ['TPL_BIRTHDAY_GREETING', 'TPL_LEVEL_CHANGED', 'TPL_MEMBER_OFFER'];

let { emu, seed, chrome } = {} as H5Suite;
let page: AppPage;
let memberId = '';

type MemberDoc = {
  _id: string;
  phone: string;
  name: string | null;
  birthday: unknown;
  status: string;
  homeStoreId: string | null;
  clerkId: string | null;
  source: { storeId: string | null; clerkId: string | null };
  points: { balance: number; lifetime: number };
  consent: { privacy: { version: string; at: number } | null; marketing: unknown };
};

beforeAll(async () => void ({ emu, seed, chrome } = await bootH5()));

afterAll(() => closeH5({ emu, chrome }));

const member = () => emu.database.find('members', { _id: memberId })[0] as unknown as MemberDoc;

/** The next `member` call of this action and its reply. */
function memberCall(action: string): Promise<Response> {
  return page.waitForResponse(
    (r) => r.url().endsWith('/fn/member') && r.request().postDataJSON()?.action === action,
  );
}
async function dataOf<T>(response: Promise<Response>): Promise<T> {
  const body = (await (await response).json()) as { result: { ok: boolean; data: T } };
  expect(body.result.ok).toBe(true);
  return body.result.data;
}
const text = async (selector: string) =>
  ((await page.locator(selector).first().textContent()) ?? '').trim();
const goto = (route: string) => page.goto(appUrl(emu.url, route));
/** A screenshot once Taro's page transition (a CSS transition) has finished. */
async function shot(p: AppPage, name: string, options?: { fullPage?: boolean }) {
  await p.waitForFunction(() =>
    document
      .getAnimations()
      .every((a) => !(a instanceof CSSTransition) || a.playState !== 'running'),
  );
  return takeShot(p, name, options);
}

describe('h5: the member journey', () => {
  it('signs a visitor up from a clerk checkout link with the configured gift, after consent', async () => {
    const store = seed.stores[0];
    const clerk = seed.clerks.find((c) => c.storeId === store.id)!;
    const scene = emu.sceneFor(store.id, clerk.id);
    let settings!: Promise<Response>;
    page = await chrome.openApp({
      baseUrl: emu.url,
      openid: OPENID,
      query: { scene },
      setup: async (p) => {
        settings = p.waitForResponse(
          (r) =>
            r.url().endsWith('/fn/member') && r.request().postDataJSON()?.action === 'getSettings',
        );
      },
    });
    const { newMemberGift } = await dataOf<{ newMemberGift: { amountFen: number } }>(settings);
    expect(newMemberGift.amountFen).toBe(1000);

    await page.locator('.landing__store').waitFor();
    await waitFor(async () => expect(await text('.gift-ticket__value')).toBe('10'));
    expect(await text('.landing__clerk')).toBe(`导购 ${clerk.name} 为您服务`);
    expect(await text('.landing__promise-text')).toBe(
      '手机号只用于会员服务；促销信息须您另行同意才会发送，可随时关闭',
    );
    expect(await page.locator('.landing__phone').count()).toBe(0);
    await shot(page, 'consent');

    await page.locator('#agree-privacy').click();
    await page.locator('.landing__phone input').fill(PHONE);
    const signup = memberCall('signup');
    await page.locator('#submit-phone').click();
    const out = await dataOf<{ memberId: string; created: boolean }>(signup);
    expect(out.created).toBe(true);
    memberId = out.memberId;
    await waitFor(async () =>
      expect(await text('.landing__done-headline')).toBe('¥10 无门槛券已到账'),
    );

    const doc = member();
    expect(doc.phone).toBe(PHONE);
    expect(doc).toMatchObject({ homeStoreId: store.id, clerkId: clerk.id });
    expect(doc.source).toMatchObject({ storeId: store.id, clerkId: clerk.id });
    expect(doc.consent.privacy?.version).toBe('2026-12');
  });

  it('asks for reminders at the success screen with our own sheet, and records the accept', async () => {
    await page.locator('#subscribe').click();
    await page.locator('.subscribe-sheet').waitFor();
    // only what is sent today (birthday greeting, level change, the automations' offers)
    expect(await page.locator('.subscribe-sheet__name').allTextContents()).toEqual([
      '生日祝福',
      '会员等级变动提醒',
      '会员福利提醒',
    ]);
    await shot(page, 'signup-subscribe', { fullPage: false });

    const wechat = page.waitForRequest((r) => r.url().endsWith('/__emulator/subscriptions'));
    const recorded = memberCall('recordSubscriptions');
    await page.locator('#subscribe-accept').click();
    expect((await wechat).postDataJSON()).toEqual({
      openid: OPENID,
      templateIds: MEMBER_TEMPLATES,
    });
    const { credits } = await dataOf<{ credits: Record<string, number> }>(recorded);
    expect(credits).toEqual({
      birthday: 1,
      levelChanged: 1,
      offer: 1,
      couponExpiring: 0,
      pointsChanged: 0,
    });
    await waitFor(async () =>
      expect(await text('.landing__subscribe-done')).toBe(
        '生日祝福还可接收 1 次，等级提醒还可接收 1 次，福利提醒还可接收 1 次',
      ),
    );
    expect(
      emu.openApi.listCredits(OPENID).map((c: { templateId: string }) => c.templateId),
    ).toEqual(MEMBER_TEMPLATES);
    await shot(page, 'signup-done');
  });

  it('shows the card with level, points, coupons and a member code that changes', async () => {
    const cardCall = memberCall('getCard');
    await page.locator('#go-card').click();
    const card = await dataOf<CardView>(cardCall);
    await page.locator('.member-card__level').waitFor();
    expect(await text('.member-card__level')).toBe('普通会员');
    expect(await page.locator('.member-card__stat-value').allTextContents()).toEqual([
      '0',
      '1',
      '¥0',
    ]);
    expect(await text('.member-card__progress-text')).toBe(card.levelProgress.text);
    expect(await text('.profile-nudge__title')).toBe('完善资料送 50 积分');
    expect(await text('#entry-wallet .entry-item__badge')).toBe('1');
    expect(await page.locator('.entry-item__label').allTextContents()).toEqual([
      '优惠券',
      '积分商城',
      '消费记录',
      '个人资料',
      '隐私与数据',
    ]);
    const code = (await text('.member-code-live__digits')).replace(/\s/g, '');
    expect(code).toMatch(/^88\d{16}$/);
    await shot(page, 'card-new-member');

    // the code rotates every 30 s on the server's clock: a minute later it is another one
    await emu.travel({ advanceMs: 60_000 });
    await page.reload();
    await page.locator('.member-code-live__digits').waitFor();
    const later = (await text('.member-code-live__digits')).replace(/\s/g, '');
    expect(later).toMatch(/^88\d{16}$/);
    expect(later).not.toBe(code);
  });

  it('lists the wallet expiring-soon first, with rules, Shanghai dates and the till code', async () => {
    const now = emu.clock.now();
    const base = {
      memberId,
      templateId: 't_test',
      percent: null,
      capFen: null,
      storeIds: [],
      issuedAt: now,
      usedAt: null,
      orderId: null,
      source: 'campaign',
    };
    await emu.database.insertMany('coupons', [
      {
        ...base,
        _id: 'cp_soon',
        code: 'SOON2026ABCD',
        title: '满100减15',
        kind: 'threshold',
        amountFen: 1500,
        thresholdFen: 10000,
        categories: ['家居清洁'],
        status: 'unused',
        validFrom: now - DAY_MS,
        validUntil: now + DAY_MS,
        issueKey: 'test:cp_soon',
        limitKey: 'test:cp_soon',
      },
      {
        ...base,
        _id: 'cp_pct',
        code: 'PCT2026ABCDE',
        title: '9折券',
        kind: 'percent',
        amountFen: 0,
        thresholdFen: 0,
        percent: 90,
        capFen: 3000,
        categories: [],
        status: 'unused',
        validFrom: now - DAY_MS,
        validUntil: now + 60 * DAY_MS,
        issueKey: 'test:cp_pct',
        limitKey: 'test:cp_pct',
        source: 'mall',
      },
      {
        ...base,
        _id: 'cp_used',
        code: 'USED2026ABCD',
        title: '满50减5',
        kind: 'threshold',
        amountFen: 500,
        thresholdFen: 5000,
        categories: [],
        status: 'used',
        usedAt: now - 2 * DAY_MS,
        validFrom: now - 10 * DAY_MS,
        validUntil: now + 10 * DAY_MS,
        issueKey: 'test:cp_used',
      },
    ]);

    const list = memberCall('listCoupons');
    await page.locator('#entry-wallet').click();
    const { coupons } = await dataOf<{ coupons: CouponView[] }>(list);
    expect(coupons.map((c) => c.id).slice(0, 1)).toEqual(['cp_soon']);
    expect(coupons.map((c) => c.source)).toEqual(['campaign', 'signup', 'mall']);
    await page.locator('.coupon').first().waitFor();
    expect(await page.locator('.coupon__title').allTextContents()).toEqual(
      coupons.map((c) => c.title),
    );
    expect(await page.locator('.coupon__title').nth(1).textContent()).toBe('¥10 无门槛券');
    expect(await text('.coupon__hint')).toBe('明天到期');
    expect(await page.locator('.coupon__rules').first().textContent()).toBe('限家居清洁');
    expect(await page.locator('.coupon__threshold').allTextContents()).toEqual([
      '满¥100可用',
      '无门槛',
      '无门槛',
    ]);
    expect(await page.locator('.coupon__value').nth(2).textContent()).toBe('9');
    const gift = coupons[1];
    const p = (ts: number) => {
      const d = shanghaiParts(ts);
      return `${d.year}.${String(d.month).padStart(2, '0')}.${String(d.day).padStart(2, '0')}`;
    };
    expect(await page.locator('.coupon__validity').nth(1).textContent()).toBe(
      `${p(gift.validFrom)} - ${p(gift.validUntil)}`,
    );
    expect(await text('.wallet__tab--active')).toBe('未使用 3');
    await page.locator('[data-testid="subscribe-banner"]').waitFor();
    await shot(page, 'wallet');

    await page.locator('.coupon').nth(1).click();
    await page.locator('.code-sheet__code').waitFor();
    const stored = emu.database.find('coupons', { _id: gift.id })[0] as { code: string };
    expect((await text('.code-sheet__code')).replace(/\s/g, '')).toBe(stored.code);
    await shot(page, 'wallet-code', { fullPage: false });
    await page.locator('#close-code').click();

    await page.locator('.wallet-tab-used').click();
    await waitFor(async () => expect(await page.locator('.coupon--used').count()).toBe(1));
    await page.locator('.wallet-tab-expired').click();
    await waitFor(async () => expect(await text('.empty-state')).toContain('没有过期的优惠券'));
  });

  it('saves the profile, awarding the completion points once, and locks the birthday', async () => {
    await goto('pages/profile/index');
    await page.locator('#save-profile').waitFor();
    expect(await text('.profile__reward-title')).toBe('完善资料送 50 积分');
    await page.locator('.profile__name input').fill('林小雨');
    await page.locator('.gender-female').click();
    await page.locator('.birthday-field__input').fill('1992-03-08');
    await waitFor(async () => expect(await text('.profile__value')).toBe('1992年3月8日'));
    await page.locator('.pref-0').click();
    await page.locator('.pref-5').click();
    await shot(page, 'profile');

    const save = memberCall('updateProfile');
    await page.locator('#save-profile').click();
    const sent = (await save).request().postDataJSON();
    expect(sent).toEqual({
      action: 'updateProfile',
      name: '林小雨',
      gender: 'female',
      birthday: { year: 1992, month: 3, day: 8 },
      preferences: ['家居清洁', '香氛'],
    });
    expect((await dataOf<{ pointsAwarded: number }>(save)).pointsAwarded).toBe(50);
    await waitFor(async () =>
      expect(await text('.profile__result')).toBe('资料已完善，获得 50 积分'),
    );
    expect(await text('.profile__lock')).toBe('生日如需修改请联系门店店员');
    expect(await page.locator('.birthday-field__input').count()).toBe(0);
    await shot(page, 'profile-saved');

    const again = memberCall('updateProfile');
    await page.locator('.pref-1').click();
    await page.locator('#save-profile').click();
    expect((await dataOf<{ pointsAwarded: number }>(again)).pointsAwarded).toBe(0);
    await waitFor(async () => expect(await text('.profile__result')).toBe('资料已保存'));

    expect(member().points).toEqual({ balance: 50, lifetime: 50 });
    const ledger = emu.database.find('pointsLedger', { memberId });
    expect(ledger).toHaveLength(1);
  });

  it('offers the points-change reminder on the points page, with the level, in one sheet', async () => {
    await goto('pages/points/index');
    await page.locator('[data-testid="subscribe-banner"]').waitFor();
    expect(await text('.remind-banner__title')).toBe('开启积分提醒与等级提醒');
    await page.locator('#points-subscribe').click();
    await page.locator('.subscribe-sheet').waitFor();
    expect(await page.locator('.subscribe-sheet__name').allTextContents()).toEqual([
      '积分变动提醒',
      '会员等级变动提醒',
    ]);
    const wechat = page.waitForRequest((r) => r.url().endsWith('/__emulator/subscriptions'));
    const recorded = memberCall('recordSubscriptions');
    await page.locator('#subscribe-accept').click();
    expect((await wechat).postDataJSON().templateIds).toEqual([
      'TPL_POINTS_CHANGED',
      'TPL_LEVEL_CHANGED',
    ]);
    const { credits } = await dataOf<{ credits: Record<string, number> }>(recorded);
    expect(credits).toMatchObject({ pointsChanged: 1, levelChanged: 2 });
    await waitFor(async () =>
      expect(await text('.remind-banner__desc')).toBe(
        '积分提醒还可接收 1 次，等级提醒还可接收 2 次',
      ),
    );
  });

  it('greets the member on their birthday (Shanghai date) with the birthday coupon', async () => {
    const now = emu.clock.now();
    let year = shanghaiParts(now).year;
    if (shanghaiTime(year, 3, 8, 10) <= now) year += 1;
    await emu.travel({ set: shanghaiTime(year, 3, 8, 10) });
    await fetch(`${emu.url}/__emulator/timers/fire`, {
      method: 'POST',
      body: JSON.stringify({ functionName: 'automations' }),
    });

    const cardCall = memberCall('getCard');
    await goto('pages/card/index');
    const card = await dataOf<CardView>(cardCall);
    expect(card.birthdayToday).toBe(true);
    expect(card.birthdayCoupon).not.toBeNull();
    await page.locator('.birthday__title').waitFor();
    expect(await text('.birthday__title')).toBe('生日快乐，林小雨！');
    expect(await text('.birthday .gift-ticket__title')).toBe(card.birthdayCoupon!.title);
    expect(await text('.birthday .gift-ticket__value')).toBe('20');
    expect(await text('.member-card__name')).toBe('林小雨');
    expect(await page.locator('.profile-nudge').count()).toBe(0);
    await shot(page, 'card-birthday');

    // the greeting went out on the birthday credit the member gave at signup
    const outbox = (await (
      await fetch(`${emu.url}/__emulator/outbox?touser=${OPENID}`)
    ).json()) as { messages: { templateId?: string }[] };
    expect(outbox.messages.some((m) => JSON.stringify(m).includes('TPL_BIRTHDAY_GREETING'))).toBe(
      true,
    );

    // the day after, no greeting
    await emu.travel({ advanceMs: DAY_MS });
    await page.reload();
    await page.locator('.member-card__level').waitFor();
    expect(await page.locator('.birthday__title').count()).toBe(0);
  });

  it('pages the purchase history across stores, with lines, points and refunds', async () => {
    const now = emu.clock.now();
    const stores = seed.stores;
    const orders = Array.from({ length: 23 }, (_, i) => {
      const store = stores[i % 3];
      const amountFen = 8_600 + i * 100;
      return {
        _id: `ord_h5_${i}`,
        storeId: store.id,
        receiptNo: `R2026${String(i).padStart(4, '0')}`,
        memberId,
        lines: [
          { category: '家居清洁', name: '浓缩洗衣液', amountFen: amountFen - 3_000, quantity: 2 },
          { category: '个人护理', name: null, amountFen: 3_000, quantity: 1 },
        ],
        amountFen,
        discountFen: i === 0 ? 1_000 : 0,
        paidFen: amountFen - (i === 0 ? 1_000 : 0),
        pointsEarned: Math.floor((amountFen - (i === 0 ? 1_000 : 0)) / 100),
        status: i === 1 ? 'refunded' : i === 2 ? 'partially_refunded' : 'completed',
        refundedFen: i === 1 ? amountFen : i === 2 ? 3_000 : 0,
        createdAt: now - (i + 1) * 3 * 3_600_000,
      };
    });
    await emu.database.insertMany('orders', orders);

    const first = memberCall('listPurchases');
    await goto('pages/purchases/index');
    const page1 = await dataOf<{ purchases: PurchaseView[]; hasMore: boolean }>(first);
    expect(page1.purchases).toHaveLength(20);
    expect(page1.hasMore).toBe(true);
    await waitFor(async () => expect(await page.locator('.receipt').count()).toBe(20));
    expect(await page.locator('.receipt__store').first().textContent()).toBe(stores[0].name);
    expect(await page.locator('.receipt__store').nth(1).textContent()).toBe(stores[1].name);
    expect(await text('.receipt__paid')).toBe('¥76');
    expect(await page.locator('.receipt').nth(1).textContent()).toContain('已退款');
    expect(await page.locator('.receipt').nth(2).textContent()).toContain('部分退款 ¥30');
    expect(await page.locator('.receipt').first().textContent()).toContain('+76 积分');
    expect(await page.locator('.receipt__line-name').first().textContent()).toBe('浓缩洗衣液 ×2');
    await shot(page, 'purchases', { fullPage: false });

    const second = memberCall('listPurchases');
    await page.locator('#load-more').click();
    const sent = (await second).request().postDataJSON();
    expect(sent.before).toBe(page1.purchases[19].createdAt);
    await waitFor(async () => expect(await page.locator('.receipt').count()).toBe(23));
    await waitFor(async () => expect(await text('.purchases-page__more')).toBe('没有更多了'));
  });

  it('shows what is kept and the consent, switches marketing consent and exports the data', async () => {
    await goto('pages/privacy/index');
    await page.locator('.privacy__consent-record').waitFor();
    const consent = member().consent.privacy!;
    expect(await text('.privacy__promise-text')).toBe(
      '手机号只用于会员服务；促销信息须您另行同意才会发送，可随时关闭',
    );
    expect(await text('.privacy__consent-record')).toMatch(
      /^您已于 \d{4}年\d{1,2}月\d{1,2}日 \d\d:\d\d 同意（2026-12 版）$/,
    );
    expect(consent.version).toBe('2026-12');
    await shot(page, 'privacy');

    const on = memberCall('setMarketingConsent');
    await page.locator('.marketing-switch').click();
    expect((await on).request().postDataJSON()).toEqual({
      action: 'setMarketingConsent',
      granted: true,
    });
    await waitFor(async () => expect((await member().consent.marketing) !== null).toBe(true));
    const off = memberCall('setMarketingConsent');
    await page.locator('.marketing-switch').click();
    expect((await off).request().postDataJSON().granted).toBe(false);
    await waitFor(async () => expect(await member().consent.marketing).toBe(null));

    const exported = memberCall('exportData');
    await page.locator('#export-data').click();
    await exported;
    await page.locator('.privacy__exported').waitFor();
    expect(await text('.privacy__exported-text')).toContain('消费记录 23 条');
    expect(await text('.privacy__exported-text')).toContain('会员资料 1 条');
    const download = page.waitForEvent('download');
    await page.locator('.privacy__download').click();
    const file = await (await download).path();
    const json = JSON.parse(readFileSync(file, 'utf8')) as {
      data: { member: { phone: string; name: string }; orders: unknown[] };
    };
    expect(json.data.member).toMatchObject({ phone: PHONE, name: '林小雨' });
    expect(json.data.orders).toHaveLength(23);
    await shot(page, 'privacy-export', { fullPage: false });
  });

  it('deletes the account only after 「注销」 is typed, and the shopper is a visitor again', async () => {
    await page.locator('#delete-account').click();
    await page.locator('.delete-sheet').waitFor();
    expect(await page.locator('#confirm-delete').getAttribute('class')).toContain('disabled');
    await page.locator('.delete-sheet__input input').fill('注');
    expect(await page.locator('#confirm-delete').getAttribute('class')).toContain('disabled');
    await page.locator('.delete-sheet__input input').fill('注销');
    await waitFor(async () =>
      expect(await page.locator('#confirm-delete').getAttribute('class')).not.toContain('disabled'),
    );
    await shot(page, 'privacy-delete', { fullPage: false });

    const del = memberCall('deleteAccount');
    await page.locator('#confirm-delete').click();
    expect((await del).request().postDataJSON()).toEqual({
      action: 'deleteAccount',
      confirm: '注销',
    });
    await waitFor(async () => expect(await text('.privacy-deleted__title')).toBe('会员已注销'));
    await shot(page, 'account-deleted', { fullPage: false });

    const gone = member();
    expect(gone.status).toBe('deleted');
    expect(gone.phone).not.toContain(PHONE);
    expect(gone.name).toBeNull();
    expect(gone.birthday).toBeNull();
    expect(emu.database.find('identities', { memberId })).toEqual([]);
    // the books stay: the points entry and the coupons remain, keyed by the anonymous member
    expect(emu.database.find('pointsLedger', { memberId })).toHaveLength(1);
    expect(emu.database.find('coupons', { memberId }).length).toBeGreaterThan(0);

    await page.locator('#after-delete').click();
    await page.locator('.landing__promise-text').waitFor();
    expect(page.url()).toContain('pages/landing/index');
    expect(await page.locator('#agree-privacy').count()).toBe(1);
    expect(page.consoleErrors).toEqual([]);
  });
});
