/**
 * The automations timer against the emulator, with known members: 7 days without a
 * purchase → one coupon and an in-app notice deferred past quiet hours; the cap; the
 * holdout gets nothing but is recorded; a catch-up night does nothing twice; a run killed
 * mid-way resumes with no coupon issued twice; the 流失 wake-up journey stops when the
 * member comes back; the 高价值沉默 recall gives the member's clerk a task; a new member with
 * no first order after 24 hours gets the first-order coupon.
 */
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { startTestEmulator, type TestEmulator } from '../support/emulator';
import { DAY_MS, shanghaiTime } from '../../src/domain/calendar';
import { DEFAULT_AUTOMATIONS } from '../../src/domain/automations/definitions';
import { assignGroup } from '../../src/domain/automations/holdout';
import type { AutomationsRunResult } from '../../cloudfunctions/automations/index';
import {
  addCoupon,
  addMember,
  data,
  find,
  thresholdTemplate,
  type AnyDoc,
} from './support/loyalty';
import type { Reply } from '../../src/contracts/reply';
import type { AutomationResultsView, AutomationsView } from '../../src/contracts/crm';
import type { CardView } from '../../src/contracts/member';
import { addTaggedMember, fireTimer } from './support/tags';
import { idsWithHoldout, only, PII_SECRET, setAutomations } from './support/automations';

const TEMPLATES = ['auto-recall', 'auto-first-order', 'auto-old-friend', 'auto-wake-up'];

let emu: TestEmulator;
const run = () => fireTimer<AutomationsRunResult>(emu, 'automations');
const coupons = (memberId: string) => find(emu, 'coupons', { memberId }, { limit: 100 });
const member = (id: string): AnyDoc => find(emu, 'members', { _id: id })[0];
beforeAll(async () => {
  emu = await startTestEmulator();
  await emu.seedMinimal();
  emu.database.insertMany(
    'couponTemplates',
    TEMPLATES.map((id) => thresholdTemplate(id)),
  );
});
afterAll(async () => {
  await emu?.stop();
});

describe('7 days without a purchase', () => {
  const ids: Record<string, string> = {};
  beforeAll(() => {
    emu.clock.set(shanghaiTime(2027, 6, 10, 5)); // 05:00, quiet hours
    setAutomations(emu, [only('inactive7')]);
    ids.seven = addTaggedMember(emu, [{ daysAgo: 7 }])._id;
    ids.six = addTaggedMember(emu, [{ daysAgo: 6 }])._id;
    ids.nine = addTaggedMember(emu, [{ daysAgo: 9 }])._id; // a missed night: caught up
    ids.twelve = addTaggedMember(emu, [{ daysAgo: 12 }])._id;
    ids.capped = addTaggedMember(emu, [{ daysAgo: 7 }], {
      fields: { automationLastRun: { inactive7: emu.clock.now() - 10 * DAY_MS } },
    })._id;
    ids.closed = addTaggedMember(emu, [{ daysAgo: 7 }], { status: 'deleted' })._id;
  });

  it('one coupon and one notice each, at 09:00 (after quiet hours); the others nothing', async () => {
    const { result } = await run();
    expect(result.complete).toBe(true);
    expect(result.byAutomation.inactive7).toEqual({
      found: 3,
      acted: 2,
      holdout: 0,
      skipped: 1,
      duplicate: 0,
    });
    for (const id of [ids.seven, ids.nine]) {
      expect(coupons(id).map((c) => [c.templateId, c.source])).toEqual([
        ['auto-recall', 'automation'],
      ]);
      const notices = member(id).notices as AnyDoc[];
      expect(notices).toEqual([
        expect.objectContaining({
          kind: 'automation',
          automationKey: 'inactive7',
          title: '好久不见',
          at: shanghaiTime(2027, 6, 10, 9),
          read: false,
        }),
      ]);
      expect(member(id).automationLastRun.inactive7).toBeGreaterThan(0);
    }
    for (const id of [ids.six, ids.twelve, ids.capped, ids.closed])
      expect(coupons(id)).toHaveLength(0);
    const runDoc = find(emu, 'automationRuns', { memberId: ids.seven })[0];
    expect(runDoc).toMatchObject({
      _id: `inactive7:${ids.seven}:2027-06-03`,
      group: 'treated',
      status: 'done',
      nextStepAt: null,
      actions: [
        { kind: 'coupon', outcome: 'issued' },
        { kind: 'memberMessage', outcome: 'deferred' },
      ],
    });
  });

  it('the rest of the night finds the window done; the next night’s catch-up issues nothing twice', async () => {
    const again = await run();
    expect(again.result.byAutomation.inactive7.found).toBe(0);
    emu.clock.set(shanghaiTime(2027, 6, 11, 5));
    const next = await run();
    // six: its own 7th day; seven (8 days, caught up again) and capped: within the 30-day cap
    expect(next.result.byAutomation.inactive7).toEqual({
      found: 3,
      acted: 1,
      holdout: 0,
      skipped: 2,
      duplicate: 0,
    });
    for (const id of [ids.seven, ids.nine]) expect(coupons(id)).toHaveLength(1);
    expect(coupons(ids.six)).toHaveLength(1); // its own 7th day
    expect((member(ids.seven).notices as AnyDoc[]).length).toBe(1);
  });
  it('the member’s card shows the notice from 09:00, unread until marked read', async () => {
    const openid = `o_${ids.six}`; // its coupon and notice came on 11 June at 05:00
    const card = async () =>
      data(await emu.call<Reply<CardView>>('member', { action: 'getCard' }, openid));
    expect((await card()).notices).toEqual([]); // 05:xx: still quiet hours
    emu.clock.set(shanghaiTime(2027, 6, 11, 9, 30));
    expect((await card()).notices).toEqual([
      expect.objectContaining({
        title: '好久不见',
        text: '送您一张优惠券，欢迎回店看看',
        unread: true,
      }),
    ]);
    expect(
      data(
        await emu.call<Reply<{ readAt: number }>>('member', { action: 'markNoticesRead' }, openid),
      ).readAt,
    ).toBeGreaterThan(0);
    expect((await card()).notices.map((n) => n.unread)).toEqual([false]);
    expect(
      await emu.call<Reply<unknown>>('member', { action: 'markNoticesRead' }, 'o_nobody'),
    ).toMatchObject({ ok: false, error: { code: 'AUTH.NOT_MEMBER' } });
  });
});

