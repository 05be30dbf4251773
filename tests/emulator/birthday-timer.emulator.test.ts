/**
 * The `birthday` timer through the emulator: coupon once per member and year, greeting
 * only with a subscription credit, re-runs send nothing more, Shanghai dates under TZ=UTC
 * (a birthday at 00:30 Shanghai), 29 February in non-leap and leap years, bounded batches.
 * (Birthdays recorded late and missed runs: birthday-due.emulator.test.ts.)
 */
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { startTestEmulator, type TestEmulator } from '../support/emulator';
import { endOfShanghaiDay, shanghaiTime } from '../../src/domain/calendar';
import type { BirthdayRunResult } from '../../cloudfunctions/birthday/job';
import { memberOk, signUp } from './support/memberJourney';

const TPL = 'TPL_BIRTHDAY_GREETING';

describe('birthday timer', () => {
  let emu: TestEmulator;
  const ids: Record<string, string> = {};

  /** Run the birthday trigger at a given instant (the clock is set without firing other timers). */
  async function runAt(at: number): Promise<BirthdayRunResult> {
    emu.clock.set(at);
    const trigger = emu.scheduler.schedule().find((t) => t.functionName === 'birthday');
    if (!trigger) throw new Error('no birthday trigger');
    const firing = await emu.scheduler.fireNow(trigger);
    if (!firing.result.ok)
      throw new Error(`birthday failed: ${firing.result.errCode} ${firing.result.errMsg}`);
    return firing.result.result as BirthdayRunResult;
  }
  const delivered = (openid?: string) =>
    emu.openApi.outbox
      .list({ channel: 'subscribe', ...(openid ? { touser: openid } : {}) })
      .filter((m) => m.status === 'delivered');
  const subscribe = async (openid: string) => {
    emu.openApi.grantSubscription(openid, [TPL], emu.clock.now());
    return memberOk(emu, openid, 'recordSubscriptions', {
      results: { [TPL]: 'accept', errMsg: 'requestSubscribeMessage:ok' },
    });
  };

  beforeAll(async () => {
    emu = await startTestEmulator();
    await emu.seedMinimal();
    emu.clock.set(shanghaiTime(2026, 11, 1, 12));
    const people: [string, string, string, { month: number; day: number; year: number | null }][] =
      [
        ['nosub', '13733330001', '王芳', { month: 12, day: 10, year: 1990 }],
        ['sub', '13733330002', '欧阳娜娜', { month: 12, day: 10, year: 1988 }],
        ['later', '13733330003', '李雷', { month: 12, day: 13, year: 1992 }],
        ['midnight', '13733330004', '韩梅梅', { month: 12, day: 20, year: null }],
        ['leap', '13733330005', '陈二九', { month: 2, day: 29, year: 1996 }],
        ['march', '13733330006', '周三一', { month: 3, day: 1, year: 1996 }],
      ];
    for (const [key, phone, name, birthday] of people) {
      ids[key] = (await signUp(emu, `o_bd_${key}`, phone, emu.sceneFor('S001'))).memberId;
      await memberOk(emu, `o_bd_${key}`, 'updateProfile', {
        name,
        gender: key === 'later' ? 'male' : 'female',
        birthday,
      });
    }
  });
  afterAll(async () => {
    await emu?.stop();
  });

  it('issues the coupon the day before and greets only members with a credit; a re-run sends nothing more', async () => {
    expect((await subscribe('o_bd_sub')).credits.birthday).toBe(1);
    const first = await runAt(shanghaiTime(2026, 12, 9, 9, 0));
    expect(first).toMatchObject({
      members: 2,
      late: 0,
      couponsIssued: 2,
      complete: true,
    });
    expect(first.messages).toMatchObject({ sent: 1, skipped: 1 });

    // WeChat's side: exactly one message, to the subscriber, with valid keyword values
    expect(delivered()).toHaveLength(1);
    expect(delivered('o_bd_sub')[0]).toMatchObject({
      templateId: TPL,
      page: 'pages/card/index',
      data: {
        thing1: { value: '欧阳女士，生日快乐' },
        thing2: { value: '¥20 无门槛券已放入卡包' },
        date3: { value: '2026年12月15日' },
      },
    });
    expect(emu.openApi.listCredits('o_bd_sub')).toHaveLength(0);
    // our outbox: sent for the subscriber; no credit writes nothing; nothing for later birthdays
    const outbox = (m: string) =>
      emu.database.find('outbox', { _id: `birthday:${ids[m]}:2026` }, { limit: 1 })[0];
    expect(outbox('sub')).toMatchObject({ state: 'sent', touser: 'o_bd_sub', attempts: 1 });
    expect(outbox('nosub')).toBeUndefined();
    expect(outbox('later')).toBeUndefined();
    expect(emu.database.count('outbox', {})).toBe(1);
    // the coupons: issued once, valid through the birthday
    for (const m of ['sub', 'nosub']) {
      const [c] = emu.database.find(
        'coupons',
        { issueKey: `birthday:${ids[m]}:2026` },
        { limit: 2 },
      );
      expect(c).toMatchObject({
        memberId: ids[m],
        source: 'birthday',
        amountFen: 2000,
        status: 'unused',
      });
      expect(c.validUntil).toBeGreaterThanOrEqual(endOfShanghaiDay(shanghaiTime(2026, 12, 10)));
    }
    expect(emu.database.count('coupons', { source: 'birthday' })).toBe(2);
    expect(
      (await memberOk(emu, 'o_bd_sub', 'recordSubscriptions', { results: {} })).credits.birthday,
    ).toBe(0);

    // re-runs: the same morning, and after the greeted member subscribes again
    const again = await runAt(shanghaiTime(2026, 12, 9, 9, 10));
    expect(again).toMatchObject({ members: 0, couponsIssued: 0, rescheduled: 0 });
    expect(again.messages).toEqual({ sent: 0, skipped: 0, failed: 0, duplicate: 0, busy: 0 });
    await subscribe('o_bd_sub');
    // even a run that looks again neither issues nor sends anything twice: a clerk enters
    // both birthdays again, which makes this year's celebration due once more
    for (const m of ['sub', 'nosub']) {
      expect(emu.database.find('members', { _id: ids[m] }, { limit: 1 })[0].birthdayDueAt).toBe(
        shanghaiTime(2027, 12, 10),
      );
      const reply = await emu.call<{ ok: boolean }>(
        'staff',
        {
          action: 'setMemberBirthday',
          memberId: ids[m],
          birthday: { month: 12, day: 10, year: m === 'sub' ? 1988 : 1990 },
        },
        'o_test_clerk_S001',
      );
      expect(reply.ok).toBe(true);
      expect(emu.database.find('members', { _id: ids[m] }, { limit: 1 })[0].birthdayDueAt).toBe(
        shanghaiTime(2026, 12, 10),
      );
    }
    const lost = await runAt(shanghaiTime(2026, 12, 9, 9, 20));
    expect(lost).toMatchObject({
      members: 2,
      couponsIssued: 0,
      messages: { duplicate: 1, skipped: 1, sent: 0 },
    });
    expect(delivered()).toHaveLength(1);
    expect(emu.openApi.listCredits('o_bd_sub')).toHaveLength(1); // the new credit is kept for later
    expect(emu.database.count('coupons', { source: 'birthday' })).toBe(2);
    // the birthday itself: today's key is done, tomorrow has nobody
    const dayOf = await runAt(shanghaiTime(2026, 12, 10, 9, 0));
    expect(dayOf).toMatchObject({ members: 0, couponsIssued: 0 });
    expect(delivered()).toHaveLength(1);
  });

  it('a credit we counted but WeChat refuses (43101) fails the message once and zeroes our count', async () => {
    // recorded by the client, but WeChat never granted it
    await memberOk(emu, 'o_bd_later', 'recordSubscriptions', { results: { [TPL]: 'accept' } });
    const run = await runAt(shanghaiTime(2026, 12, 12, 9, 0));
    expect(run).toMatchObject({ members: 1, messages: { failed: 1, sent: 0 } });
    expect(
      emu.database.find('outbox', { _id: `birthday:${ids.later}:2026` }, { limit: 1 })[0],
    ).toMatchObject({
      state: 'failed',
      error: { code: 43101 },
      touser: 'o_bd_later',
    });
    expect(
      emu.openApi.outbox.list({ touser: 'o_bd_later' }).map((m) => [m.status, m.errcode]),
    ).toEqual([['rejected', 43101]]);
    expect(
      (await memberOk(emu, 'o_bd_later', 'recordSubscriptions', { results: {} })).credits.birthday,
    ).toBe(0);
    // a failed message is final: the next run does not try again
    await runAt(shanghaiTime(2026, 12, 12, 9, 5));
    expect(emu.openApi.outbox.list({ touser: 'o_bd_later' })).toHaveLength(1);
  });

  it('the card greets on the Shanghai birthday and shows the coupon, at 00:30 Shanghai (16:30 UTC the day before)', async () => {
    emu.clock.set(shanghaiTime(2026, 12, 10, 0, 30));
    const card = await memberOk(emu, 'o_bd_sub', 'getCard');
    expect(card.birthdayToday).toBe(true);
    expect(card.birthdayCoupon).toMatchObject({
      source: 'birthday',
      status: 'unused',
      title: '¥20 无门槛券',
    });
    emu.clock.set(shanghaiTime(2026, 12, 9, 23, 59));
    expect((await memberOk(emu, 'o_bd_sub', 'getCard')).birthdayToday).toBe(false);
  });

  it('computes the target date in Shanghai: a run at 00:30 Shanghai greets the birthday after next midnight', async () => {
    // 00:30 on 19 Dec in Shanghai is still 18 Dec in UTC; the greeting is for 20 Dec.
    // Two runs at once (and two credits): one coupon, one greeting, one credit left.
    await subscribe('o_bd_midnight');
    await subscribe('o_bd_midnight');
    const [run, twin] = await Promise.all([
      runAt(shanghaiTime(2026, 12, 19, 0, 30)),
      runAt(shanghaiTime(2026, 12, 19, 0, 30)),
    ]);
    expect(run.members + twin.members).toBe(1);
    expect(run.couponsIssued + twin.couponsIssued).toBe(1);
    expect(run.messages.sent + twin.messages.sent).toBe(1);
    expect(emu.database.count('coupons', { issueKey: `birthday:${ids.midnight}:2026` })).toBe(1);
    expect(delivered('o_bd_midnight')).toHaveLength(1);
    expect(emu.openApi.listCredits('o_bd_midnight')).toHaveLength(1);
    expect(
      (await memberOk(emu, 'o_bd_midnight', 'recordSubscriptions', { results: {} })).credits
        .birthday,
    ).toBe(1);
    emu.clock.set(shanghaiTime(2026, 12, 20, 0, 30));
    const card = await memberOk(emu, 'o_bd_midnight', 'getCard');
    expect(card).toMatchObject({ birthdayToday: true, birthdayCoupon: { source: 'birthday' } });
  });

  it('celebrates 29 February on 28 February in a non-leap year, and on 29 February in a leap year', async () => {
    const run2027 = await runAt(shanghaiTime(2027, 2, 27, 9, 0));
    expect(run2027).toMatchObject({ members: 1, couponsIssued: 1, late: 0 });
    expect(emu.database.count('coupons', { issueKey: `birthday:${ids.leap}:2027` })).toBe(1);
    expect(emu.database.count('coupons', { issueKey: `birthday:${ids.march}:2027` })).toBe(0);
    const [c] = emu.database.find(
      'coupons',
      { issueKey: `birthday:${ids.leap}:2027` },
      { limit: 1 },
    );
    expect(c.validUntil).toBeGreaterThanOrEqual(endOfShanghaiDay(shanghaiTime(2027, 2, 28)));
    emu.clock.set(shanghaiTime(2027, 2, 28, 0, 30));
    expect(await memberOk(emu, 'o_bd_leap', 'getCard')).toMatchObject({
      birthdayToday: true,
      birthdayCoupon: { source: 'birthday' },
    });
    const run0301 = await runAt(shanghaiTime(2027, 2, 28, 9, 0));
    expect(run0301).toMatchObject({ members: 1, couponsIssued: 1 }); // 1 March
    expect(emu.database.count('coupons', { issueKey: `birthday:${ids.march}:2027` })).toBe(1);

    // 2028 is a leap year: not on the 28th, on the 29th
    await runAt(shanghaiTime(2028, 2, 27, 9, 0));
    expect(emu.database.count('coupons', { issueKey: `birthday:${ids.leap}:2028` })).toBe(0);
    await runAt(shanghaiTime(2028, 2, 28, 9, 0));
    expect(emu.database.count('coupons', { issueKey: `birthday:${ids.leap}:2028` })).toBe(1);
    emu.clock.set(shanghaiTime(2028, 2, 28, 12));
    expect((await memberOk(emu, 'o_bd_leap', 'getCard')).birthdayToday).toBe(false);
    emu.clock.set(shanghaiTime(2028, 2, 29, 12));
    expect((await memberOk(emu, 'o_bd_leap', 'getCard')).birthdayToday).toBe(true);
  });

  it('catches up a missed day: a birthday today whose greeting day had no run still gets its coupon', async () => {
    emu.clock.set(shanghaiTime(2026, 12, 20, 12));
    const late = await signUp(emu, 'o_bd_late', '13733330007', emu.sceneFor('S002'));
    await memberOk(emu, 'o_bd_late', 'updateProfile', {
      birthday: { month: 12, day: 24, year: null },
    });
    const run = await runAt(shanghaiTime(2026, 12, 24, 9, 0)); // nobody ran on the 23rd
    expect(run).toMatchObject({ members: 1, late: 1, couponsIssued: 1 });
    expect(emu.database.count('coupons', { issueKey: `birthday:${late.memberId}:2026` })).toBe(1);
  });

  it('walks many members in bounded batches (a cursor over the due date) and moves each to next year', async () => {
    const base = {
      level: 'normal',
      points: { balance: 0, lifetime: 0 },
      stats: {},
      source: { storeId: 'S001', clerkId: null, channel: 'import', at: 0 },
      homeStoreId: 'S001',
      clerkId: null,
      consent: { privacy: { version: '2026-11', at: 0 }, marketing: null },
      status: 'active',
      createdAt: 0,
      updatedAt: 0,
      name: null,
      gender: null,
    };
    await emu.database.insertMany(
      'members',
      Array.from({ length: 130 }, (_, i) => ({
        ...base,
        _id: `bulk${String(i).padStart(4, '0')}`,
        memberNo: 30_000_000 + i,
        phone: `1360000${String(i).padStart(4, '0')}`,
        birthday: { month: 6, day: 6, year: null },
        birthdayDueAt: shanghaiTime(2027, 6, 6),
      })),
    );
    await emu.database.insertMany('members', [
      {
        ...base,
        _id: 'bulk_deleted',
        memberNo: 30_999_999,
        phone: 'deleted:bulk_deleted',
        birthday: { month: 6, day: 6, year: null },
        birthdayDueAt: shanghaiTime(2027, 6, 6),
        status: 'deleted',
      },
    ]);
    const run = await runAt(shanghaiTime(2027, 6, 5, 9, 0));
    expect(run).toMatchObject({
      members: 130,
      couponsIssued: 130,
      complete: true,
      messages: { skipped: 130 },
      rescheduled: 1, // the closed account: its due date is cleared, nothing issued
    });
    expect(emu.database.count('members', { birthdayDueAt: shanghaiTime(2028, 6, 6) })).toBe(130);
    expect(
      emu.database.find('members', { _id: 'bulk_deleted' }, { limit: 1 })[0].birthdayDueAt,
    ).toBe(null);
    expect(emu.database.count('coupons', { memberId: 'bulk_deleted' })).toBe(0);
    expect(await runAt(shanghaiTime(2027, 6, 5, 9, 10))).toMatchObject({
      members: 0,
      rescheduled: 0,
    });
  });
});
