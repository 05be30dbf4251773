/**
 * What a first-time shopper ran into, tried again in a phone-sized Chromium (H5 build):
 * - a bad number is refused where the eye is (beside the input, on screen), not below the fold;
 * - a pasted 「139 1234 5678」 stays whole (normalised before the length limit);
 * - reloading right after signup shows the done screen again, never the join pitch and
 *   「同意并继续」; a member opening the landing page later goes to the card;
 * - the privacy page says what is sent and on what basis, and every withdrawal it offers
 *   is real (privacy consent withdrawn and given again; reminders shown as they are).
 * Screenshots: test-results/screenshots/first-shopper-*.png.
 */
import type { Response } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { defaultSettings } from '@/domain/settings';
import { waitFor } from '../support/waitFor';
import { shot, type AppPage } from './harness';
import { bootH5, closeH5, type H5Suite } from './boot';

let { emu, seed, chrome } = {} as H5Suite;
let page: AppPage;
const OPENID = 'o_h5_first_shopper';
const VERSION = defaultSettings.privacy.consentVersion;

beforeAll(async () => void ({ emu, seed, chrome } = await bootH5()));

afterAll(() => closeH5({ emu, chrome }));

function memberCall(action: string): Promise<Response> {
  return page.waitForResponse(
    (r) => r.url().endsWith('/fn/member') && r.request().postDataJSON()?.action === action,
  );
}
const text = async (selector: string) =>
  ((await page.locator(selector).first().textContent()) ?? '').trim();
/** whether the element is entirely inside the phone's screen */
async function onScreen(selector: string): Promise<boolean> {
  const box = await page.locator(selector).boundingBox();
  const viewport = page.viewportSize()!;
  return box !== null && box.y >= 0 && box.y + box.height <= viewport.height;
}
const member = () =>
  emu.database.find('members', { phone: '13912345678' })[0] as unknown as {
    _id: string;
    consent: { privacy: { version: string } | null; marketing: unknown };
  };

