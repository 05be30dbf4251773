/**
 * The thin slice in the compiled mini-program: a shopper scans a store's checkout code,
 * reads the privacy promise, agrees, shares the phone number and lands on the member card,
 * against the real `member` function running in the emulator.
 */
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import type { CardView, SceneInfo } from '@/contracts/member';
import type { Reply } from '@/contracts/reply';
import { LEVEL_NAMES } from '@/domain/levels';
import { formatFen } from '@/domain/money';
import { defaultSettings } from '@/domain/settings';
import { startTestEmulator, type TestEmulator } from '../support/emulator';
import type { MinimalSeed } from '../../scripts/seed/minimal';
import { launchWeapp, type WeappApp } from './harness';
import { ensureTaroBuilt } from './taroBuild';

type SignupOut = {
  memberId: string;
  created: boolean;
  giftCoupon: { amountFen: number } | null;
  giftRefusal: string | null;
};

let emu: TestEmulator;
let seed: MinimalSeed;
let app: WeappApp;

beforeAll(async () => {
  const dist = await ensureTaroBuilt('weapp');
  emu = await startTestEmulator();
  seed = await emu.seedMinimal();
  app = await launchWeapp({ gatewayUrl: emu.url, openid: 'o_weapp_shopper_1', distDir: dist });
});

afterAll(async () => {
  app?.close();
  await emu?.stop();
});

const replyOf = <T>(action: string): Reply<T> => {
  const call = [...app.calls].reverse().find((c) => c.data.action === action);
  if (!call) throw new Error(`no ${action} call was made`);
  return call.result as Reply<T>;
};

