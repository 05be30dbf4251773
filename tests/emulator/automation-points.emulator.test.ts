/**
 * The reminders members are offered: points changes (`pointsChanged`, run by the automations
 * timer's pass over new points-ledger entries) and coupons ending in 3 days
 * (`couponExpiring`), as subscribe messages of their own (service notices: no marketing
 * consent). A member holding a credit gets the message and spends one credit; without one,
 * the card notice only. Points: at most once a day, however many changes; quiet hours defer
 * (sent from 09:00, not dropped); the holdout gets nothing.
 */
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { startTestEmulator, type TestEmulator } from '../support/emulator';
import { shanghaiTime } from '../../src/domain/calendar';
import type { AutomationsRunResult } from '../../cloudfunctions/automations/index';
import { addCoupon, addMember, find, type AnyDoc } from './support/loyalty';
import { fireTimer } from './support/tags';
import { grantCredit, idsWithHoldout, only, setAutomations } from './support/automations';

const TPL_POINTS = 'TPL_POINTS_CHANGED';
const TPL_EXPIRING = 'TPL_COUPON_EXPIRING';
let emu: TestEmulator;
let receipt = 0;

const sentTo = (openid: string) =>
  emu.openApi.outbox
    .list({ channel: 'subscribe', touser: openid })
    .filter((m) => m.status === 'delivered');
const runsOf = (memberId: string, automationKey: string) =>
  find(emu, 'automationRuns', { memberId, automationKey }, { limit: 100 });
const messageOutcome = (run: AnyDoc) =>
  run.actions.find((a: { kind: string }) => a.kind === 'memberMessage').outcome;
const credits = (memberId: string, templateId: string) =>
  find(emu, 'subscriptions', { memberId, templateId })[0]?.credits ?? 0;
const noticesOf = (memberId: string) =>
  (find(emu, 'members', { _id: memberId })[0].notices ?? []) as AnyDoc[];
const run = () => fireTimer<AutomationsRunResult>(emu, 'automations');

async function buy(memberId: string, amountFen: number) {
  const clerk = find(emu, 'staff', { _id: 'C0011' })[0];
  const reply = await emu.call<{ ok: boolean }>(
    'staff',
    {
      action: 'recordPurchase',
      memberId,
      receiptNo: `PT-${++receipt}`,
      lines: [{ category: '家居清洁', amountFen }],
    },
    clerk.openid,
  );
  expect(reply.ok).toBe(true);
}

beforeAll(async () => {
  emu = await startTestEmulator();
  await emu.seedMinimal();
});
afterAll(async () => {
  await emu?.stop();
});

