/**
 * 会员日 (automation `memberDay`) through the automations timer: on the preview day the
 * audience (the levels HQ chose) gets the day's coupon and the preview — walked page by
 * page across runs with a cursor in jobRuns, from 09:00 (quiet hours defer it); the holdout
 * share gets a recorded run and nothing else; a run killed mid-walk and the runs after it
 * give each member one coupon, one notice and at most one message per member day.
 */
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { startTestEmulator, type TestEmulator } from '../support/emulator';
import { shanghaiTime } from '../../src/domain/calendar';
import { assignGroup } from '../../src/domain/automations/holdout';
import type { AutomationsRunResult } from '../../cloudfunctions/automations/index';
import { addMember, find, thresholdTemplate, type AnyDoc } from './support/loyalty';
import { fireTimer } from './support/tags';
import {
  grantCredit,
  idsWithHoldout,
  only,
  PII_SECRET,
  setAutomations,
} from './support/automations';

const TPL = 'TPL_MEMBER_OFFER';
const MARKETING = { consent: { privacy: { version: '2026-11', at: 0 }, marketing: { at: 0 } } };
const BATCH = 10; // pages of 10: every walk below takes several

let emu: TestEmulator;
const run = async (at: number) => {
  emu.clock.set(at);
  return (await fireTimer<AutomationsRunResult>(emu, 'automations')).result;
};
const coupons = (memberId: string, month: string) =>
  find(emu, 'coupons', { memberId, templateId: 'auto-member-day' }, { limit: 10 }).filter((c) =>
    String(c.issueKey).startsWith(`memberDay:${memberId}:${month}:`),
  );
const notices = (memberId: string, month: string) =>
  ((find(emu, 'members', { _id: memberId })[0].notices ?? []) as AnyDoc[]).filter((n) =>
    String(n.id).startsWith(`memberDay:${memberId}:${month}:`),
  );
const delivered = (openid: string) =>
  emu.openApi.outbox
    .list({ channel: 'subscribe', touser: openid })
    .filter((m) => m.status === 'delivered');
const memberDay = (over = {}) => only('memberDay', { enabled: true, ...over }); // off by default: HQ switches it on

beforeAll(async () => {
  emu = await startTestEmulator({ functionEnv: { CRM_TAG_JOB_BATCH: String(BATCH) } });
  await emu.seedMinimal();
  emu.database.insertMany('couponTemplates', [thresholdTemplate('auto-member-day')]);
});
afterAll(async () => {
  await emu?.stop();
});

describe('the preview of the 18th, for silver and gold members', () => {
  const byLevel: Record<string, string[]> = { normal: [], silver: [], gold: [] };
  let credited: { _id: string; openid: string };
  beforeAll(() => {
    emu.clock.set(shanghaiTime(2027, 6, 1, 12));
    setAutomations(emu, [
      memberDay({
        audience: { tags: { all: [], any: [], none: [] }, levels: ['silver', 'gold'] },
      }),
    ]);
    for (const level of ['normal', 'silver', 'gold'] as const)
      for (let i = 0; i < 12; i++)
        byLevel[level].push(addMember(emu, { level, fields: MARKETING })._id);
    credited = addMember(emu, { level: 'gold', fields: MARKETING });
    byLevel.gold.push(credited._id);
    grantCredit(emu, credited, 'offer', TPL);
  });

  it('at 05:00 on the 17th (quiet hours) nothing happens; the walk waits for 09:00', async () => {
    const r = await run(shanghaiTime(2027, 6, 17, 5));
    expect(r.byAutomation.memberDay).toMatchObject({ found: 0, acted: 0 });
    expect(find(emu, 'automationRuns', { automationKey: 'memberDay' })).toEqual([]);
    expect(find(emu, 'jobRuns', { _id: 'automations:memberDay:2027-06' })).toEqual([]);
  });

  it('from 09:00: the coupon and the preview for each silver and gold member, once; normal members nothing', async () => {
    const r = await run(shanghaiTime(2027, 6, 17, 9));
    expect(r.complete).toBe(true);
    for (const id of [...byLevel.silver, ...byLevel.gold]) {
      expect(coupons(id, '2027-06')).toHaveLength(1);
      expect(notices(id, '2027-06')).toEqual([
        expect.objectContaining({ title: '明天是会员日', text: '会员日专享券已到账' }),
      ]);
      expect(find(emu, 'automationRuns', { _id: `memberDay:${id}:2027-06` })[0]).toMatchObject({
        group: 'treated',
        status: 'done',
        occurrenceAt: shanghaiTime(2027, 6, 18),
      });
    }
    for (const id of byLevel.normal) {
      expect(coupons(id, '2027-06')).toHaveLength(0);
      expect(find(emu, 'automationRuns', { memberId: id })).toEqual([]);
    }
    // the subscribe message: the credited, consenting member, sent at once (not quiet)
    expect(delivered(credited.openid)).toEqual([
      expect.objectContaining({
        templateId: TPL,
        data: expect.objectContaining({ thing1: { value: '明天是会员日' } }),
      }),
    ]);
    expect(find(emu, 'jobRuns', { _id: 'automations:memberDay:2027-06' })[0]).toMatchObject({
      done: true,
      occurrence: '2027-06',
    });
  });

  it('the rest of the day finds the walk done; the member day itself has no preview', async () => {
    const again = await run(shanghaiTime(2027, 6, 17, 9, 10));
    expect(again.byAutomation.memberDay).toMatchObject({ found: 0 });
    const dayOf = await run(shanghaiTime(2027, 6, 18, 10));
    expect(dayOf.byAutomation.memberDay).toMatchObject({ found: 0 });
    for (const id of byLevel.gold) expect(coupons(id, '2027-06')).toHaveLength(1);
    expect(delivered(credited.openid)).toHaveLength(1);
  });
});

