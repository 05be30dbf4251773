/**
 * The birthday greeting (automation `birthdayGreeting`, run by the automations timer)
 * through the emulator: coupon once per member and year, greeting only with a subscription
 * credit (the card's notice for everyone), re-runs send nothing more, quiet hours defer the
 * greeting to 09:00, a member the old birthday job already greeted is not greeted again,
 * Shanghai dates under TZ=UTC (a birthday at 00:30 Shanghai), 29 February in non-leap and
 * leap years, bounded batches. (Birthdays recorded late and missed runs:
 * birthday-due.emulator.test.ts.)
 */
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { startTestEmulator, type TestEmulator } from '../support/emulator';
import { endOfShanghaiDay, shanghaiTime } from '../../src/domain/calendar';
import { memberOk, signUp } from './support/memberJourney';
import { greetAt } from './support/birthdays';
import { only, setAutomations } from './support/automations';
import { addMember, find } from './support/loyalty';
import { couponDocOf } from '../../cloudfunctions/_shared/repos/coupons';
import { birthdayCouponSpec } from '../../cloudfunctions/_shared/giftCoupons';
import { parseSettings } from '../../src/domain/settings';
import { DEFAULT_AUTOMATIONS } from '../../src/domain/automations/definitions';

const TPL = 'TPL_BIRTHDAY_GREETING';

