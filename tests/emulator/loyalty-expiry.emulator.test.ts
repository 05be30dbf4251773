/**
 * The daily timer's point expiry and level check, with the emulator's clock moved through
 * the years: lots expire independently and only what remains of them; the balance always
 * equals earned − spent − expired and never goes negative; levels follow the rolling
 * 12-month spend down, with a notice (and a subscribe message when the member has a credit).
 */
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { startTestEmulator, type TestEmulator } from '../support/emulator';
import type { Reply } from '../../src/contracts/reply';
import type { PurchaseResult } from '../../src/contracts/staff';
import { shanghaiTime } from '../../src/domain/calendar';
import { addMember, data, FUNCTION_ENV, find } from './support/loyalty';

const CLERK = 'o_test_clerk_S001';
let emu: TestEmulator;
let n = 0;

type DailyResult = {
  couponsExpired: number;
  points: { members: number; lots: number; points: number; failed: number; more: boolean };
  levels: { checked: number; changed: number; more: boolean };
};

/**
 * Move the clock without firing timers: each scenario sets up its data, then fires `daily`
 * by hand (a night's run is done once per Shanghai date, so scenarios use dates of their own).
 */
async function at(ts: number) {
  emu.clock.set(ts);
}
/** Fire the `daily` trigger now (the trigger path: no OPENID, SOURCE wx_trigger). */
async function daily(): Promise<DailyResult> {
  const trigger = emu.scheduler.schedule().find((t) => t.functionName === 'daily')!;
  const out = (await emu.scheduler.fireNow(trigger)).result;
  if (!out.ok) throw new Error(out.errMsg);
  return out.result as DailyResult;
}
async function buy(memberId: string, amountFen: number): Promise<PurchaseResult> {
  return data(
    await emu.call<Reply<PurchaseResult>>(
      'staff',
      {
        action: 'recordPurchase',
        memberId,
        receiptNo: `EX${Date.now().toString(36)}${++n}`,
        lines: [{ category: '家居清洁', amountFen }],
      },
      CLERK,
    ),
  );
}
const member = (id: string) => find(emu, 'members', { _id: id })[0];
const lotsOf = (id: string) => find(emu, 'pointLots', { memberId: id }, { sort: { earnedAt: 1 } });
const ledger = (id: string) => {
  const sum = (kind: string) =>
    Math.abs(find(emu, 'pointsLedger', { memberId: id, kind }).reduce((s, e) => s + e.delta, 0));
  return {
    earned: sum('earn'),
    spent: sum('spend'),
    expired: sum('expire'),
    reversed: sum('reverse'),
  };
};

beforeAll(async () => {
  emu = await startTestEmulator({ functionEnv: FUNCTION_ENV });
  await emu.seedMinimal();
  emu.database.insertMany('rewards', [
    {
      _id: 'rw-30',
      title: '小礼品',
      description: '',
      kind: 'gift',
      pointsCost: 30,
      stock: null,
      couponTemplateId: null,
      perMemberLimit: null,
      active: true,
      sort: 1,
      createdAt: 0,
    },
  ]);
});
afterAll(async () => {
  await emu?.travel({ reset: true });
  await emu?.stop();
});