let ids: string[] = []; // the holdout test's 40 members (run on 2027-07-20)
let held: string[] = [];

describe('holdout and a killed run', () => {
  it('the hashed 10% get nothing but a recorded run; a run killed mid-way resumes, one coupon each', async () => {
    emu.clock.set(shanghaiTime(2027, 7, 20, 5));
    setAutomations(emu, [{ ...only('inactive7'), holdoutPercent: 10 }]);
    ids = idsWithHoldout('automation:inactive7', 10, 40, 4).map(
      (id) => addTaggedMember(emu, [{ daysAgo: 7 }], { id })._id,
    );
    held = ids.filter(
      (id) => assignGroup(id, 'automation:inactive7', 10, PII_SECRET) === 'holdout',
    );
    expect(held).toHaveLength(4);
    emu.faults.arm({ fn: 'automations', afterRequest: 30 }); // inside the first group of 8
    const trigger = emu.scheduler.schedule().find((t) => t.functionName === 'automations')!;
    expect((await emu.scheduler.fireNow(trigger)).result).toMatchObject({ ok: false });
    const partly = ids.filter((id) => coupons(id).length > 0).length;
    expect(partly).toBeGreaterThan(0);
    expect(partly).toBeLessThan(ids.length - held.length);

    const { result } = await run();
    expect(result.complete).toBe(true);
    for (const id of ids) expect(coupons(id)).toHaveLength(held.includes(id) ? 0 : 1);
    const runs = find(emu, 'automationRuns', { memberId: { $in: ids } }, { limit: 100 });
    expect(runs).toHaveLength(40);
    expect(
      runs
        .filter((r) => r.group === 'holdout')
        .map((r) => r.memberId)
        .sort(),
    ).toEqual([...held].sort());
    expect(runs.filter((r) => r.group === 'holdout').every((r) => r.status === 'holdout')).toBe(
      true,
    );
    for (const id of held) expect(member(id).notices ?? []).toEqual([]);
    // a run cut short after the member update but before its own: redone once its lease ends
    emu.clock.advance(11 * 60_000);
    await run();
    const after = find(emu, 'automationRuns', { memberId: { $in: ids } }, { limit: 100 });
    expect(after.filter((r) => r.status === 'acting')).toEqual([]);
    for (const id of ids) expect(coupons(id)).toHaveLength(held.includes(id) ? 0 : 1);
    for (const id of ids) expect((member(id).notices ?? []).length).toBe(held.includes(id) ? 0 : 1);
  });
});