describe('weapp: scan → agree → phone → card', () => {
  it('signs a shopper up from a clerk checkout code and shows the new card', async () => {
    const store = seed.stores[0];
    const clerk = seed.clerks.find((c) => c.storeId === store.id)!;
    const scene = emu.sceneFor(store.id, clerk.id);

    // WeChat opens the entry page with the 小程序码's scene, URL-encoded
    await app.reLaunch('pages/index/index', { scene: encodeURIComponent(scene) });
    const landing = await app.waitForPage('pages/landing/index');
    await landing.waitForText(store.name);

    const resolved = replyOf<SceneInfo>('resolveScene');
    expect(resolved).toEqual({
      ok: true,
      data: expect.objectContaining({ storeId: store.id, storeName: store.name }),
    });
    expect(landing.textOf('.landing__store')).toBe(store.name);
    expect(landing.textOf('.landing__clerk')).toBe(`导购 ${clerk.name} 为您服务`);
    // the privacy notice as the server's settings hold it (getPrivacyNotice)
    await landing.waitForText('手机号只用于会员服务；促销信息须您另行同意才会发送，可随时关闭');
    // nothing personal is asked for before the agreement
    expect(landing.exists('#get-phone')).toBe(false);

    await landing.trigger('#agree-privacy', 'agreeprivacyauthorization');
    await landing.waitFor('#get-phone');
    await landing.trigger('#get-phone', 'getphonenumber', {
      code: 'dev_13900000001_t1',
      errMsg: 'getPhoneNumber:ok',
    });
    await landing.waitFor('.landing__done-headline');

    const signupCall = app.calls.find((c) => c.data.action === 'signup')!;
    expect(signupCall.data).toEqual({
      action: 'signup',
      phoneCode: 'dev_13900000001_t1',
      scene,
      consentVersion: '2026-12',
    });
    const signup = replyOf<SignupOut>('signup');
    if (!signup.ok) throw new Error(`signup failed: ${signup.error.code} ${signup.error.message}`);
    expect(signup.data.created).toBe(true);
    const gift = signup.data.giftCoupon;
    expect(landing.textOf('.landing__done-headline')).toBe(
      gift ? `${formatFen(gift.amountFen)} 无门槛券已到账` : '注册成功',
    );

    await landing.tap('#go-card');
    const card = await app.waitForPage('pages/card/index');
    await card.waitFor('.member-card__level');

    const got = replyOf<CardView>('getCard');
    if (!got.ok) throw new Error(`getCard failed: ${got.error.code}`);
    expect(got.data.level).toBe('normal');
    expect(got.data.points.balance).toBe(0);
    expect(card.textOf('.member-card__level')).toBe(LEVEL_NAMES[got.data.level]);
    expect(card.textOf('.member-card__level')).toBe('普通会员');
    expect(card.textOf('.member-card__stat-value')).toBe(String(got.data.points.balance));
    expect(card.text()).toContain(got.data.phoneMasked);
    expect(got.data.phoneMasked).not.toContain('13900000001');
    expect(card.text()).toContain('还没有消费记录');
    expect(card.textOf('.member-card__progress-text')).toBe(got.data.levelProgress.text);
    // the rotating member code is drawn on the phone from the member's key
    expect(card.textOf('.member-code-live__digits').replace(/\s/g, '')).toMatch(/^88\d{16}$/);
    expect(card.text()).toContain(`会员号 ${got.data.memberNo}`);
    if (gift) expect(got.data.couponsUnused).toBeGreaterThanOrEqual(1);
  });

  it('sends a returning member straight to the card', async () => {
    await app.reLaunch('pages/index/index');
    const card = await app.waitForPage('pages/card/index');
    await card.waitFor('.member-card__level');
    expect(card.textOf('.member-card__level')).toBe('普通会员');
  });

  it('never shows the join pitch again to a member who opens the landing page', async () => {
    await app.reLaunch('pages/landing/index');
    const card = await app.waitForPage('pages/card/index');
    await card.waitFor('.member-card__level');
    expect(app.calls.filter((c) => c.data.action === 'me').at(-1)?.result).toMatchObject({
      ok: true,
      data: { status: 'member' },
    });
  });

  it('tells a shopper when the checkout code was edited, and still lets them join', async () => {
    app.setOpenid('o_weapp_shopper_2');
    const scene = emu.sceneFor(seed.stores[1].id);
    const edited = scene.slice(0, -1) + (scene.endsWith('A') ? 'B' : 'A');
    await app.reLaunch('pages/index/index', { scene: encodeURIComponent(edited) });
    const landing = await app.waitForPage('pages/landing/index');
    await landing.waitFor('.landing__scene-warning');
    expect(landing.textOf('.landing__scene-warning')).toBe('二维码无效或已被篡改，请重新扫码');
    expect(landing.text()).not.toContain(seed.stores[1].name);
    await landing.waitFor('#agree-privacy');
  });

  it('keeps the shopper on the page with a hint when the phone number is refused', async () => {
    app.setOpenid('o_weapp_shopper_3');
    await app.reLaunch('pages/index/index', {
      scene: encodeURIComponent(emu.sceneFor(seed.stores[2].id)),
    });
    const landing = await app.waitForPage('pages/landing/index');
    await landing.waitForText(seed.stores[2].name);
    await landing.trigger('#agree-privacy', 'agreeprivacyauthorization');
    await landing.trigger('#get-phone', 'getphonenumber', {
      errMsg: 'getPhoneNumber:fail user deny',
    });
    expect(landing.textOf('.error-text')).toBe('需要授权手机号才能注册会员，请再点一次');
    // beside the button that was tapped, not below the fold
    expect(landing.textOf('.landing__action')).toMatch(
      /^需要授权手机号才能注册会员，请再点一次微信手机号一键注册/,
    );
    expect(
      app.calls.some((c) => c.data.action === 'signup' && c.data.phoneCode === undefined),
    ).toBe(false);
  });

  it('shows the reply message when WeChat hands over an expired phone code', async () => {
    const landing = app.current();
    await landing.trigger('#get-phone', 'getphonenumber', {
      code: 'expired-code',
      errMsg: 'getPhoneNumber:ok',
    });
    await landing.waitForText('手机号授权已失效');
    const reply = replyOf<SignupOut>('signup');
    expect(reply.ok).toBe(false);
    if (!reply.ok) expect(landing.textOf('.error-text')).toBe(reply.error.message);
  });

  it('tells a returning phone why no new-member gift came, instead of a bare 「注册成功」', async () => {
    const openid = 'o_weapp_returning';
    const phone = '13900000009';
    // the phone joined (and had the gift), then the account was deleted
    const first = await emu.call<Reply<SignupOut>>(
      'member',
      {
        action: 'signup',
        phoneCode: `dev_${phone}_a`,
        consentVersion: defaultSettings.privacy.consentVersion,
      },
      openid,
    );
    expect(first.ok && first.data.giftCoupon !== null).toBe(true);
    expect(
      await emu.call('member', { action: 'deleteAccount', confirm: '注销' }, openid),
    ).toMatchObject({ ok: true });

    app.setOpenid(openid);
    await app.reLaunch('pages/index/index', {
      scene: encodeURIComponent(emu.sceneFor(seed.stores[0].id)),
    });
    const landing = await app.waitForPage('pages/landing/index');
    await landing.waitForText(seed.stores[0].name);
    await landing.trigger('#agree-privacy', 'agreeprivacyauthorization');
    await landing.waitFor('#get-phone');
    await landing.trigger('#get-phone', 'getphonenumber', {
      code: `dev_${phone}_b`,
      errMsg: 'getPhoneNumber:ok',
    });
    await landing.waitFor('.landing__done-headline');
    expect(replyOf<SignupOut>('signup')).toMatchObject({
      ok: true,
      data: { created: true, giftCoupon: null, giftRefusal: 'phoneGiftedBefore' },
    });
    expect(landing.textOf('.landing__done-headline')).toBe('注册成功');
    expect(landing.text()).toContain('该手机号已领取过新人礼，本次不再发放');
    expect(landing.text()).not.toContain('无门槛券已到账');
  });
});
