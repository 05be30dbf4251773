import { describe, expect, it } from '@jest/globals';
import { AppError } from '../contracts/errors';
import { checkSettings, defaultSettings, parseSettings, privacyNotice } from './settings';

describe('defaultSettings', () => {
  it('holds the numbers of the requirements', () => {
    expect(defaultSettings).toEqual({
      points: {
        perYuan: 1,
        doubleThresholdFen: 20_000,
        doubleMultiplier: 2,
        levelMultiplierPercent: { normal: 100, silver: 120, gold: 150 },
        expiryYearsAfter: 1,
        profileCompletionPoints: 50,
      },
      levels: { silverSpendFen: 100_000, goldSpendFen: 500_000 },
      newMemberGift: { enabled: true, amountFen: 1_000, validDays: 30, dailyCapPerStore: 200 },
      birthday: {
        enabled: true,
        couponAmountFen: 2_000,
        couponValidDays: 7,
        greetDaysBefore: 1,
      },
      privacy: {
        consentVersion: '2026-12',
        promise: '手机号只用于会员服务；促销信息须您另行同意才会发送，可随时关闭',
        facts: [
          { label: '只收集', text: '您的手机号（由微信授权）；称呼、性别、生日和偏好由您选填' },
          { label: '用于', text: '识别会员身份，记录积分、等级、优惠券和消费' },
          {
            label: '会员消息',
            text: '生日祝福、等级变动、积分变动和优惠券到期提醒：须您同意本说明并开启提醒，不含促销',
          },
          { label: '促销信息', text: '仅在您另行开启「优惠活动信息」后发送，可随时关闭' },
          {
            label: '您可以',
            text: '随时撤回同意（不再发送任何消息，积分与优惠券保留）、导出资料或注销会员',
          },
        ],
      },
      tasks: { poolDays: 7, poolClaimTakesCustomer: false },
    });
  });

  it('is frozen so no caller can change the defaults for everyone', () => {
    expect(Object.isFrozen(defaultSettings.points.levelMultiplierPercent)).toBe(true);
  });
});

describe('parseSettings', () => {
  it('returns the defaults for a missing document', () => {
    expect(parseSettings(undefined)).toEqual(defaultSettings);
    expect(parseSettings(null)).toEqual(defaultSettings);
    expect(parseSettings({})).toEqual(defaultSettings);
  });

  it('fills missing nested fields with defaults', () => {
    const s = parseSettings({ points: { perYuan: 2, levelMultiplierPercent: { gold: 200 } } });
    expect(s.points.perYuan).toBe(2);
    expect(s.points.doubleThresholdFen).toBe(20_000);
    expect(s.points.levelMultiplierPercent).toEqual({ normal: 100, silver: 120, gold: 200 });
    expect(s.levels.goldSpendFen).toBe(500_000);
  });

  it('drops unknown keys', () => {
    expect(parseSettings({ legacy: true, points: { old: 1 } })).toEqual(defaultSettings);
  });

  it('rejects fractional money and points with a coded error', () => {
    expect(() => parseSettings({ newMemberGift: { amountFen: 10.5 } })).toThrow(AppError);
    expect(() => parseSettings({ points: { perYuan: 1.5 } })).toThrow(AppError);
  });

  it('rejects negative numbers', () => {
    const r = checkSettings({ points: { doubleThresholdFen: -1 } });
    expect(r).toMatchObject({
      ok: false,
      code: 'COMMON.INVALID_INPUT',
      path: 'points.doubleThresholdFen',
    });
    if (!r.ok) expect(r.message).toBe('设置有误（points.doubleThresholdFen），请检查后重试');
  });

  it('rejects a gold threshold not above silver, in Chinese', () => {
    const r = checkSettings({ levels: { silverSpendFen: 500_000, goldSpendFen: 500_000 } });
    expect(r).toEqual({
      ok: false,
      code: 'COMMON.INVALID_INPUT',
      message: '金卡门槛必须高于银卡门槛',
      path: 'levels.goldSpendFen',
    });
  });

  it('rejects a zero silver threshold', () => {
    expect(checkSettings({ levels: { silverSpendFen: 0 } })).toMatchObject({
      ok: false,
      message: '银卡门槛必须大于 0',
    });
  });

  it('rejects a non-object document', () => {
    expect(checkSettings('x')).toMatchObject({ ok: false, path: '' });
  });

  it('carries the error message on the thrown AppError', () => {
    try {
      parseSettings({ levels: { goldSpendFen: 1 } });
      throw new Error('expected to throw');
    } catch (e) {
      expect(e).toBeInstanceOf(AppError);
      expect((e as AppError).code).toBe('COMMON.INVALID_INPUT');
      expect((e as AppError).message).toBe('金卡门槛必须高于银卡门槛');
    }
  });

  it('does not share nested objects between parses', () => {
    const a = parseSettings({});
    a.points.levelMultiplierPercent.gold = 999;
    expect(parseSettings({}).points.levelMultiplierPercent.gold).toBe(150);
  });
});

describe('privacyNotice', () => {
  it('answers the version with the text it names', () => {
    const settings = parseSettings({
      privacy: {
        consentVersion: '2027-03',
        promise: '新的承诺',
        facts: [{ label: '用于', text: '会员' }],
      },
    });
    expect(privacyNotice(settings)).toEqual({
      version: '2027-03',
      promise: '新的承诺',
      facts: [{ label: '用于', text: '会员' }],
    });
  });

  it('keeps the default text when only the version is bumped', () => {
    expect(privacyNotice(parseSettings({ privacy: { consentVersion: '2027-01' } }))).toEqual({
      version: '2027-01',
      promise: defaultSettings.privacy.promise,
      facts: defaultSettings.privacy.facts,
    });
  });

  it('refuses an empty promise and a notice without facts', () => {
    expect(checkSettings({ privacy: { promise: '  ' } })).toMatchObject({
      ok: false,
      path: 'privacy.promise',
    });
    expect(checkSettings({ privacy: { facts: [] } })).toMatchObject({
      ok: false,
      path: 'privacy.facts',
    });
  });

  it('does not share the default facts between parses', () => {
    parseSettings({}).privacy.facts.push({ label: 'x', text: 'y' });
    expect(parseSettings({}).privacy.facts).toHaveLength(5);
  });
});