describe('birthday timer', () => {
  let emu: TestEmulator;
  const ids: Record<string, string> = {};

  /** Run the automations timer at a given instant (the clock is set without firing other timers). */
  const runAt = (at: number) => greetAt(emu, at);
  const notices = (id: string) =>
    (find(emu, 'members', { _id: id }, { limit: 1 })[0].notices ?? []) as {
      id: string;
      title: string;
      text: string;
    }[];
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
    // 05:00, quiet hours: the greeting waits (coupon and message together) for 09:00
    expect(await runAt(shanghaiTime(2026, 12, 9, 5, 0))).toMatchObject({ found: 0, issued: 0 });
    expect(delivered()).toHaveLength(0);
    const first = await runAt(shanghaiTime(2026, 12, 9, 9, 0));
    expect(first).toEqual({
      found: 2,
      acted: 2,
      holdout: 0,
      skipped: 0,
      duplicate: 0,
      issued: 2,
      complete: true,
    });
    // the run of each: coupon and message, by the keys the birthday job used
    expect(
      find(emu, 'automationRuns', { _id: `birthdayGreeting:${ids.nosub}:2026` })[0],
    ).toMatchObject({
      group: 'treated',
      status: 'done',
      actions: [
        { kind: 'coupon', key: `birthday:${ids.nosub}:2026`, outcome: 'issued' },
        { kind: 'memberMessage', key: `birthday:${ids.nosub}:2026`, outcome: 'notice:noCredit' },
      ],
    });
    // the card's notice for both: the fallback without a credit
    for (const m of ['sub', 'nosub'])
      expect(notices(ids[m])).toEqual([
        expect.objectContaining({
          id: `birthday:${ids[m]}:2026`,
          title: '生日快乐',
          text: '¥20 无门槛券已放入卡包',
        }),
      ]);

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
    // (the 05:00 run also reminded the managers to prepare the gift packs: birthdayPrep)
    expect(emu.database.count('outbox', { channel: 'subscribe' })).toBe(1);
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
    expect(again).toMatchObject({ found: 0, acted: 0, issued: 0 });
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
    expect(lost).toMatchObject({ found: 2, acted: 0, duplicate: 2, issued: 0 });
    expect(delivered()).toHaveLength(1);
    expect(emu.openApi.listCredits('o_bd_sub')).toHaveLength(1); // the new credit is kept for later
    expect(emu.database.count('coupons', { source: 'birthday' })).toBe(2);
    // the birthday itself: today's key is done, tomorrow has nobody
    const dayOf = await runAt(shanghaiTime(2026, 12, 10, 9, 0));
    expect(dayOf).toMatchObject({ found: 0, issued: 0 });
    expect(delivered()).toHaveLength(1);
    expect(notices(ids.sub)).toHaveLength(1);
  });

  it('a member the old birthday job greeted (its coupon and message keyed birthday:<member>:<year>) is not greeted again', async () => {
    // what the retired job left when it was stopped before moving the due date on
    const m = addMember(emu, {
      birthday: { month: 12, day: 11, year: 1990 },
      fields: { birthdayDueAt: shanghaiTime(2026, 12, 11) },
    });
    await subscribe(m.openid);
    const key = `birthday:${m._id}:2026`;
    const greetedAt = shanghaiTime(2026, 12, 10, 9);
    emu.database.insertMany('coupons', [
      couponDocOf({
        memberId: m._id,
        code: 'TOLDJOB0001',
        issueKey: key,
        spec: birthdayCouponSpec(parseSettings({}), greetedAt, shanghaiTime(2026, 12, 11)),
        now: greetedAt,
      }),
    ]);
    emu.database.insertMany('outbox', [
      {
        _id: key,
        channel: 'subscribe',
        memberId: m._id,
        purpose: 'birthday',
        state: 'sent',
        attempts: 1,
        createdAt: shanghaiTime(2026, 12, 10, 9),
        updatedAt: shanghaiTime(2026, 12, 10, 9),
        sentAt: shanghaiTime(2026, 12, 10, 9),
      },
    ]);
    const run = await runAt(shanghaiTime(2026, 12, 10, 9, 30));
    expect(run).toMatchObject({ found: 1, acted: 1, issued: 0 });
    expect(emu.database.count('coupons', { issueKey: key })).toBe(1);
    expect(delivered(m.openid)).toHaveLength(0); // WeChat got nothing new
    expect(emu.openApi.listCredits(m.openid)).toHaveLength(1); // the credit is kept
    expect(find(emu, 'automationRuns', { _id: `birthdayGreeting:${m._id}:2026` })[0]).toMatchObject(
      {
        actions: [
          { kind: 'coupon', outcome: 'alreadyIssued' },
          { kind: 'memberMessage', outcome: 'sent' },
        ],
      },
    );
    expect(find(emu, 'members', { _id: m._id }, { limit: 1 })[0].birthdayDueAt).toBe(
      shanghaiTime(2027, 12, 11),
    );
  });

  it('a credit we counted but WeChat refuses (43101) fails the message once and zeroes our count', async () => {
    // recorded by the client, but WeChat never granted it
    await memberOk(emu, 'o_bd_later', 'recordSubscriptions', { results: { [TPL]: 'accept' } });
    const run = await runAt(shanghaiTime(2026, 12, 12, 9, 0));
    expect(run).toMatchObject({ found: 1, acted: 1, issued: 1 });
    expect(
      find(emu, 'automationRuns', { _id: `birthdayGreeting:${ids.later}:2026` })[0],
    ).toMatchObject({
      status: 'done',
      actions: [{ kind: 'coupon' }, { kind: 'memberMessage', outcome: 'notice:failed' }],
    });
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

  it('computes the target date in Shanghai: a run at 00:30 Shanghai (HQ without quiet hours) greets the birthday after next midnight', async () => {
    // 00:30 on 19 Dec in Shanghai is still 18 Dec in UTC; the greeting is for 20 Dec.
    // Two runs at once (and two credits): one coupon, one greeting, one credit left.
    setAutomations(emu, [
      only('birthdayGreeting', { quietHours: { start: '00:00', end: '00:00' } }),
    ]);
    await subscribe('o_bd_midnight');
    await subscribe('o_bd_midnight');
    const [run, twin] = await Promise.all([
      runAt(shanghaiTime(2026, 12, 19, 0, 30)),
      runAt(shanghaiTime(2026, 12, 19, 0, 30)),
    ]);
    setAutomations(emu, DEFAULT_AUTOMATIONS); // back to the defaults
    expect(run.acted + twin.acted).toBe(1);
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
    expect(run2027).toMatchObject({ found: 1, acted: 1, issued: 1 });
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
    expect(run0301).toMatchObject({ found: 1, acted: 1, issued: 1 }); // 1 March
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
    expect(run).toMatchObject({ found: 1, acted: 1, issued: 1 });
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
    // the closed account: its due date is cleared, nothing issued
    expect(run).toMatchObject({ found: 130, acted: 130, issued: 130, complete: true });
    expect(emu.database.count('members', { birthdayDueAt: shanghaiTime(2028, 6, 6) })).toBe(130);
    expect(
      emu.database.find('members', { _id: 'bulk_deleted' }, { limit: 1 })[0].birthdayDueAt,
    ).toBe(null);
    expect(emu.database.count('coupons', { memberId: 'bulk_deleted' })).toBe(0);
    expect(await runAt(shanghaiTime(2027, 6, 5, 9, 10))).toMatchObject({ found: 0, acted: 0 });
  });
});
