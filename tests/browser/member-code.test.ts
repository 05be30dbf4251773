/**
 * The member code a till scanner reads, and the ways in for staff, in Chromium on the H5
 * build: the card draws the rotating code as Code 128 bars and a QR code (the very code
 * shown in digits, and a new one when it rotates); the card and landing footers carry a
 * permanent 「店员入口」; HQ's workbench says what it is and HQ is not offered the till.
 * Screenshots: member-code.png, member-code-rotated.png, landing-staff-entry.png,
 * card-staff-entry.png, hq-workbench.png, hq-till.png.
 */
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import type { Reply } from '@/contracts/reply';
import { defaultSettings } from '@/domain/settings';
import { code128Runs, qrDataUrl } from '@/components/scanCodes';
import { shot, type AppPage } from './harness';
import { bootH5, closeH5, type H5Suite } from './boot';

let { emu, seed, chrome } = {} as H5Suite;
const MEMBER = 'o_h5_code_member';

const digitsOn = async (page: AppPage) =>
  ((await page.locator('.member-code-live__digits').textContent()) ?? '').replace(/\s/g, '');
/** The bars as drawn: each child's colour and width in modules (the narrowest run is one). */
const barsOn = (page: AppPage) =>
  page.locator('.member-code-live__bars > *').evaluateAll((els) => {
    const widths = els.map((el) => el.getBoundingClientRect().width);
    const unit = Math.min(...widths);
    return els.map((el, i) => ({
      dark: el.classList.contains('member-code-live__bar'),
      modules: Math.round(widths[i] / unit),
    }));
  });
const qrOn = (page: AppPage) => page.locator('.member-code-live__qr img').getAttribute('src');

beforeAll(async () => {
  ({ emu, seed, chrome } = await bootH5());
  const clerk = seed.clerks.find((c) => c.storeId === 'S001')!;
  const res = await emu.call<Reply<unknown>>(
    'member',
    {
      action: 'signup',
      phoneCode: 'dev_13900008811_c1',
      scene: emu.sceneFor('S001', clerk.id),
      consentVersion: defaultSettings.privacy.consentVersion,
    },
    MEMBER,
  );
  if (!res.ok) throw new Error(res.error.message);
});

afterAll(() => closeH5({ emu, chrome }));

describe('h5: the member code as a barcode and a QR code', () => {
  it('draws the code in digits, Code 128 bars and a QR code, and all three rotate together', async () => {
    const page = await chrome.openApp({
      baseUrl: emu.url,
      openid: MEMBER,
      route: 'pages/card/index',
    });
    await page.locator('.member-code-live__qr img').waitFor();
    const code = await digitsOn(page);
    expect(code).toMatch(/^88\d{16}$/);
    expect(await barsOn(page)).toEqual(code128Runs(code));
    expect(await qrOn(page)).toBe(qrDataUrl(code));
    await shot(page, 'member-code');

    await emu.travel({ advanceMs: 60_000 });
    await page.reload();
    await page.locator('.member-code-live__qr img').waitFor();
    const later = await digitsOn(page);
    expect(later).not.toBe(code);
    expect(await barsOn(page)).toEqual(code128Runs(later));
    expect(await qrOn(page)).toBe(qrDataUrl(later));
    await shot(page, 'member-code-rotated', { fullPage: false });
    expect(page.consoleErrors).toEqual([]);
  });
});

describe('h5: the way in for staff', () => {
  it('shows 「店员入口」 in the landing footer to a visitor and opens the invite step', async () => {
    const page = await chrome.openApp({
      baseUrl: emu.url,
      openid: 'o_h5_new_clerk',
      route: 'pages/landing/index',
    });
    await page.locator('#staff-entry-link').waitFor();
    expect(await page.locator('#staff-entry-link').textContent()).toBe('店员入口');
    await shot(page, 'landing-staff-entry');
    await page.locator('#staff-entry-link').click();
    await page.locator('#go-bind').waitFor();
    expect(await page.locator('[data-testid=not-staff]').textContent()).toContain(
      '这个微信号还没有绑定员工身份',
    );
  });

  it('shows 「店员入口」 at the foot of the card', async () => {
    const page = await chrome.openApp({
      baseUrl: emu.url,
      openid: MEMBER,
      route: 'pages/card/index',
    });
    await page.locator('#staff-entry-link').waitFor();
    await shot(page, 'card-staff-entry');
    await page.locator('#staff-entry-link').click();
    await page.locator('#go-bind').waitFor();
  });

  it('titles HQ’s workbench 总部工作台 without store tools, and says why HQ does not ring up sales', async () => {
    const home = await chrome.openApp({
      baseUrl: emu.url,
      openid: seed.hq.openid,
      route: 'staff/pages/home/index',
    });
    await home.locator('.workbench__title').waitFor();
    expect(await home.locator('.workbench__title').textContent()).toBe('总部工作台');
    expect(await home.locator('#tool-till').count()).toBe(0);
    expect(await home.locator('#tool-invite').count()).toBe(1);
    await shot(home, 'hq-workbench');

    const till = await chrome.openApp({
      baseUrl: emu.url,
      openid: seed.hq.openid,
      route: 'staff/pages/till/index',
    });
    await till.locator('[data-testid=forbidden]').waitFor();
    expect(await till.locator('.staff-block__title').textContent()).toBe('这是门店员工使用的功能');
    expect(await till.locator('#go-workbench').textContent()).toBe('返回总部工作台');
    await shot(till, 'hq-till');

    const manager = seed.managers[0];
    const mine = await chrome.openApp({
      baseUrl: emu.url,
      openid: manager.openid,
      route: 'staff/pages/home/index',
    });
    await mine.locator('.workbench__title').waitFor();
    expect(await mine.locator('.workbench__title').textContent()).toBe('店长工作台');
  });
});
