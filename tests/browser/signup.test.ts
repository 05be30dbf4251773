/**
 * The thin slice in a real browser: the H5 build served by the emulator gateway, a phone
 * sized Chromium, the same `member` function. Screenshots of every step land in
 * test-results/screenshots/ for a human look.
 */
import type { Route } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import type { CardView } from '@/contracts/member';
import { LEVEL_NAMES } from '@/domain/levels';
import { formatFen } from '@/domain/money';
import { shot } from './harness';
import { bootH5, closeH5, type H5Suite } from './boot';
import { waitFor } from '../support/waitFor';

let { emu, seed, chrome } = {} as H5Suite;

beforeAll(async () => void ({ emu, seed, chrome } = await bootH5()));

afterAll(() => closeH5({ emu, chrome }));

describe('h5: scan → agree → phone → card', () => {
  it('signs a shopper up from a clerk checkout code and shows the new card', async () => {
    const store = seed.stores[0];
    const clerk = seed.clerks.find((c) => c.storeId === store.id)!;
    const scene = emu.sceneFor(store.id, clerk.id);
    const openid = 'o_h5_shopper_1';

    const page = await chrome.openApp({ baseUrl: emu.url, openid, query: { scene } });
    await page.locator('.landing__store').waitFor();
    expect(await page.locator('.landing__store').textContent()).toBe(store.name);
    expect(await page.locator('.landing__clerk').textContent()).toBe(`导购 ${clerk.name} 为您服务`);
    await waitFor(async () =>
      expect(await page.locator('.landing__promise-text').textContent()).toBe(
        '手机号只用于会员服务；促销信息须您另行同意才会发送，可随时关闭',
      ),
    );
    expect(await page.locator('.landing__phone').count()).toBe(0);
    await shot(page, 'landing');
    await shot(page, 'landing-first-screen', { fullPage: false });

    await page.locator('#agree-privacy').click();
    const phone = page.locator('.landing__phone input');
    await phone.fill('13900000002');
    await shot(page, 'landing-phone', { fullPage: false });

    const signup = page.waitForResponse(
      (r) => r.url().endsWith('/fn/member') && r.request().postDataJSON()?.action === 'signup',
    );
    await page.locator('#submit-phone').click();
    const res = await signup;
    expect(res.request().headers()['x-crm-openid']).toBe(openid);
    const sent = res.request().postDataJSON();
    expect(sent).toMatchObject({ action: 'signup', scene, consentVersion: '2026-12' });
    expect(sent.phoneCode).toMatch(/^dev_13900000002_[0-9a-z]+$/);
    const reply = (await res.json()).result;
    expect(reply.ok).toBe(true);
    const gift = reply.data.giftCoupon as { amountFen: number } | null;

    const headline = page.locator('.landing__done-headline');
    await headline.waitFor();
    expect(await headline.textContent()).toBe(
      gift ? `${formatFen(gift.amountFen)} 无门槛券已到账` : '注册成功',
    );
    await shot(page, 'signup-done');

    const cardCall = page.waitForResponse(
      (r) => r.url().endsWith('/fn/member') && r.request().postDataJSON()?.action === 'getCard',
    );
    await page.locator('#go-card').click();
    const card = (await (await cardCall).json()).result as { ok: true; data: CardView };
    expect(card.ok).toBe(true);
    await page.locator('.member-card__level').waitFor();
    expect(await page.locator('.member-card__level').textContent()).toBe(
      LEVEL_NAMES[card.data.level],
    );
    expect(await page.locator('.member-card__level').textContent()).toBe('普通会员');
    expect(await page.locator('.member-card__stat-value').first().textContent()).toBe(
      String(card.data.points.balance),
    );
    expect(card.data.points.balance).toBe(0);
    await waitFor(async () =>
      expect(await page.locator('.purchases-empty').textContent()).toContain('还没有消费记录'),
    );
    expect(await page.locator('.member-card__progress-text').textContent()).toBe(
      card.data.levelProgress.text,
    );
    expect(
      (await page.locator('.member-code-live__digits').textContent())!.replace(/\s/g, ''),
    ).toMatch(/^88\d{16}$/);
    await shot(page, 'card');

    // the dev identity survives a reload: the member comes straight back to the card
    await page.goto(`${emu.url}/#/pages/index/index`);
    await page.locator('.member-card__level').waitFor();
    expect(page.url()).toContain('pages/card/index');
    expect(page.consoleErrors).toEqual([]);
  });

  it('explains an edited checkout code', async () => {
    const scene = emu.sceneFor(seed.stores[1].id);
    const edited = scene.slice(0, -1) + (scene.endsWith('A') ? 'B' : 'A');
    const page = await chrome.openApp({
      baseUrl: emu.url,
      openid: 'o_h5_shopper_2',
      query: { scene: edited },
    });
    const warning = page.locator('.landing__scene-warning');
    await warning.waitFor();
    expect(await warning.textContent()).toBe('二维码无效或已被篡改，请重新扫码');
    await shot(page, 'landing-invalid-scene', { fullPage: false });
  });

  it('creates a visitor identity when none is set', async () => {
    const page = await chrome.openApp({
      baseUrl: emu.url,
      query: { scene: emu.sceneFor(seed.stores[2].id) },
    });
    await page.locator('.landing__store').waitFor();
    const id = await page.evaluate(() => window.localStorage.getItem('crm.openid'));
    expect(id).toMatch(/^o_h5_[0-9a-z]+$/);
  });

  it('says the network is down in plain words and recovers on retry', async () => {
    const offline = (route: Route) => route.abort('internetdisconnected');
    const page = await chrome.openApp({
      baseUrl: emu.url,
      openid: 'o_h5_shopper_4',
      setup: (p) => p.route('**/fn/**', offline),
    });
    const message = page.locator('.error-message');
    await message.waitFor();
    expect(await message.textContent()).toBe('网络不给力，请稍后重试');
    await shot(page, 'entry-offline', { fullPage: false });

    await page.unroute('**/fn/**', offline);
    await page.locator('#retry').click();
    await page.locator('.landing__promise-text').waitFor();
    expect(page.url()).toContain('pages/landing/index');
  });
});