describe('journeys, tasks and the first order', () => {
  it('流失 wake-up: a care message now, the coupon 7 days on, no call once the member came back', async () => {
    emu.clock.set(shanghaiTime(2027, 9, 1, 5));
    setAutomations(emu, [only('wakeUp')]);
    const now = emu.clock.now();
    // 流失 since 100 days, another tag changed lately: not entered lately
    emu.clock.set(now - 100 * DAY_MS);
    const stale = addTaggedMember(emu, [{ daysAgo: 200 }], { fields: { tagChangedAt: now } })._id;
    emu.clock.set(now);
    const lost = addTaggedMember(emu, [{ daysAgo: 200 }], { fields: { tagChangedAt: now } })._id;
    // the emulated clock runs on in real time: `since` is a few ms after what was set
    const lifecycle = (id: string) => member(id).tags.lifecycle as { value: string; since: number };
    const since = lifecycle(lost).since;
    expect(lifecycle(lost).value).toBe('流失');
    expect(since - now).toBeLessThan(5_000);
    expect(lifecycle(stale).value).toBe('流失');
    expect(now - lifecycle(stale).since).toBeGreaterThan(99 * DAY_MS);

    await run();
    const key = `wakeUp:${lost}:2027-09-01`;
    expect(find(emu, 'automationRuns', { _id: key })[0]).toMatchObject({
      status: 'waiting',
      step: 0,
      nextStepAt: since + 7 * DAY_MS,
    });
    expect(find(emu, 'automationRuns', { memberId: stale })).toHaveLength(0);
    expect(coupons(lost)).toHaveLength(0);

    emu.clock.set(shanghaiTime(2027, 9, 8, 5, 30)); // a later run of the morning window
    await run();
    expect(coupons(lost).map((c) => c.templateId)).toEqual(['auto-wake-up']);
    expect(find(emu, 'automationRuns', { _id: key })[0]).toMatchObject({
      status: 'waiting',
      step: 1,
    });

    // she comes back before the call: a purchase at the till
    emu.clock.set(shanghaiTime(2027, 9, 10, 15));
    const bought = await emu.call<{ ok: boolean }>(
      'staff',
      {
        action: 'recordPurchase',
        memberId: lost,
        receiptNo: 'WAKE1',
        lines: [{ category: '家居清洁', amountFen: 8_600 }],
      },
      'o_test_clerk_S001',
    );
    expect(bought.ok).toBe(true);
    emu.clock.set(shanghaiTime(2027, 9, 15, 5, 30));
    await run();
    expect(find(emu, 'automationRuns', { _id: key })[0]).toMatchObject({
      status: 'done',
      endedBy: 'cameBack',
    });
    expect(find(emu, 'tasks', { memberId: lost })).toHaveLength(0);
  });

  it('after a purchase: thanks, a recommendation 7 days on, the 30-day visit; a second purchase within the cap thanks once', async () => {
    emu.clock.set(shanghaiTime(2027, 9, 20, 14));
    setAutomations(emu, [only('afterPurchase')]);
    const buyer = addTaggedMember(emu, [{ daysAgo: 40 }], { clerkId: 'C0011' })._id;
    const buy = async (receiptNo: string) =>
      expect(
        (
          await emu.call<{ ok: boolean }>(
            'staff',
            {
              action: 'recordPurchase',
              memberId: buyer,
              receiptNo,
              lines: [{ category: '家居清洁', amountFen: 8_600 }],
            },
            'o_test_clerk_S001',
          )
        ).ok,
      ).toBe(true);
    await buy('AP1');
    const bought = emu.clock.now();
    emu.clock.advance(60_000); // past the settle time
    const first = await run();
    expect(first.result.byAutomation.afterPurchase).toMatchObject({ acted: 1 });
    expect((member(buyer).notices as AnyDoc[]).map((n) => n.title)).toEqual(['感谢光临']);
    emu.clock.set(shanghaiTime(2027, 9, 22, 14));
    await buy('AP2'); // within the 7-day cap: no second journey
    emu.clock.advance(60_000);
    expect((await run()).result.byAutomation.afterPurchase).toMatchObject({ acted: 0, skipped: 1 });

    emu.clock.set(bought + 7 * DAY_MS + 3_600_000);
    await run();
    expect((member(buyer).notices as AnyDoc[]).map((n) => n.title)).toEqual([
      '感谢光临',
      '为您推荐',
    ]);
    emu.clock.set(bought + 30 * DAY_MS + 3_600_000);
    await run();
    // she bought again (AP2) after the journey's purchase: the visit task is not needed
    const [journey] = find(emu, 'automationRuns', { memberId: buyer });
    expect(journey).toMatchObject({ status: 'done', endedBy: 'cameBack', step: 1 });
    expect(find(emu, 'tasks', { memberId: buyer })).toHaveLength(0);
  });

  it('coupons ending in 3 days: the member is told once (a day’s cap), not of used or later ones', async () => {
    emu.clock.set(shanghaiTime(2027, 11, 20, 5));
    setAutomations(emu, [only('couponExpiring')]);
    const holder = addTaggedMember(emu, [{ daysAgo: 3 }])._id;
    const other = addTaggedMember(emu, [{ daysAgo: 3 }])._id;
    const ends = (y: number, m: number, d: number) => shanghaiTime(y, m, d, 23, 59, 59, 999);
    addCoupon(emu, holder, { validUntil: ends(2027, 11, 23) });
    addCoupon(emu, holder, { validUntil: ends(2027, 11, 22) }); // the same member: one notice
    addCoupon(emu, other, { validUntil: ends(2027, 11, 23), status: 'used' });
    addCoupon(emu, other, { validUntil: ends(2027, 11, 25) }); // 5 days ahead: not yet
    const { result } = await run();
    expect(result.byAutomation.couponExpiring).toMatchObject({ found: 2, acted: 1, skipped: 1 });
    expect((member(holder).notices as AnyDoc[]).map((n) => n.title)).toEqual(['优惠券即将到期']);
    expect(member(other).notices ?? []).toEqual([]);
    // two days on (the day's cap has passed): the 25 November coupon is 3 days ahead, and the
    // holder's 23 November one, capped on the 20th, is 1 day ahead — each told once; the
    // coupon mentioned on the 20th never again
    emu.clock.set(shanghaiTime(2027, 11, 22, 5));
    expect((await run()).result.byAutomation.couponExpiring).toMatchObject({
      found: 2,
      acted: 2,
      duplicate: 0,
    });
    expect((member(other).notices as AnyDoc[]).length).toBe(1);
    expect((member(holder).notices as AnyDoc[]).length).toBe(2);
  });

  it('高价值沉默 recall: a coupon and a call task for the member’s own clerk', async () => {
    emu.clock.set(shanghaiTime(2027, 10, 1, 5));
    setAutomations(emu, [only('recallHighValue')]);
    const now = emu.clock.now();
    const silent = addTaggedMember(
      emu,
      [
        { daysAgo: 60, paidFen: 200_000 },
        { daysAgo: 90, paidFen: 200_000 },
      ],
      { clerkId: 'C0012', fields: { tagChangedAt: now } },
    )._id;
    expect(member(silent).tags.highValueSilent.value).toBe('高价值沉默');
    await run();
    expect(coupons(silent).map((c) => c.templateId)).toEqual(['auto-old-friend']);
    expect(find(emu, 'tasks', { memberId: silent })).toEqual([
      expect.objectContaining({
        assigneeId: 'C0012',
        assigneeRole: 'clerk',
        storeId: 'S001',
        title: '回访高价值老顾客',
        state: 'open',
        dueAt: shanghaiTime(2027, 10, 3, 23, 59, 59, 999),
      }),
    ]);
  });

  it('a new member with no first order 24 hours on: the first-order coupon; one who bought: nothing', async () => {
    emu.clock.set(shanghaiTime(2027, 11, 2, 5));
    setAutomations(emu, [only('firstOrder')]);
    const now = emu.clock.now();
    const idle = addMember(emu, { fields: { createdAt: now - 25 * 3_600_000 } })._id;
    const bought = addMember(emu, {
      stats: { orderCount: 1, lastOrderAt: now - 3_600_000 },
      fields: { createdAt: now - 25 * 3_600_000 },
    })._id;
    const fresh = addMember(emu, { fields: { createdAt: now - 3_600_000 } })._id;
    await run();
    expect(coupons(idle).map((c) => c.templateId)).toEqual(['auto-first-order']);
    expect(coupons(bought)).toHaveLength(0);
    expect(coupons(fresh)).toHaveLength(0);
  });
});

