/**
 * The landing page in the compiled mini-program, on what costs money or breaks signups:
 * WeChat's privacy listener is registered once for the app and resolved only by the agree
 * button's own event; two quick phone events while a signup is in flight call signup once
 * (each number WeChat hands over is billed) and the native phone button is disabled; the
 * privacy notice and its version come from the server's settings, and a notice changed
 * after the page loaded is shown again and agreed to before signup succeeds.
 */
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { startTestEmulator, type TestEmulator } from '../support/emulator';
import type { MinimalSeed } from '../../scripts/seed/minimal';
import { launchWeapp, type WeappApp, type WeappPage } from './harness';
import { ensureTaroBuilt } from './taroBuild';
import { waitFor } from '../support/waitFor';

let emu: TestEmulator;
let seed: MinimalSeed;
let app: WeappApp;

const DEFAULT_PROMISE = '手机号只用于会员服务；促销信息须您另行同意才会发送，可随时关闭';
const BUMPED = {
  consentVersion: '2027-03',
  promise: '手机号只用于会员服务与到店提醒；促销信息须您另行同意',
  facts: [
    { label: '只收集', text: '您的手机号' },
    { label: '用于', text: '识别会员身份并发送到店提醒' },
  ],
};

function setNotice(privacy: typeof BUMPED | null) {
  emu.database.drop('settings');
  if (privacy) emu.database.insertMany('settings', [{ _id: 'loyalty', privacy }]);
}

async function openLanding(openid: string, storeIndex = 0): Promise<WeappPage> {
  app.setOpenid(openid);
  await app.reLaunch('pages/index/index', {
    scene: encodeURIComponent(emu.sceneFor(seed.stores[storeIndex].id)),
  });
  const landing = await app.waitForPage('pages/landing/index');
  await landing.waitForText(seed.stores[storeIndex].name);
  return landing;
}

const signupCalls = () => app.calls.filter((c) => c.data.action === 'signup');

beforeAll(async () => {
  const dist = await ensureTaroBuilt('weapp');
  emu = await startTestEmulator();
  seed = await emu.seedMinimal();
  app = await launchWeapp({ gatewayUrl: emu.url, openid: 'o_weapp_privacy_0', distDir: dist });
});

afterAll(async () => {
  app?.close();
  await emu?.stop();
});

describe('weapp: privacy agreement', () => {
  it('registers the privacy listener once, at app level, however many pages open', async () => {
    await openLanding('o_weapp_privacy_1');
    expect(app.privacy.listeners()).toBe(1);
    await openLanding('o_weapp_privacy_1', 1);
    expect(app.privacy.listeners()).toBe(1);
  });

  it("resolves WeChat's wait only on the agree button's event, never on a tap", async () => {
    const landing = await openLanding('o_weapp_privacy_2');
    await landing.waitForText(DEFAULT_PROMISE);
    const waiting = app.privacy.need();
    await landing.waitForText('请先阅读并同意隐私保护说明');

    // a tap first, then the agree event: WeChat's wait is answered once, so had the tap
    // answered it, `waiting` would hold the tap's answer — no sleep needed to prove it did not
    await landing.tap('#agree-privacy');
    await landing.trigger('#agree-privacy', 'agreeprivacyauthorization');
    expect(await waiting).toEqual({ buttonId: 'agree-privacy', event: 'agree' });
    await landing.waitFor('#get-phone');
  });
});

describe('weapp: the privacy agreement on other pages', () => {
  it('the privacy page asks in a sheet; only its agree event, or 不同意, answers WeChat', async () => {
    const landing = await openLanding('o_weapp_privacy_gate');
    await landing.trigger('#agree-privacy', 'agreeprivacyauthorization');
    await landing.trigger('#get-phone', 'getphonenumber', {
      code: 'dev_13955550009_a',
      errMsg: 'getPhoneNumber:ok',
    });
    await landing.waitFor('.landing__done-headline');
    await app.reLaunch('pages/privacy/index');
    const page = await app.waitForPage('pages/privacy/index');
    await page.waitForText(DEFAULT_PROMISE);
    expect(page.exists('#agree-privacy-gate')).toBe(false);

    const waiting = app.privacy.need();
    await page.waitFor('#agree-privacy-gate');
    expect(page.text()).toContain('复制您的数据到剪贴板，需要您先阅读并同意《用户隐私保护指引》');
    await page.tap('#agree-privacy-gate'); // a tap answers nothing: `waiting` holds the first answer
    await page.trigger('#agree-privacy-gate', 'agreeprivacyauthorization');
    expect(await waiting).toEqual({ buttonId: 'agree-privacy-gate', event: 'agree' });
    // the sheet closes on the next render
    await waitFor(() => expect(page.exists('#agree-privacy-gate')).toBe(false));

    const again = app.privacy.need();
    await page.tap('#decline-privacy-gate');
    expect(await again).toEqual({ event: 'disagree' });
    expect(app.privacy.listeners()).toBe(1);
  });
});