describe('points changed', () => {
  const m: Record<string, { _id: string; openid: string }> = {};

  it('a purchase: the credited member gets 积分变动提醒 (one credit spent), the other the card notice', async () => {
    emu.clock.set(shanghaiTime(2027, 6, 10, 14));
    setAutomations(emu, [only('pointsChanged')]);
    m.credited = addMember(emu, { balance: 100 });
    m.noCredit = addMember(emu, { balance: 100 });
    grantCredit(emu, m.credited, 'pointsChanged', TPL_POINTS, 2);
    await buy(m.credited._id, 8_800);
    await buy(m.noCredit._id, 8_800);
    emu.clock.advance(60_000);
    await run();
    // 90 s behind the clock: not yet
    expect(runsOf(m.credited._id, 'pointsChanged')).toHaveLength(0);
    emu.clock.advance(60_000);
    const { result } = await run();
    expect(result.byAutomation.pointsChanged).toMatchObject({ found: 2, acted: 2 });
    const balance = find(emu, 'members', { _id: m.credited._id })[0].points.balance;
    expect(balance).toBeGreaterThan(100);
    const [msg] = sentTo(m.credited.openid);
    expect(sentTo(m.credited.openid)).toHaveLength(1);
    expect(msg).toMatchObject({
      templateId: TPL_POINTS,
      page: 'pages/points/index',
      data: {
        number1: { value: String(balance) },
        thing2: { value: expect.stringMatching(/消费 \+\d+$/) },
        date3: { value: '2027-06-10' },
      },
    });
    expect(credits(m.credited._id, TPL_POINTS)).toBe(1);
    expect(messageOutcome(runsOf(m.credited._id, 'pointsChanged')[0])).toBe('sent');
    expect(sentTo(m.noCredit.openid)).toHaveLength(0);
    expect(messageOutcome(runsOf(m.noCredit._id, 'pointsChanged')[0])).toBe('notice:noCredit');
    for (const x of [m.credited, m.noCredit])
      expect(noticesOf(x._id).map((n) => n.title)).toEqual(['积分变动']);
  });

  it('told at most once a day: a second purchase that day sends nothing, the next day’s does', async () => {
    await buy(m.credited._id, 5_000);
    emu.clock.advance(120_000);
    const { result } = await run();
    expect(result.byAutomation.pointsChanged).toMatchObject({ found: 1, duplicate: 1 });
    expect(sentTo(m.credited.openid)).toHaveLength(1);
    expect(credits(m.credited._id, TPL_POINTS)).toBe(1);
    emu.clock.set(shanghaiTime(2027, 6, 11, 15));
    await buy(m.credited._id, 5_000);
    emu.clock.advance(120_000);
    await run();
    expect(sentTo(m.credited.openid)).toHaveLength(2);
    expect(credits(m.credited._id, TPL_POINTS)).toBe(0);
    expect(
      runsOf(m.credited._id, 'pointsChanged')
        .map((r) => r.occurrenceId)
        .sort(),
    ).toEqual(['2027-06-10', '2027-06-11']);
  });

  it('expiry at 22:00 (quiet hours): deferred, sent from 09:00 the next morning', async () => {
    emu.clock.set(shanghaiTime(2027, 6, 12, 22));
    const late = addMember(emu, { balance: 80 });
    grantCredit(emu, late, 'pointsChanged', TPL_POINTS);
    const at = emu.clock.now();
    emu.database.insertMany('pointsLedger', [
      {
        _id: 'led:test-expire',
        memberId: late._id,
        kind: 'expire',
        delta: -20,
        ref: 'x',
        at,
        title: '积分过期',
      },
    ]);
    emu.clock.advance(120_000);
    await run();
    expect(messageOutcome(runsOf(late._id, 'pointsChanged')[0])).toBe('deferred');
    expect(sentTo(late.openid)).toHaveLength(0);
    emu.clock.set(shanghaiTime(2027, 6, 13, 9, 5));
    await run();
    expect(sentTo(late.openid).map((x) => x.data.thing2)).toEqual([{ value: '积分过期 -20' }]);
    expect(credits(late._id, TPL_POINTS)).toBe(0);
  });

  it('the holdout gets nothing; switched off, the pass only moves its cursor on', async () => {
    emu.clock.set(shanghaiTime(2027, 6, 14, 11));
    setAutomations(emu, [only('pointsChanged', { holdoutPercent: 50 })]);
    const members = idsWithHoldout('automation:pointsChanged', 50, 12, 6).map((id) =>
      addMember(emu, { id, balance: 10 }),
    );
    const at = emu.clock.now();
    emu.database.insertMany(
      'pointsLedger',
      members.map((x, i) => ({
        _id: `led:hold-${i}`,
        memberId: x._id,
        kind: 'adjust',
        delta: 5,
        ref: 'x',
        at,
      })),
    );
    emu.clock.advance(120_000);
    const { result } = await run();
    const counts = result.byAutomation.pointsChanged;
    expect(counts).toMatchObject({ holdout: 6, acted: 6 });
    for (const x of members) {
      const [r] = runsOf(x._id, 'pointsChanged');
      expect(noticesOf(x._id)).toHaveLength(r.group === 'holdout' ? 0 : 1);
    }
    setAutomations(emu, [only('pointsChanged', { enabled: false })]);
    const off = addMember(emu, { balance: 10 });
    emu.database.insertMany('pointsLedger', [
      {
        _id: 'led:off',
        memberId: off._id,
        kind: 'adjust',
        delta: 5,
        ref: 'x',
        at: emu.clock.now(),
      },
    ]);
    emu.clock.advance(120_000);
    await run();
    setAutomations(emu, [only('pointsChanged')]);
    emu.clock.advance(120_000);
    await run();
    expect(runsOf(off._id, 'pointsChanged')).toHaveLength(0);
  });
});

describe('coupon expiring', () => {
  it('a credited member gets 优惠券到期提醒 at 09:00 with the coupon and its end; no credit: the notice', async () => {
    emu.clock.set(shanghaiTime(2027, 11, 20, 5));
    setAutomations(emu, [only('couponExpiring')]);
    const credited = addMember(emu);
    const other = addMember(emu);
    grantCredit(emu, credited, 'couponExpiring', TPL_EXPIRING);
    const ends = shanghaiTime(2027, 11, 23, 23, 59, 59, 999);
    addCoupon(emu, credited._id, { validUntil: ends });
    addCoupon(emu, other._id, { validUntil: ends });
    await run();
    expect(messageOutcome(runsOf(credited._id, 'couponExpiring')[0])).toBe('deferred');
    emu.clock.set(shanghaiTime(2027, 11, 20, 9, 5));
    await run();
    await run();
    const coupon = find(emu, 'coupons', { memberId: credited._id })[0];
    expect(sentTo(credited.openid)).toEqual([
      expect.objectContaining({
        templateId: TPL_EXPIRING,
        page: 'pages/wallet/index',
        data: {
          thing1: { value: coupon.title },
          date2: { value: '2027-11-23' },
          thing3: { value: '您有优惠券快到期了，记得来店使用' },
        },
      }),
    ]);
    expect(credits(credited._id, TPL_EXPIRING)).toBe(0);
    expect(sentTo(other.openid)).toHaveLength(0);
    expect(find(emu, 'deferredMessages')).toHaveLength(0);
    expect(noticesOf(other._id).map((n) => n.title)).toEqual(['优惠券即将到期']);
  });
});
