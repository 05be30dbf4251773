/**
 * Birthdays recorded late and runs that never happened: every member is greeted once per
 * year — on the configured day, or at the first run after it — whenever the birthday was
 * recorded (by the member in the profile, or by a clerk at the till) and whatever runs were
 * missed, within the 7-day catch-up (domain/birthdayGreeting.ts). Re-runs give nothing twice.
 */
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { startTestEmulator, type TestEmulator } from '../support/emulator';
import { DAY_MS, shanghaiTime } from '../../src/domain/calendar';
import { greetAt, greetingsFired, type GreetingRun } from './support/birthdays';
import { memberOk, signUp } from './support/memberJourney';
import { addMember } from './support/loyalty';

const TPL = 'TPL_BIRTHDAY_GREETING';
const CLERK = 'o_test_clerk_S001';
let emu: TestEmulator;

const runAt = (at: number): Promise<GreetingRun> => greetAt(emu, at);
async function join(key: string, phone: string): Promise<string> {
  const { memberId } = await signUp(emu, `o_due_${key}`, phone, emu.sceneFor('S001'));
  await memberOk(emu, `o_due_${key}`, 'updateProfile', { name: '林晓', gender: 'female' });
  return memberId;
}
async function setOwnBirthday(key: string, month: number, day: number) {
  await memberOk(emu, `o_due_${key}`, 'updateProfile', {
    birthday: { month, day, year: 1991 },
  });
}
async function clerkSetsBirthday(memberId: string, month: number, day: number) {
  const reply = await emu.call<{ ok: boolean }>(
    'staff',
    { action: 'setMemberBirthday', memberId, birthday: { month, day, year: null } },
    CLERK,
  );
  expect(reply.ok).toBe(true);
}
async function subscribe(key: string) {
  emu.openApi.grantSubscription(`o_due_${key}`, [TPL], emu.clock.now());
  await memberOk(emu, `o_due_${key}`, 'recordSubscriptions', {
    results: { [TPL]: 'accept', errMsg: 'requestSubscribeMessage:ok' },
  });
}
const coupons = (memberId: string, year: number) =>
  emu.database.count('coupons', { issueKey: `birthday:${memberId}:${year}` });
const birthdayCoupons = () => emu.database.count('coupons', { source: 'birthday' });
const delivered = (key: string) =>
  emu.openApi.outbox
    .list({ channel: 'subscribe', touser: `o_due_${key}` })
    .filter((m) => m.status === 'delivered');
const dueAt = (memberId: string) =>
  emu.database.find('members', { _id: memberId }, { limit: 1 })[0].birthdayDueAt;

beforeAll(async () => {
  emu = await startTestEmulator();
  await emu.seedMinimal();
  emu.clock.set(shanghaiTime(2027, 8, 1, 12));
});
afterAll(async () => {
  await emu?.stop();
});

describe('a birthday recorded after the morning run', () => {
  it('set in the evening for tomorrow (profile or clerk) is greeted once at the next run, one coupon each', async () => {
    const own = await join('own', '13744440001');
    const atTill = await join('till', '13744440002');
    await subscribe('own');
    // 8 August: the morning run finds nobody
    expect(await runAt(shanghaiTime(2027, 8, 8, 9, 0))).toMatchObject({ found: 0 });
    // that evening both birthdays are recorded: tomorrow, 9 August (its greeting day was today)
    emu.clock.set(shanghaiTime(2027, 8, 8, 20, 15));
    await setOwnBirthday('own', 8, 9);
    await clerkSetsBirthday(atTill, 8, 9);
    expect([dueAt(own), dueAt(atTill)]).toEqual([
      shanghaiTime(2027, 8, 9),
      shanghaiTime(2027, 8, 9),
    ]);

    const next = await runAt(shanghaiTime(2027, 8, 9, 9, 0));
    expect(next).toMatchObject({ found: 2, acted: 2, issued: 2, complete: true });
    expect([coupons(own, 2027), coupons(atTill, 2027)]).toEqual([1, 1]);
    expect(delivered('own')).toHaveLength(1);
    expect([dueAt(own), dueAt(atTill)]).toEqual([
      shanghaiTime(2028, 8, 9),
      shanghaiTime(2028, 8, 9),
    ]);

    // the rest of the morning's window and the next days: nothing twice
    for (const at of [shanghaiTime(2027, 8, 9, 9, 10), shanghaiTime(2027, 8, 10, 9, 0)])
      expect(await runAt(at)).toMatchObject({ found: 0, issued: 0 });
    expect(birthdayCoupons()).toBe(2);
    expect(delivered('own')).toHaveLength(1);
  });

  it('set the evening before its greeting day is greeted on that day, on time', async () => {
    const m = await join('eve', '13744440003');
    emu.clock.set(shanghaiTime(2027, 8, 10, 21, 30));
    await setOwnBirthday('eve', 8, 12); // greeting day: 11 August
    expect(await runAt(shanghaiTime(2027, 8, 11, 9, 0))).toMatchObject({
      found: 1,
      acted: 1,
      issued: 1,
    });
    expect(await runAt(shanghaiTime(2027, 8, 12, 9, 0))).toMatchObject({ found: 0 });
    expect(coupons(m, 2027)).toBe(1);
  });
});

