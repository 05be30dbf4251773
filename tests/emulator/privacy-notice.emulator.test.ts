/**
 * The privacy notice comes from settings (`getPrivacyNotice`): HQ bumps its version and
 * text without a rebuild, the page shows that text and sends that version back; a signup
 * with the version read before the bump is refused with CONSENT.OUTDATED and writes nothing.
 */
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { startTestEmulator, type TestEmulator } from '../support/emulator';
import { defaultSettings } from '../../src/domain/settings';
import { member, memberOk, phoneCode, snapshot } from './support/memberJourney';

const BUMPED = {
  consentVersion: '2027-03',
  promise: '手机号只用于会员服务与到店提醒；促销信息须您另行同意',
  facts: [
    { label: '只收集', text: '您的手机号' },
    { label: '用于', text: '识别会员身份、记录积分与优惠券、发送生日祝福和到店提醒' },
  ],
};

describe('privacy notice from settings', () => {
  let emu: TestEmulator;
  beforeAll(async () => {
    emu = await startTestEmulator();
    await emu.seedMinimal();
  });
  afterAll(async () => {
    await emu?.stop();
  });

  it('answers the default notice of settings to a visitor', async () => {
    expect(await memberOk(emu, 'o_visitor_notice', 'getPrivacyNotice')).toEqual({
      version: defaultSettings.privacy.consentVersion,
      promise: defaultSettings.privacy.promise,
      facts: defaultSettings.privacy.facts,
    });
  });

  it('after a bump in settings: the new text and version, signup with it, the old one refused', async () => {
    const before = await memberOk(emu, 'o_bump', 'getPrivacyNotice');
    emu.database.drop('settings');
    emu.database.insertMany('settings', [{ _id: 'loyalty', privacy: BUMPED }]);

    const notice = await memberOk(emu, 'o_bump', 'getPrivacyNotice');
    expect(notice).toEqual({
      version: '2027-03',
      promise: BUMPED.promise,
      facts: BUMPED.facts,
    });

    const untouched = snapshot(emu);
    expect(
      await member(emu, 'o_bump', 'signup', {
        phoneCode: phoneCode('13944440001'),
        consentVersion: before.version,
      }),
    ).toMatchObject({
      ok: false,
      error: { code: 'CONSENT.OUTDATED', message: '隐私保护说明已更新，请阅读新版本后重新同意' },
    });
    expect(snapshot(emu)).toBe(untouched);

    const done = await memberOk(emu, 'o_bump', 'signup', {
      phoneCode: phoneCode('13944440001'),
      consentVersion: notice.version,
    });
    expect(done.created).toBe(true);
    const saved = emu.database.find('members', { _id: done.memberId })[0];
    expect(saved.consent).toMatchObject({ privacy: { version: '2027-03' } });
    expect(emu.database.count('consents', { memberId: done.memberId, version: '2027-03' })).toBe(1);
  });
});