describe('h5: a first-time shopper', () => {
  it('sees a bad number refused beside the input, on screen', async () => {
    const store = seed.stores[0];
    page = await chrome.openApp({
      baseUrl: emu.url,
      openid: OPENID,
      route: 'pages/landing/index',
      query: { scene: emu.sceneFor(store.id) },
    });
    await page.locator('#agree-privacy').click();
    const input = page.locator('.landing__phone input');
    await input.click();
    await page.keyboard.insertText('1391234');
    await page.locator('#submit-phone').click();

    const error = page.locator('[data-testid="signup-error"]');
    await error.waitFor();
    expect(await error.textContent()).toBe('手机号应为 11 位数字');
    await waitFor(async () => expect(await onScreen('[data-testid="signup-error"]')).toBe(true));
    // between the input and the button it refers to
    const [inputBox, errorBox, buttonBox] = await Promise.all(
      ['.landing__phone', '[data-testid="signup-error"]', '#submit-phone'].map((s) =>
        page.locator(s).boundingBox(),
      ),
    );
    expect(errorBox!.y).toBeGreaterThan(inputBox!.y);
    expect(errorBox!.y).toBeLessThan(buttonBox!.y);
    expect(emu.database.find('members', {})).toHaveLength(0);
    await shot(page, 'first-shopper-phone-error', { fullPage: false });
  });

  it('keeps a pasted 「139 1234 5678」 whole and signs up with it', async () => {
    const input = page.locator('.landing__phone input');
    await input.fill('');
    await input.click();
    await page.keyboard.insertText('139 1234 5678');
    await waitFor(async () => expect(await input.inputValue()).toBe('13912345678'));
    // fixing the number clears nothing by itself, but the next tap goes through
    const signup = memberCall('signup');
    await page.locator('#submit-phone').click();
    const sent = (await signup).request().postDataJSON();
    expect(sent.phoneCode).toMatch(/^dev_13912345678_[0-9a-z]+$/);
    expect(sent.consentVersion).toBe(VERSION);
    await page.locator('.landing__done-headline').waitFor();
    expect(await text('.landing__done-headline')).toBe('¥10 无门槛券已到账');
    expect(member().consent.privacy?.version).toBe(VERSION);
  });

  it('shows the done screen again after a reload, not the pitch and 「同意并继续」', async () => {
    await page.reload();
    await page.locator('.landing__done-headline').waitFor();
    expect(await text('.landing__done-headline')).toBe('¥10 无门槛券已到账');
    expect(await page.locator('#agree-privacy').count()).toBe(0);
    expect(await page.locator('.landing__perks').count()).toBe(0);
    await shot(page, 'first-shopper-done-after-reload', { fullPage: false });

    await page.locator('#go-card').click();
    await page.locator('.member-card__level').waitFor();
    // later, the landing page (a bookmark, the back button) opens the card
    await page.goto(`${emu.url}/#/pages/landing/index`);
    await page.reload();
    await page.locator('.member-card__level').waitFor();
    expect(page.url()).toContain('pages/card/index');
    expect(await page.locator('#agree-privacy').count()).toBe(0);
  });

  it('reads on the privacy page what is sent, on what basis, and sees the reminders as they are', async () => {
    await page.goto(`${emu.url}/#/pages/privacy/index`);
    await page.locator('.privacy__consent-record').waitFor();
    expect(await text('.privacy__promise-text')).toBe(defaultSettings.privacy.promise);
    const body = await page.locator('[data-testid="privacy-page"]').textContent();
    expect(body).not.toContain('绝不推送广告');
    for (const fact of defaultSettings.privacy.facts) expect(body).toContain(fact.text);
    await waitFor(async () => expect(await text('.credits-birthday')).toBe('未开启'));
    expect(await text('.credits-levelChanged')).toBe('未开启');
    // every reminder that is sent is listed, the points and coupon-expiry ones too
    const listed = await page.locator('.privacy__setting-name').allTextContents();
    expect(listed).toEqual(expect.arrayContaining(['积分变动提醒', '优惠券到期提醒']));

    await page.locator('#privacy-subscribe').click();
    await page.locator('.subscribe-sheet').waitFor();
    expect(await page.locator('.subscribe-sheet__name').allTextContents()).toEqual([
      '生日祝福',
      '会员等级变动提醒',
      '会员福利提醒',
      '优惠券到期提醒',
      '积分变动提醒',
    ]);
    await page.locator('.subscribe-levelChanged').click(); // all but the level and offers
    await page.locator('.subscribe-offer').click();
    const recorded = memberCall('recordSubscriptions');
    await page.locator('#subscribe-accept').click();
    await recorded;
    await waitFor(async () => expect(await text('.credits-birthday')).toBe('还可接收 1 次'));
    expect(await text('.credits-levelChanged')).toBe('未开启');
    expect(await text('.credits-pointsChanged')).toBe('还可接收 1 次');
    await shot(page, 'first-shopper-privacy');
  });

  it('withdraws the privacy consent for real, and gives it again', async () => {
    const { _id: memberId } = member();
    await page.locator('#withdraw-privacy').click();
    await page.locator('#withdraw-privacy-confirm').waitFor();
    await shot(page, 'first-shopper-withdraw-ask', { fullPage: false });
    const withdraw = memberCall('setPrivacyConsent');
    await page.locator('#withdraw-privacy-confirm').click();
    expect((await withdraw).request().postDataJSON()).toEqual({
      action: 'setPrivacyConsent',
      granted: false,
    });
    await waitFor(async () =>
      expect(await text('.privacy__consent-record')).toBe(
        '您已撤回同意：不发送生日祝福和会员通知，积分与优惠券照常可用',
      ),
    );
    await page.locator('.privacy__reminders-off').waitFor();
    expect(await page.locator('#privacy-subscribe').count()).toBe(0);
    expect(member().consent).toEqual({ privacy: null, marketing: null });
    expect(emu.database.find('subscriptions', { memberId }).map((s) => s.credits)).toEqual([
      0, 0, 0,
    ]);
    expect(
      emu.database.find('consents', { memberId, granted: false }).map((c) => [c.kind, c.version]),
    ).toEqual([['privacy', VERSION]]);
    await shot(page, 'first-shopper-withdrawn');

    const grant = memberCall('setPrivacyConsent');
    await page.locator('#grant-privacy').click();
    expect((await grant).request().postDataJSON()).toEqual({
      action: 'setPrivacyConsent',
      granted: true,
      consentVersion: VERSION,
    });
    await waitFor(async () =>
      expect(await text('.privacy__consent-record')).toContain(`同意（${VERSION} 版）`),
    );
    await page.locator('#privacy-subscribe').waitFor();
    expect(member().consent.privacy?.version).toBe(VERSION);
    expect(page.consoleErrors).toEqual([]);
  });
});