describe('weapp: the phone button', () => {
  it('two quick getphonenumber events call signup once, with the native button disabled meanwhile', async () => {
    const landing = await openLanding('o_weapp_privacy_3');
    await landing.waitForText(DEFAULT_PROMISE);
    await landing.trigger('#agree-privacy', 'agreeprivacyauthorization');
    const before = signupCalls().length;

    await Promise.all([
      landing.trigger('#get-phone', 'getphonenumber', {
        code: 'dev_13955550001_a',
        errMsg: 'getPhoneNumber:ok',
      }),
      landing.trigger('#get-phone', 'getphonenumber', {
        code: 'dev_13955550001_b',
        errMsg: 'getPhoneNumber:ok',
      }),
    ]);
    await landing.waitForText('正在注册…');
    expect(landing.nativeProp('#get-phone', 'disabled')).toBe(true);
    await landing.waitFor('.landing__done-headline');

    const calls = signupCalls().slice(before);
    expect(calls).toHaveLength(1);
    expect(calls[0].data.phoneCode).toBe('dev_13955550001_a');
  });
});

describe('weapp: the privacy notice from settings', () => {
  afterAll(() => setNotice(null));

  it("shows the server's notice and sends its version back", async () => {
    setNotice(BUMPED);
    const landing = await openLanding('o_weapp_privacy_4');
    await landing.waitForText(BUMPED.promise);
    for (const f of BUMPED.facts) expect(landing.text()).toContain(f.text);
    expect(landing.text()).not.toContain('导出资料或注销会员');
    expect(landing.text()).toContain('（2027-03 版）');

    await landing.trigger('#agree-privacy', 'agreeprivacyauthorization');
    await landing.trigger('#get-phone', 'getphonenumber', {
      code: 'dev_13955550002_a',
      errMsg: 'getPhoneNumber:ok',
    });
    await landing.waitFor('.landing__done-headline');
    expect(signupCalls().at(-1)?.data.consentVersion).toBe('2027-03');
  });

  it('a notice changed after the page loaded is shown again, and signup succeeds with it', async () => {
    setNotice(null);
    const landing = await openLanding('o_weapp_privacy_5');
    await landing.waitForText(DEFAULT_PROMISE);
    await landing.trigger('#agree-privacy', 'agreeprivacyauthorization');
    setNotice(BUMPED); // HQ publishes a new notice while the shopper is on the page

    await landing.trigger('#get-phone', 'getphonenumber', {
      code: 'dev_13955550003_a',
      errMsg: 'getPhoneNumber:ok',
    });
    await landing.waitForText('隐私保护说明已更新，请阅读新版本后重新同意');
    await landing.waitForText(BUMPED.promise);
    expect(landing.exists('#get-phone')).toBe(false);
    const refused = signupCalls().at(-1)!;
    expect(refused.data.consentVersion).toBe('2026-12');
    expect(refused.result).toMatchObject({ ok: false, error: { code: 'CONSENT.OUTDATED' } });

    await landing.trigger('#agree-privacy', 'agreeprivacyauthorization');
    await landing.trigger('#get-phone', 'getphonenumber', {
      code: 'dev_13955550003_b',
      errMsg: 'getPhoneNumber:ok',
    });
    await landing.waitFor('.landing__done-headline');
    const accepted = signupCalls().at(-1)!;
    expect(accepted.data.consentVersion).toBe('2027-03');
    expect(accepted.result).toMatchObject({ ok: true, data: { created: true } });
  });
});
