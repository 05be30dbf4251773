/**
 * Timer runs cut short within the real limits: a run stops at its own deadline (checked
 * per member) well before the platform's timeout, or its instance is killed mid-batch;
 * later runs of the trigger window finish the work — nothing done twice (coupons, ledger
 * entries, messages), nothing missed — and once a night is finished its remaining runs do
 * nothing. A level message owed by a killed run is sent by the next one. (The birthday
 * greeting is the automations timer's `birthdayGreeting`.)
 */
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { startTestEmulator, type TestEmulator } from '../support/emulator';
import { waitFor } from '../support/waitFor';
import { shanghaiTime } from '../../src/domain/calendar';
import type { AutomationsRunResult } from '../../cloudfunctions/automations/index';
import type { DailyResult } from '../../cloudfunctions/daily/index';
import type { InvocationResult } from '../../emulator/functions/runner';
import { addMember, find, type TestMember } from './support/loyalty';
import { snapshot } from './support/memberJourney';

const TPL = 'TPL_BIRTHDAY_GREETING';
const MORNING = shanghaiTime(2027, 5, 19, 9, 0); // greeting day of 20 May birthdays
const greeted = (r: AutomationsRunResult) => r.byAutomation.birthdayGreeting?.acted ?? 0;
const NIGHT = shanghaiTime(2027, 5, 19, 2, 0); // lots expired at the end of 18 May

function fire(emu: TestEmulator, name: string): Promise<InvocationResult> {
  const trigger = emu.scheduler.schedule().find((t) => t.functionName === name)!;
  return emu.scheduler.fireNow(trigger).then((f) => f.result);
}
async function run<T>(emu: TestEmulator, name: string): Promise<T> {
  const out = await fire(emu, name);
  if (!out.ok) throw new Error(`${name}: ${out.errCode} ${out.errMsg}`);
  return out.result as T;
}

/** `n` members with a birthday on 20 May; the first `subscribed` hold a greeting credit. */
function celebrants(emu: TestEmulator, n: number, subscribed: number): TestMember[] {
  emu.clock.set(shanghaiTime(2027, 5, 1, 12));
  const members = Array.from({ length: n }, () =>
    addMember(emu, { birthday: { month: 5, day: 20, year: null } }),
  );
  for (const m of members.slice(0, subscribed)) {
    emu.openApi.grantSubscription(m.openid, [TPL], emu.clock.now());
    emu.database.insertMany('subscriptions', [
      {
        _id: `${m.openid}:${TPL}`,
        openid: m.openid,
        memberId: m._id,
        purpose: 'birthday',
        templateId: TPL,
        credits: 1,
        accepted: 1,
        spent: 0,
        lastAcceptedAt: emu.clock.now(),
        updatedAt: emu.clock.now(),
      },
    ]);
  }
  return members;
}
/** `n` members each with three expired lots (10 + 20 + 30) and one still valid (50). */
function expiring(emu: TestEmulator, n: number): TestMember[] {
  const expired = shanghaiTime(2027, 5, 18, 23, 59, 59, 999);
  return Array.from({ length: n }, () =>
    addMember(emu, {
      lots: [
        { points: 10, expiresAt: expired },
        { points: 20, expiresAt: expired },
        { points: 30, expiresAt: expired },
        { points: 50, expiresAt: shanghaiTime(2028, 12, 31, 23, 59, 59, 999) },
      ],
    }),
  );
}

/** Every celebrant greeted exactly once: one coupon each, one message per credit, due next year. */
function expectGreetedOnce(emu: TestEmulator, members: TestMember[], subscribed: number) {
  const coupons = find(emu, 'coupons', { source: 'birthday' }, { limit: 10_000 });
  expect(coupons).toHaveLength(members.length);
  expect(new Set(coupons.map((c) => c.issueKey)).size).toBe(members.length);
  for (const m of members.slice(0, subscribed))
    expect(
      emu.openApi.outbox.list({ channel: 'subscribe', touser: m.openid }).map((x) => x.status),
    ).toEqual(['delivered']);
  expect(emu.openApi.outbox.list({ channel: 'subscribe' })).toHaveLength(subscribed);
  expect(emu.database.count('members', { birthdayDueAt: shanghaiTime(2028, 5, 20) })).toBe(
    members.length,
  );
}
/** Every member's expired lots expired exactly once: balance 50, one ledger entry of −60. */
function expectExpiredOnce(emu: TestEmulator, members: TestMember[]) {
  const entries = find(emu, 'pointsLedger', { kind: 'expire' }, { limit: 10_000 });
  expect(entries).toHaveLength(members.length);
  expect(new Set(entries.map((e) => e.memberId)).size).toBe(members.length);
  expect(entries.every((e) => e.delta === -60)).toBe(true);
  const balances = find(
    emu,
    'members',
    { _id: { $in: members.map((m) => m._id) } },
    { limit: 10_000 },
  );
  expect(balances.map((m) => m.points.balance)).toEqual(members.map(() => 50));
  expect(
    emu.database.count('pointLots', { remaining: { $gt: 0 }, expiresAt: { $lt: NIGHT } }),
  ).toBe(0);
}

