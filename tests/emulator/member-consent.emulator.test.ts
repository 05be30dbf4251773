/**
 * Withdrawing the privacy consent, as the privacy page offers it: the membership stays
 * (points, coupons), every message stops (consent cleared, marketing with it, unspent
 * credits zeroed, a greeting due is skipped for want of consent), each change is logged in
 * `consents`; giving it again agrees to the current notice only.
 */
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { startTestEmulator, type TestEmulator } from '../support/emulator';
import { shanghaiTime } from '../../src/domain/calendar';
import { defaultSettings } from '../../src/domain/settings';
import { CONSENT_VERSION, member, memberOk, signUp, snapshot } from './support/memberJourney';

const TPL = { birthday: 'TPL_BIRTHDAY_GREETING', level: 'TPL_LEVEL_CHANGED' };
const OPENID = 'o_consent_1';

describe('privacy consent withdrawal', () => {
  let emu: TestEmulator;
  let memberId = '';
  type MemberDoc = {
    status: string;
    points: unknown;
    consent: { privacy: { version: string; at: number } | null; marketing: unknown };
  };
  const doc = () =>
    emu.database.find('members', { _id: memberId }, { limit: 1 })[0] as unknown as MemberDoc;
  /** the consent log as [kind, granted, version, channel], ordered by time (same instant: by kind) */
  const log = () =>
    emu.database
      .find('consents', { memberId }, { limit: 50 })
      .sort((a, b) => Number(a.at) - Number(b.at) || String(a.kind).localeCompare(String(b.kind)))
      .map((c) => [c.kind, c.granted, c.version, c.channel]);
  const credits = () =>
    emu.database
      .find('subscriptions', { memberId }, { limit: 10, sort: { _id: 1 } })
      .map((s) => [s.purpose, s.credits]);

  beforeAll(async () => {
    emu = await startTestEmulator();
    await emu.seedMinimal();
    emu.clock.set(shanghaiTime(2026, 12, 1, 12));
    memberId = (await signUp(emu, OPENID, '13744440001', emu.sceneFor('S001'))).memberId;
    await memberOk(emu, OPENID, 'updateProfile', {
      name: '林小姐',
      gender: 'female',
      birthday: { month: 12, day: 10, year: 1990 },
    });
    await memberOk(emu, OPENID, 'setMarketingConsent', { granted: true });
    emu.openApi.grantSubscription(OPENID, [TPL.birthday, TPL.level], emu.clock.now());
    await memberOk(emu, OPENID, 'recordSubscriptions', {
      results: { [TPL.birthday]: 'accept', [TPL.level]: 'accept' },
    });
  });
  afterAll(async () => {
    await emu?.stop();
  });

  it('signs up on the current notice version', () => {
    expect(CONSENT_VERSION).toBe(defaultSettings.privacy.consentVersion);
    expect(doc().consent.privacy).toMatchObject({ version: CONSENT_VERSION });
  });

  it('withdraws: consent and marketing cleared, credits zeroed, both logged; points and coupons kept', async () => {
    const before = doc();
    const coupons = emu.database.find('coupons', { memberId }, { limit: 10 });
    expect(credits()).toEqual([
      ['birthday', 1],
      ['levelChanged', 1],
    ]);

    emu.clock.set(emu.clock.now() + 60_000);
    const view = await memberOk(emu, OPENID, 'setPrivacyConsent', { granted: false });
    expect(view).toMatchObject({ privacyConsent: null, marketingConsent: false, name: '林小姐' });

    const after = doc();
    expect(after.consent).toEqual({ privacy: null, marketing: null });
    expect(after.status).toBe('active');
    expect(after.points).toEqual(before.points);
    expect(emu.database.find('coupons', { memberId }, { limit: 10 })).toEqual(coupons);
    expect(credits()).toEqual([
      ['birthday', 0],
      ['levelChanged', 0],
    ]);
    expect(log()).toEqual([
      ['privacy', true, CONSENT_VERSION, 'signup'],
      ['marketing', true, CONSENT_VERSION, 'profile'],
      ['marketing', false, CONSENT_VERSION, 'profile'],
      ['privacy', false, CONSENT_VERSION, 'profile'],
    ]);
    // still a member: the card opens
    expect((await memberOk(emu, OPENID, 'me')).status).toBe('member');
  });

  it('withdrawing again changes and logs nothing', async () => {
    const before = snapshot(emu);
    expect(await memberOk(emu, OPENID, 'setPrivacyConsent', { granted: false })).toMatchObject({
      privacyConsent: null,
    });
    expect(snapshot(emu)).toBe(before);
  });

  it('takes no subscription while withdrawn, and the birthday greeting is not sent', async () => {
    const before = snapshot(emu);
    expect(
      await member(emu, OPENID, 'recordSubscriptions', { results: { [TPL.birthday]: 'accept' } }),
    ).toMatchObject({ ok: false, error: { code: 'CONSENT.REQUIRED' } });
    expect(snapshot(emu)).toBe(before);

    // a credit WeChat still holds (and one we count) does not bring a message either
    const subs = emu.database.find('subscriptions', {}, { limit: 100 });
    emu.database.drop('subscriptions');
    emu.database.insertMany(
      'subscriptions',
      subs.map((s) =>
        s.memberId === memberId && s.purpose === 'birthday' ? { ...s, credits: 1 } : s,
      ),
    );
    emu.clock.set(shanghaiTime(2026, 12, 9, 9));
    const trigger = emu.scheduler.schedule().find((t) => t.functionName === 'automations')!;
    const firing = await emu.scheduler.fireNow(trigger);
    expect(firing.result.ok).toBe(true);
    const outbox = emu.database.find('outbox', { memberId }, { limit: 10 });
    expect(outbox.map((m) => [m.purpose, m.state, m.skipReason])).toEqual([
      ['birthday', 'skipped', 'noConsent'],
    ]);
    expect(
      emu.openApi.outbox
        .list({ channel: 'subscribe', touser: OPENID })
        .filter((m) => m.status === 'delivered'),
    ).toEqual([]);
  });

  it('gives it again only to the current notice, and logs it', async () => {
    const before = snapshot(emu);
    expect(
      await member(emu, OPENID, 'setPrivacyConsent', { granted: true, consentVersion: '2020-01' }),
    ).toMatchObject({ ok: false, error: { code: 'CONSENT.OUTDATED' } });
    expect(snapshot(emu)).toBe(before);

    const at = emu.clock.now();
    const view = await memberOk(emu, OPENID, 'setPrivacyConsent', {
      granted: true,
      consentVersion: CONSENT_VERSION,
    });
    expect(view).toMatchObject({
      privacyConsent: { version: CONSENT_VERSION },
      marketingConsent: false,
    });
    expect(view.privacyConsent!.at).toBeGreaterThanOrEqual(at);
    expect(doc().consent.privacy).toEqual(view.privacyConsent);
    expect(log().at(-1)).toEqual(['privacy', true, CONSENT_VERSION, 'profile']);
    const logged = log().length;
    // a retried tap: nothing more
    await memberOk(emu, OPENID, 'setPrivacyConsent', {
      granted: true,
      consentVersion: CONSENT_VERSION,
    });
    expect(log()).toHaveLength(logged);

    emu.openApi.grantSubscription(OPENID, [TPL.level], emu.clock.now());
    expect(
      (
        await memberOk(emu, OPENID, 'recordSubscriptions', {
          results: { [TPL.level]: 'accept' },
        })
      ).credits,
    ).toEqual({ birthday: 1, levelChanged: 1, offer: 0, couponExpiring: 0, pointsChanged: 0 });
  });

  it('refuses visitors', async () => {
    expect(
      await member(emu, 'o_consent_visitor', 'setPrivacyConsent', { granted: false }),
    ).toMatchObject({ ok: false, error: { code: 'AUTH.NOT_MEMBER' } });
  });
});