describe('point expiry', () => {
  it('lots expire independently; spending took the soonest; the balance is earned − spent − expired, never negative', async () => {
    await at(shanghaiTime(2025, 3, 1, 10));
    const m = addMember(emu);
    expect((await buy(m._id, 10_000)).pointsEarned).toBe(100); // lot A: expires 2026-12-31
    await at(shanghaiTime(2026, 2, 1, 10));
    expect((await buy(m._id, 30_000)).pointsEarned).toBe(600); // lot B: expires 2027-12-31
    await at(shanghaiTime(2026, 6, 1, 10));
    data(
      await emu.call<Reply<unknown>>(
        'mall',
        { action: 'redeemReward', rewardId: 'rw-30', requestId: `spend-${m._id}` },
        m.openid,
      ),
    );
    const [a, b] = lotsOf(m._id);
    expect([a.remaining, b.remaining]).toEqual([70, 600]); // the soonest-expiring lot paid

    // the last day of 2026: nothing has expired yet
    await at(shanghaiTime(2026, 12, 31, 23, 0));
    expect((await daily()).points.lots).toBe(0);
    expect(member(m._id).points.balance).toBe(670);

    // 2027-01-01 01:00 (before the scheduled 02:00 run, fired by hand): lot A expires — only the 70 left of it; lot B is untouched
    await at(shanghaiTime(2027, 1, 1, 1));
    expect((await daily()).points).toMatchObject({ lots: 1, points: 70 });
    expect(lotsOf(m._id).map((l) => l.remaining)).toEqual([0, 600]);
    expect(lotsOf(m._id)[0]).toMatchObject({ expired: 70 });
    expect(member(m._id).points).toEqual({ balance: 600, lifetime: 700 });
    expect(ledger(m._id)).toEqual({ earned: 700, spent: 30, expired: 70, reversed: 0 });
    expect((await daily()).points.lots).toBe(0); // a re-run finds nothing left

    await at(shanghaiTime(2028, 1, 1, 1));
    await daily();
    expect(member(m._id).points.balance).toBe(0);
    const l = ledger(m._id);
    expect(l).toEqual({ earned: 700, spent: 30, expired: 670, reversed: 0 });
    expect(l.earned - l.spent - l.expired - l.reversed).toBe(member(m._id).points.balance);
  });

  it('never takes a balance below zero, even when the books disagree', async () => {
    const now = shanghaiTime(2028, 2, 1, 1);
    await at(now);
    const m = addMember(emu, { lots: [{ points: 100, expiresAt: now - 1_000 }], balance: 40 });
    const result = await daily();
    expect(result.points).toMatchObject({ points: 40 });
    expect(member(m._id).points.balance).toBe(0);
    expect(lotsOf(m._id)[0].remaining).toBe(0);
  });

  it('expires many members in one run, each all-or-nothing', async () => {
    const now = shanghaiTime(2028, 3, 1, 1);
    await at(now);
    const ms = Array.from({ length: 30 }, (_, i) =>
      addMember(emu, {
        lots: [
          { points: 10 + i, expiresAt: now - 1_000 },
          { points: 5, expiresAt: now - 2_000 },
          { points: 50, expiresAt: now + 1_000_000 },
        ],
      }),
    );
    const result = await daily();
    expect(result.points).toMatchObject({ members: 30, lots: 60, failed: 0, more: false });
    ms.forEach((m) => {
      expect(member(m._id).points.balance).toBe(50);
      const l = ledger(m._id);
      expect(l.earned - l.spent - l.expired).toBe(50);
    });
  });

  it('expires a member with many lots in transactions of at most 50 lots, each with its ledger entry', async () => {
    const now = shanghaiTime(2028, 3, 15, 2);
    await at(now);
    const m = addMember(emu, {
      lots: Array.from({ length: 120 }, (_, i) => ({
        points: 1 + (i % 3),
        expiresAt: now - 1_000 - i,
      })),
      balance: 240,
    });
    const result = await daily();
    expect(result.points).toMatchObject({ failed: 0, more: false }); // (earlier scenarios' lots expire too)
    const entries = find(emu, 'pointsLedger', { memberId: m._id, kind: 'expire' });
    expect(entries.map((e) => e.lots.length).sort((a, b) => b - a)).toEqual([50, 50, 20]);
    expect(entries.reduce((s, e) => s + e.delta, 0)).toBe(-240);
    expect(member(m._id).points.balance).toBe(0);
    expect(lotsOf(m._id).every((l) => l.remaining === 0)).toBe(true);
  });
});

describe('daily level check', () => {
  it('moves members down when their rolling 12-month spend fell, once a month, with a notice and a message', async () => {
    const now = shanghaiTime(2028, 4, 1, 1);
    await at(now);
    const lapsed = addMember(emu, {
      level: 'silver',
      stats: { spendByMonth: { '2027-03': 150_000 } },
    }); // 13 months ago: no longer counts
    const partly = addMember(emu, {
      level: 'gold',
      stats: { spendByMonth: { '2027-05': 450_000, '2028-02': 120_000 } },
    }); // 5 700 → stays gold
    const falling = addMember(emu, {
      level: 'gold',
      stats: { spendByMonth: { '2027-03': 400_000, '2027-06': 200_000 } },
    }); // 2 000 → silver
    // `falling` accepted the level-change message once (WeChat's credit and our count)
    emu.openApi.grantSubscription(falling.openid, ['TPL_LEVEL_CHANGED'], now);
    emu.database.insertMany('subscriptions', [
      {
        _id: `${falling.openid}:TPL_LEVEL_CHANGED`,
        openid: falling.openid,
        memberId: falling._id,
        purpose: 'levelChanged',
        templateId: 'TPL_LEVEL_CHANGED',
        credits: 1,
        accepted: 1,
        spent: 0,
        lastAcceptedAt: now,
        updatedAt: now,
      },
    ]);

    const result = await daily();
    expect(result.levels.changed).toBeGreaterThanOrEqual(2);
    expect(member(lapsed._id)).toMatchObject({ level: 'normal', levelCheckedMonth: '2028-04' });
    expect(member(partly._id)).toMatchObject({ level: 'gold', levelCheckedMonth: '2028-04' });
    expect(member(falling._id).level).toBe('silver');
    expect(member(lapsed._id).notices).toMatchObject([
      {
        kind: 'levelChanged',
        to: 'normal',
        text: '根据近12个月消费，您的会员等级已调整为普通会员。',
      },
    ]);
    const sent = emu.openApi.outbox.list({ touser: falling.openid });
    expect(sent).toHaveLength(1);
    expect(sent[0]).toMatchObject({ templateId: 'TPL_LEVEL_CHANGED' });
    expect(emu.openApi.outbox.list({ touser: lapsed.openid })).toHaveLength(0); // no credit: in-app notice only

    // the same month again: nothing to check
    expect((await daily()).levels).toMatchObject({ checked: 0, changed: 0 });
  });
});
