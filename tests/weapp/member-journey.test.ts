/**
 * The member pages in the compiled mini-program, against the real `member` function in the
 * emulator: signup from a checkout code → subscription at the success screen (WeChat's
 * dialog stubbed to accept and to record the accept like WeChat does) → the card with level,
 * points and member code → the wallet with the new-member coupon and its code → the
 * profile, whose first completion earns the points once.
 */
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import type { CardView, CouponView } from '@/contracts/member';
import type { Reply } from '@/contracts/reply';
import { startTestEmulator, type TestEmulator } from '../support/emulator';
import type { MinimalSeed } from '../../scripts/seed/minimal';
import { launchWeapp, type WeappApp } from './harness';
import { ensureTaroBuilt } from './taroBuild';
import { waitFor } from '../support/waitFor';
import { DAY_MS, startOfShanghaiDay } from '../../src/domain/calendar';
import { amountOffTemplate } from '../../src/domain/chainCoupons';
import { DEFAULT_AUTOMATIONS } from '../../src/domain/automations/definitions';

const OPENID = 'o_weapp_member_1';
const PHONE = '13900000101';
/** only what is sent today: birthday greeting, level change */
const MEMBER_TEMPLATES = ['TPL_BIRTHDAY_GREETING', 'TPL_LEVEL_CHANGED', 'TPL_MEMBER_OFFER'];

let emu: TestEmulator;
let seed: MinimalSeed;
let app: WeappApp;
/** template ids of each subscription dialog WeChat was asked to show */
const dialogs: string[][] = [];

beforeAll(async () => {
  const dist = await ensureTaroBuilt('weapp');
  emu = await startTestEmulator();
  seed = await emu.seedMinimal();
  app = await launchWeapp({ gatewayUrl: emu.url, openid: OPENID, distDir: dist });

  // WeChat's subscription dialog: the member allows everything asked; WeChat keeps the
  // accepts as send credits (the emulator stands in for that part of WeChat).
  // eslint-disable-next-line @typescript-eslint/no-explicit-any
  const wx = (globalThis as any).wx;
  wx.requestSubscribeMessage = (o: {
    tmplIds: string[];
    success?: (r: unknown) => void;
    complete?: (r: unknown) => void;
  }) => {
    dialogs.push(o.tmplIds);
    void fetch(`${emu.url}/__emulator/subscriptions`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ openid: OPENID, templateIds: o.tmplIds }),
    }).then(() => {
      const res = {
        errMsg: 'requestSubscribeMessage:ok',
        ...Object.fromEntries(o.tmplIds.map((id) => [id, 'accept'])),
      };
      o.success?.(res);
      o.complete?.(res);
    });
  };
});

afterAll(async () => {
  app?.close();
  await emu?.stop();
});

function lastReply<T>(action: string): Reply<T> {
  const call = [...app.calls].reverse().find((c) => c.data.action === action);
  if (!call) throw new Error(`no ${action} call was made`);
  return call.result as Reply<T>;
}
function lastData<T>(action: string): T {
  const reply = lastReply<T>(action);
  if (!reply.ok) throw new Error(`${action} failed: ${reply.error.code} ${reply.error.message}`);
  return reply.data;
}