describe('a run cut short by its own deadline (timeouts set to 2 s)', () => {
  let emu: TestEmulator;
  beforeAll(async () => {
    // 15 ms per database request: 250 greetings or 120 expiries cannot fit in one 2-s run
    emu = await startTestEmulator({
      functionTimeouts: { automations: 2, daily: 2 },
      databaseLatencyMs: 15,
    });
    await emu.seedMinimal();
  });
  afterAll(async () => {
    await emu?.stop();
  });

  it('birthday greeting: each run stops before the timeout, the next one resumes; all greeted once', async () => {
    const members = celebrants(emu, 250, 5);
    emu.clock.set(MORNING);
    const runs: AutomationsRunResult[] = [];
    while (runs.length < 60) {
      const r = await run<AutomationsRunResult>(emu, 'automations'); // never killed: throws if it were
      runs.push(r);
      if (r.complete) break;
    }
    expect(runs.length).toBeGreaterThan(1);
    expect(runs[0]).toMatchObject({ complete: false });
    expect(greeted(runs[0])).toBeGreaterThan(0);
    expect(runs.at(-1)).toMatchObject({ complete: true });
    expect(runs.reduce((s, r) => s + greeted(r), 0)).toBe(250);
    expectGreetedOnce(emu, members, 5);
    expect(await run<AutomationsRunResult>(emu, 'automations')).toMatchObject({
      byAutomation: { birthdayGreeting: { found: 0 } },
      complete: true,
    });
  });

  it('daily: the night resumes where it stopped; a finished night does nothing', async () => {
    const members = expiring(emu, 120);
    emu.clock.set(NIGHT);
    const runs: DailyResult[] = [];
    while (runs.length < 60) {
      const r = await run<DailyResult>(emu, 'daily');
      runs.push(r);
      if (r.done) break;
    }
    expect(runs.length).toBeGreaterThan(1);
    expect(runs[0]).toMatchObject({ done: false, points: { more: true, failed: 0 } });
    expect(runs.at(-1)).toMatchObject({ done: true, alreadyDone: false });
    expect(runs.reduce((s, r) => s + r.points.members, 0)).toBe(120);
    expectExpiredOnce(emu, members);
    expect(find(emu, 'jobRuns', { _id: 'daily:2027-05-19' }, { limit: 1 })[0]).toMatchObject({
      done: { coupons: true, points: true, levels: true },
      runs: runs.length,
    });
    // the rest of the night's window: one read, no writes
    const before = snapshot(emu);
    emu.clock.set(NIGHT + 40 * 60_000);
    expect(await run<DailyResult>(emu, 'daily')).toMatchObject({ alreadyDone: true, done: true });
    expect(snapshot(emu)).toBe(before);
  });
});