describe('timers that did not run for days', () => {
  it('the console’s +7 days fires each timer once: the birthdays in between are greeted once; older than 7 days wait for next year', async () => {
    const older = await join('older', '13744440004');
    const old = await join('old', '13744440005');
    const sat = await join('sat', '13744440006');
    const sun = await join('sun', '13744440007');
    await subscribe('sun');
    emu.clock.set(shanghaiTime(2027, 8, 20, 12));
    await clerkSetsBirthday(older, 8, 25);
    await setOwnBirthday('old', 9, 3);
    await setOwnBirthday('sat', 9, 11);
    await setOwnBirthday('sun', 9, 12);
    const birthdayRun = (fired: Awaited<ReturnType<TestEmulator['travel']>>) => {
      const runs = greetingsFired(fired);
      expect(runs).toHaveLength(1);
      return runs[0];
    };

    // no run from 21 August on; the clock jumps a week at a time
    // (10:00: the jumps land outside quiet hours, when the automations timer greets)
    expect(await emu.travel({ set: shanghaiTime(2027, 9, 1, 10, 0) })).toEqual([]); // arms the triggers
    // 8 September: 25 August is 14 days past (not greeted late); 3 September is 5 days past
    const week1 = birthdayRun(await emu.travel({ advanceMs: 7 * DAY_MS }));
    // (the one 14 days past is found and skipped: its due date moves to next year)
    expect(week1).toMatchObject({ found: 2, acted: 1, skipped: 1 });
    expect([coupons(older, 2027), coupons(old, 2027)]).toEqual([0, 1]);
    expect(dueAt(older)).toBe(shanghaiTime(2028, 8, 25));
    // 15 September: both greeting days (10 and 11 September) were missed
    const week2 = birthdayRun(await emu.travel({ advanceMs: 7 * DAY_MS }));
    expect(week2).toMatchObject({ found: 2, acted: 2, skipped: 0 });
    expect([coupons(sat, 2027), coupons(sun, 2027)]).toEqual([1, 1]);
    expect(delivered('sun')).toHaveLength(1);

    // re-runs give nothing twice
    const again = await runAt(shanghaiTime(2027, 9, 15, 10, 30));
    expect(again).toMatchObject({ found: 0, acted: 0, issued: 0 });
    expect(delivered('sun')).toHaveLength(1);
    expect([coupons(old, 2027), coupons(sat, 2027), coupons(sun, 2027)]).toEqual([1, 1, 1]);
  });
});

describe('a due date that does not fit the birthday', () => {
  it('is corrected and, when the corrected date is due, greeted in the same run', async () => {
    const m = addMember(emu, {
      birthday: { month: 10, day: 21, year: 1985 },
      // written long ago for another birthday (e.g. data from before a correction)
      fields: { birthdayDueAt: shanghaiTime(2026, 3, 3) },
    });
    const run = await runAt(shanghaiTime(2027, 10, 20, 9, 0));
    expect(run).toMatchObject({ found: 1, acted: 1, issued: 1 });
    expect(coupons(m._id, 2027)).toBe(1);
    expect(dueAt(m._id)).toBe(shanghaiTime(2028, 10, 21));
  });
});