describe('weapp: member pages', () => {
  it('signs up, turns on reminders, and shows the card with level, points and member code', async () => {
    const store = seed.stores[0];
    const clerk = seed.clerks.find((c) => c.storeId === store.id)!;
    await app.reLaunch('pages/index/index', {
      scene: encodeURIComponent(emu.sceneFor(store.id, clerk.id)),
    });
    const landing = await app.waitForPage('pages/landing/index');
    await landing.waitForText(store.name);
    // the gift shown before signup is the configured one
    await landing.waitForText('¥10');
    expect(app.calls.some((c) => c.data.action === 'getSettings')).toBe(true);

    await landing.trigger('#agree-privacy', 'agreeprivacyauthorization');
    await landing.trigger('#get-phone', 'getphonenumber', {
      code: `dev_${PHONE}_w1`,
      errMsg: 'getPhoneNumber:ok',
    });
    await landing.waitFor('.landing__done-headline');
    expect(landing.textOf('.landing__done-headline')).toBe('¥10 无门槛券已到账');

    // a natural tap right after signup asks for the reminders
    await landing.tap('#subscribe');
    await landing.waitFor('.landing__subscribe-done');
    expect(dialogs[0]).toEqual(MEMBER_TEMPLATES);
    const recorded = app.calls.find((c) => c.data.action === 'recordSubscriptions')!;
    expect(recorded.data.results).toEqual(
      Object.fromEntries(MEMBER_TEMPLATES.map((id) => [id, 'accept'])),
    );
    expect(lastData<{ credits: Record<string, number> }>('recordSubscriptions').credits).toEqual({
      birthday: 1,
      levelChanged: 1,
      offer: 1,
      couponExpiring: 0,
      pointsChanged: 0,
    });
    expect(landing.textOf('.landing__subscribe-done')).toBe(
      '生日祝福还可接收 1 次，等级提醒还可接收 1 次，福利提醒还可接收 1 次',
    );

    await landing.tap('#go-card');
    const card = await app.waitForPage('pages/card/index');
    await card.waitFor('.member-card__level');
    const view = lastData<CardView>('getCard');
    expect(card.textOf('.member-card__level')).toBe('普通会员');
    expect(card.textOf('.member-card__stat-value')).toBe('0');
    expect(view.couponsUnused).toBe(1);
    expect(card.textOf('.entry-item__badge')).toBe('1');
    expect(card.textOf('.member-code-live__digits').replace(/\s/g, '')).toMatch(/^88\d{16}$/);
    expect(card.textOf('.profile-nudge__title')).toBe('完善资料送 50 积分');
    expect(card.exists('.birthday')).toBe(false);

    const member = emu.database.find('members', { _id: view.memberId })[0];
    expect(member).toMatchObject({ homeStoreId: store.id, clerkId: clerk.id });
  });

  it('opens the wallet from the card: the new-member coupon, its rules and its code', async () => {
    const card = app.current();
    await card.tap('#entry-wallet');
    const wallet = await app.waitForPage('pages/wallet/index');
    await wallet.waitFor('.coupon');
    const { coupons } = lastData<{ coupons: CouponView[] }>('listCoupons');
    expect(coupons).toHaveLength(1);
    const gift = coupons[0];
    expect(gift).toMatchObject({ source: 'signup', status: 'unused', amountFen: 1000 });
    expect(wallet.textOf('.coupon__title')).toBe(gift.title);
    expect(wallet.textOf('.coupon__value')).toBe('10');
    expect(wallet.textOf('.coupon__threshold')).toBe('无门槛');
    await wallet.waitForText('未使用 1');
    expect(wallet.textOf('.wallet__tab--active')).toBe('未使用 1');

    // first open: the coupon-expiry reminder is offered with the birthday gift and offers,
    // asked only on the member's tap, in one dialog
    expect(wallet.textOf('.remind-banner__title')).toBe('开启到期提醒、生日祝福与福利提醒');
    expect(wallet.exists('#wallet-subscribe')).toBe(true);
    expect(dialogs).toHaveLength(1);
    await wallet.tap('#wallet-subscribe');
    await wallet.waitForText('到期提醒还可接收 1 次，生日祝福还可接收 2 次，福利提醒还可接收 2 次');
    expect(dialogs[1]).toEqual([
      'TPL_COUPON_EXPIRING',
      'TPL_BIRTHDAY_GREETING',
      'TPL_MEMBER_OFFER',
    ]);

    await wallet.tap('.coupon');
    await wallet.waitFor('.code-sheet__code');
    const stored = emu.database.find('coupons', { _id: gift.id })[0] as { code: string };
    expect(wallet.textOf('.code-sheet__code').replace(/\s/g, '')).toBe(stored.code);
    await wallet.tap('#close-code');
    await waitFor(() => expect(wallet.exists('.code-sheet__code')).toBe(false));

    await wallet.tap('.wallet-tab-used');
    await wallet.waitForText('还没有用过优惠券');
    expect(lastReply('listCoupons')).toEqual({ ok: true, data: { coupons: [] } });
  });

  it('saves the profile once for points and locks the birthday', async () => {
    const profile = await app.reLaunch('pages/profile/index');
    await profile.waitFor('#save-profile');
    expect(profile.text()).toContain('完善资料送 50 积分');

    await profile.input('.profile__name', '林小雨');
    await profile.tap('.gender-female');
    await profile.trigger('#birthday-picker', 'change', { value: '1992-03-08' });
    await profile.waitForText('1992年3月8日');
    await profile.tap('.pref-0');
    await profile.tap('#save-profile');
    await profile.waitFor('.profile__result');
    expect(profile.textOf('.profile__result')).toBe('资料已完善，获得 50 积分');

    const saved = app.calls.find((c) => c.data.action === 'updateProfile')!;
    expect(saved.data).toEqual({
      action: 'updateProfile',
      name: '林小雨',
      gender: 'female',
      birthday: { year: 1992, month: 3, day: 8 },
      preferences: ['家居清洁'],
    });
    expect(profile.text()).toContain('生日如需修改请联系门店店员');
    expect(profile.exists('#birthday-picker')).toBe(false);

    // saving again changes preferences but awards nothing more
    await profile.tap('.pref-1');
    await profile.tap('#save-profile');
    await profile.waitForText('资料已保存');
    expect(lastData<{ pointsAwarded: number }>('updateProfile').pointsAwarded).toBe(0);

    const card = await app.reLaunch('pages/card/index');
    await card.waitFor('.member-card__level');
    expect(card.textOf('.member-card__stat-value')).toBe('50');
    expect(card.textOf('.member-card__name')).toBe('林小雨');
    expect(card.exists('.profile-nudge')).toBe(false);
  });

  it('a day on without a first order: the first-order coupon, and its message on the card from 09:00, marked read', async () => {
    emu.database.insertMany('couponTemplates', [
      { _id: 'auto-first-order', name: '新人首单 ¥10 无门槛', ...amountOffTemplate(1_000, 7) },
    ]);
    // HQ holds nobody out of this one (the default 10% would make this test a lottery)
    emu.database.insertMany('settings', [
      {
        _id: 'automations',
        automations: DEFAULT_AUTOMATIONS.map((a) =>
          a.key === 'firstOrder' ? { ...a, holdoutPercent: 0 } : a,
        ),
        version: 1,
        updatedAt: 0,
        updatedBy: 'HQ01',
      },
    ]);
    const member = emu.database.find('members', { phone: PHONE }, { limit: 1 })[0] as {
      createdAt: number;
    };
    // the automations' morning window on the first day 24 hours after signing up
    const dayAfter = member.createdAt + DAY_MS;
    let morning = startOfShanghaiDay(dayAfter) + 5.5 * 3_600_000;
    if (morning < dayAfter) morning += DAY_MS;
    emu.clock.set(morning);
    const trigger = emu.scheduler.schedule().find((t) => t.functionName === 'automations')!;
    expect((await emu.scheduler.fireNow(trigger)).result).toMatchObject({
      ok: true,
      result: { byAutomation: { firstOrder: { acted: 1 } } },
    });
    emu.clock.set(morning + 4 * 3_600_000); // 09:30: past quiet hours
    const card = await app.reLaunch('pages/card/index');
    await card.waitFor('.notices');
    expect(card.textOf('.notices .section-title')).toContain('1 条未读');
    expect(card.textOf('.notice__title')).toBe('新人专享');
    expect(card.textOf('.notice__text')).toBe('首单优惠券已到账');
    expect(card.exists('.notice__dot')).toBe(true);
    await card.tap('#notices-read');
    // the dot and the link go in the same render; the page may reach the view in two updates
    await waitFor(() => !card.exists('.notice__dot') && !card.exists('#notices-read'));
    const again = await app.reLaunch('pages/card/index');
    await again.waitFor('.notices');
    expect(again.exists('.notice__dot')).toBe(false);
  });

  it('copies the exported data to the clipboard and deletes the account after 「注销」 is typed', async () => {
    // eslint-disable-next-line @typescript-eslint/no-explicit-any
    const wx = (globalThis as any).wx;
    const clipboard: string[] = [];
    wx.setClipboardData = (o: {
      data: string;
      success?: (r: unknown) => void;
      complete?: (r: unknown) => void;
    }) => {
      clipboard.push(o.data);
      const res = { errMsg: 'setClipboardData:ok' };
      setTimeout(() => {
        o.success?.(res);
        o.complete?.(res);
      });
    };

    const privacy = await app.reLaunch('pages/privacy/index');
    await privacy.waitFor('.privacy__consent-record');
    expect(privacy.textOf('.privacy__consent-record')).toContain('（2026-12 版）');

    await privacy.tap('#export-data');
    await privacy.waitFor('.privacy__exported');
    expect(clipboard).toHaveLength(1);
    const exported = JSON.parse(clipboard[0]) as {
      data: { member: { phone: string; name: string } };
    };
    expect(exported.data.member).toMatchObject({ phone: PHONE, name: '林小雨' });
    expect(privacy.textOf('.privacy__exported-text')).toContain('会员资料 1 条');
    expect(privacy.exists('.privacy__download')).toBe(false);

    await privacy.tap('#delete-account');
    await privacy.waitFor('.delete-sheet__input');
    await privacy.tap('#confirm-delete');
    expect(app.calls.some((c) => c.data.action === 'deleteAccount')).toBe(false);
    await privacy.input('.delete-sheet__input', '注销');
    await privacy.tap('#confirm-delete');
    await privacy.waitForText('会员已注销');
    expect(lastData<{ deleted: true }>('deleteAccount')).toEqual({ deleted: true });

    await privacy.tap('#after-delete');
    const landing = await app.waitForPage('pages/landing/index');
    await landing.waitFor('#agree-privacy');
    expect(lastData<{ status: string }>('me')).toEqual({ status: 'visitor' });
  });
});