describe('HQ: the automations and their results', () => {
  const HQ = 'o_test_hq';
  const MANAGER = 'o_test_manager_S001';
  const CLERK = 'o_test_clerk_S001';
  const crm = <T>(action: string, input: Record<string, unknown>, openid = HQ) =>
    emu.call<Reply<T>>('crm', { action, ...input }, openid);
  const buy = (memberId: string, receiptNo: string, couponId?: string) =>
    emu.call<Reply<unknown>>(
      'staff',
      {
        action: 'recordPurchase',
        memberId,
        receiptNo,
        lines: [{ category: '家居清洁', amountFen: 12_000 }],
        ...(couponId ? { couponId } : {}),
      },
      CLERK,
    );

  it('results: treated vs holdout responders in the window, revenue net, coupons used, the lift', async () => {
    const treated = ids.filter((id) => !held.includes(id));
    emu.clock.set(shanghaiTime(2027, 7, 22, 15));
    expect((await buy(treated[0], 'AR1', coupons(treated[0])[0]._id)).ok).toBe(true);
    expect((await buy(treated[1], 'AR2')).ok).toBe(true);
    expect((await buy(held[0], 'AR3')).ok).toBe(true);
    emu.clock.set(shanghaiTime(2027, 8, 20, 15)); // 31 days on: outside a 14-day window
    expect((await buy(treated[2], 'AR4')).ok).toBe(true);

    const r = data(
      await crm<AutomationResultsView>('automationResults', {
        key: 'inactive7',
        from: shanghaiTime(2027, 7, 20),
        to: shanghaiTime(2027, 7, 21),
      }),
    );
    expect(r).toMatchObject({
      key: 'inactive7',
      truncated: false,
      attributionDays: 14,
      couponsUsed: 1,
      couponsIssued: 40 - held.length,
      messages: 40 - held.length,
      treated: { members: treated.length, responded: 2, orders: 2 },
      holdout: { members: held.length, responded: 1, orders: 1, revenueFen: 12_000 },
    });
    expect(r.treated.revenueFen).toBe(12_000 - 2_000 + 12_000); // the coupon's ¥20 off
    expect(r.liftPoints).toBe(Math.round((r.treated.rate - r.holdout.rate) * 10) / 10);
    // a manager sees their store's runs (all these members are S001's); a clerk nothing
    const mine = data(
      await crm<AutomationResultsView>(
        'automationResults',
        { key: 'inactive7', from: shanghaiTime(2027, 7, 20), to: shanghaiTime(2027, 7, 21) },
        MANAGER,
      ),
    );
    expect(mine.treated.members + mine.holdout.members).toBe(40);
    expect(
      await crm('automationResults', { key: 'inactive7', from: 0, to: 1 }, CLERK),
    ).toMatchObject({ ok: false, error: { code: 'AUTH.FORBIDDEN' } });
  });

  it('list and save: validated, versioned with history, a stale save refused, nothing written on bad input', async () => {
    setAutomations(emu, DEFAULT_AUTOMATIONS); // as HQ found them: never saved, version 0
    const listed = data(await crm<AutomationsView>('listAutomations', {}, MANAGER));
    expect(listed).toEqual({ automations: DEFAULT_AUTOMATIONS, version: 0 });
    const next = listed.automations.map((a) =>
      a.key === 'inactive7' ? { ...a, capDays: 14, holdoutPercent: 20 } : a,
    );
    expect(
      await crm('saveAutomations', { automations: next, baseVersion: 0 }, MANAGER),
    ).toMatchObject({ ok: false, error: { code: 'AUTH.FORBIDDEN' } });
    const bad = next.map((a) => (a.key === 'inactive7' ? { ...a, holdoutPercent: 60 } : a));
    expect(await crm('saveAutomations', { automations: bad, baseVersion: 0 })).toMatchObject({
      ok: false,
      error: { code: 'COMMON.INVALID_INPUT' },
    });
    expect(find(emu, 'automationHistory')).toHaveLength(0);

    const saved = data(
      await crm<AutomationsView>('saveAutomations', { automations: next, baseVersion: 0 }),
    );
    expect(saved.version).toBe(1);
    expect(find(emu, 'automationHistory')).toEqual([
      expect.objectContaining({ _id: 'v1', version: 1, by: 'HQ01' }),
    ]);
    expect(await crm('saveAutomations', { automations: next, baseVersion: 0 })).toMatchObject({
      ok: false,
      error: { code: 'COMMON.CONFLICT' },
    });
    const again = data(await crm<AutomationsView>('listAutomations', {}));
    expect(again.version).toBe(1);
    expect(again.automations.find((a) => a.key === 'inactive7')).toMatchObject({
      capDays: 14,
      holdoutPercent: 20,
    });
  });
});