describe('every member, with a holdout of 10%', () => {
  it('the hashed 10% get a recorded run and nothing else; the others one coupon each', async () => {
    emu.clock.set(shanghaiTime(2027, 7, 1, 12));
    setAutomations(emu, [memberDay({ holdoutPercent: 10 })]);
    const ids = idsWithHoldout('automation:memberDay', 10, 60, 6).map(
      (id) => addMember(emu, { id })._id,
    );
    const held = ids.filter(
      (id) => assignGroup(id, 'automation:memberDay', 10, PII_SECRET) === 'holdout',
    );
    expect(held).toHaveLength(6);
    const r = await run(shanghaiTime(2027, 7, 17, 9, 30));
    expect(r.complete).toBe(true);
    for (const id of ids) {
      expect(coupons(id, '2027-07')).toHaveLength(held.includes(id) ? 0 : 1);
      expect(notices(id, '2027-07')).toHaveLength(held.includes(id) ? 0 : 1);
    }
    const runs = find(emu, 'automationRuns', { memberId: { $in: ids } }, { limit: 100 });
    expect(runs).toHaveLength(60);
    expect(
      runs
        .filter((x) => x.group === 'holdout')
        .map((x) => x.memberId)
        .sort(),
    ).toEqual([...held].sort());
  });
});

describe('a run killed mid-walk', () => {
  it('the next runs go on from the saved cursor: one run, one coupon, one notice, one message each', async () => {
    emu.clock.set(shanghaiTime(2027, 8, 1, 12));
    setAutomations(emu, [memberDay()]);
    const credited = addMember(emu, { fields: MARKETING });
    grantCredit(emu, credited, 'offer', TPL);
    const all = find(emu, 'members', { status: 'active' }, { limit: 1000 }).map((m) => m._id);
    emu.faults.arm({ fn: 'automations', afterRequest: 120 }); // a few pages in
    emu.clock.set(shanghaiTime(2027, 8, 17, 9));
    const trigger = emu.scheduler.schedule().find((t) => t.functionName === 'automations')!;
    expect((await emu.scheduler.fireNow(trigger)).result).toMatchObject({ ok: false });
    const partly = all.filter((id) => coupons(id, '2027-08').length > 0).length;
    expect(partly).toBeGreaterThan(0);
    expect(partly).toBeLessThan(all.length);
    expect(find(emu, 'jobRuns', { _id: 'automations:memberDay:2027-08' })[0].done).toBe(false);

    // the next run resumes; 11 minutes on, a step the killed run left 'acting' is redone
    expect((await run(shanghaiTime(2027, 8, 17, 9, 10))).complete).toBe(true);
    await run(shanghaiTime(2027, 8, 17, 9, 21));
    expect(find(emu, 'automationRuns', { status: 'acting' })).toEqual([]);
    const runs = find(
      emu,
      'automationRuns',
      { automationKey: 'memberDay', occurrenceId: '2027-08' },
      { limit: 1000 },
    );
    expect(runs).toHaveLength(all.length);
    for (const id of all) {
      expect(coupons(id, '2027-08')).toHaveLength(1);
      expect(notices(id, '2027-08')).toHaveLength(1);
    }
    expect(delivered(credited.openid)).toHaveLength(1);
  });
});