describe('a run killed mid-batch (the instance is ended)', () => {
  let emu: TestEmulator;
  beforeAll(async () => {
    emu = await startTestEmulator();
    await emu.seedMinimal();
  });
  afterAll(async () => {
    await emu?.stop();
  });

  it('birthday greeting: the next run greets the rest; nobody gets a second coupon or message', async () => {
    const members = celebrants(emu, 250, 5);
    emu.clock.set(MORNING);
    const killed = fire(emu, 'automations');
    await waitFor(
      () => expect(emu.database.count('coupons', { source: 'birthday' })).toBeGreaterThan(30),
      {
        intervalMs: 5,
      },
    );
    expect(emu.runner.recycle('automations')).toBe(1);
    expect(await killed).toMatchObject({ ok: false, errCode: -504002 });
    expect(emu.database.count('coupons', { source: 'birthday' })).toBeLessThan(250);

    emu.clock.set(MORNING + 10 * 60_000); // the next run of the window
    // the steps the killed run left 'acting' are redone, the others greeted: one coupon each
    const next = await run<AutomationsRunResult>(emu, 'automations');
    expect(next).toMatchObject({ complete: true });
    expectGreetedOnce(emu, members, 5);
    expect(find(emu, 'automationRuns', { status: 'acting' })).toEqual([]);
    expect(emu.database.count('automationRuns', { automationKey: 'birthdayGreeting' })).toBe(250);
    expect(await run<AutomationsRunResult>(emu, 'automations')).toMatchObject({
      byAutomation: { birthdayGreeting: { found: 0, acted: 0 } },
    });
  });

  it('daily: later runs of the night expire the rest; no lot expires twice, no ledger entry is doubled', async () => {
    const members = expiring(emu, 300);
    emu.clock.set(NIGHT);
    const killed = fire(emu, 'daily');
    await waitFor(
      () => expect(emu.database.count('pointsLedger', { kind: 'expire' })).toBeGreaterThan(30),
      {
        intervalMs: 5,
      },
    );
    expect(emu.runner.recycle('daily')).toBe(1);
    expect(await killed).toMatchObject({ ok: false, errCode: -504002 });
    expect(emu.database.count('pointsLedger', { kind: 'expire' })).toBeLessThan(300);

    // runs every 10 minutes; a transaction the killed instance left open holds its member
    // until the database expires it (30 s), and that member waits for a later run
    let minutes = 0;
    const last = await waitFor(
      async () => {
        emu.clock.set(NIGHT + (minutes += 10) * 60_000);
        const r = await run<DailyResult>(emu, 'daily');
        expect(r.done).toBe(true);
        return r;
      },
      // the open transaction alone takes 30 s to expire; the rest is slack for a busy machine
      { timeoutMs: 120_000, intervalMs: 2_000 },
    );
    expect(last.alreadyDone).toBe(false);
    expectExpiredOnce(emu, members);
  }, 170_000);

  it('daily: a level message a killed run owed is sent by the next night’s run, once', async () => {
    // what a run killed right after moving the member down leaves: the level, the in-app
    // notice and the owed message in one update, the message not yet sent
    const TPL_LEVEL = 'TPL_LEVEL_CHANGED';
    const month = '2027-06';
    const decision = {
      kind: 'levelChanged',
      from: 'silver',
      to: 'normal',
      direction: 'down',
      notice: '根据近12个月消费，您的会员等级已调整为普通会员。',
    };
    const owed = { key: `level:owed-by-a-killed-run:${month}:normal`, decision };
    const withOwed = addMember(emu, {
      level: 'normal',
      fields: { levelCheckedMonth: month, levelMessage: owed },
    });
    emu.clock.set(shanghaiTime(2027, 6, 2, 2, 0));
    emu.openApi.grantSubscription(withOwed.openid, [TPL_LEVEL], emu.clock.now());
    emu.database.insertMany('subscriptions', [
      {
        _id: `${withOwed.openid}:${TPL_LEVEL}`,
        openid: withOwed.openid,
        memberId: withOwed._id,
        purpose: 'levelChanged',
        templateId: TPL_LEVEL,
        credits: 1,
        accepted: 1,
        spent: 0,
        lastAcceptedAt: emu.clock.now(),
        updatedAt: emu.clock.now(),
      },
    ]);
    const night = await run<DailyResult>(emu, 'daily');
    expect(night).toMatchObject({ done: true, levels: { resent: 1 } });
    expect(emu.openApi.outbox.list({ touser: withOwed.openid }).map((x) => x.templateId)).toEqual([
      TPL_LEVEL,
    ]);
    expect(
      find(emu, 'members', { _id: withOwed._id }, { limit: 1 })[0].levelMessage,
    ).toBeUndefined();
    emu.clock.set(shanghaiTime(2027, 6, 3, 2, 0));
    expect(await run<DailyResult>(emu, 'daily')).toMatchObject({ levels: { resent: 0 } });
    expect(emu.openApi.outbox.list({ touser: withOwed.openid })).toHaveLength(1);
  });
});
