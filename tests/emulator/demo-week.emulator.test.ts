/**
 * `npm start`, then eight days on the console's clock: the demo chain (300 members, a year
 * of purchases) with its staff following the 服务号 and its persona members holding
 * subscribe credits, as start.ts leaves it. The night's timers run (tags, automations,
 * outbox) and in the morning the automations have reached members (coupons, messages or
 * card notices), clerks and managers (tasks, 服务号 messages and workbench reminders), and
 * HQ reads each automation's results, treated vs holdout.
 */
import { afterAll, beforeAll, expect, it } from '@jest/globals';
import { startTestEmulator, type TestEmulator } from '../support/emulator';
import { seedDemo } from '../../scripts/seed/demo';
import { linkStaffFollowers } from '../../scripts/seed/staffFollowers';
import { grantDemoSubscriptions } from '../../scripts/seed/demoSubscriptions';
import { localFunctionEnv } from '../../scripts/local-cloud';
import { addShanghaiDays, shanghaiParts, shanghaiTime } from '../../src/domain/calendar';
import type { Reply } from '../../src/contracts/reply';
import type { AutomationResultsView } from '../../src/contracts/crm';
import { data, find } from './support/loyalty';
import { fireTimer } from './support/tags';

let emu: TestEmulator;
let started = 0;

beforeAll(async () => {
  emu = await startTestEmulator();
  started = emu.clock.now();
  await seedDemo(emu.database, started, localFunctionEnv(emu.url).CRM_PII_HASH_SECRET);
  expect(linkStaffFollowers(emu)).toBe(16);
  expect(grantDemoSubscriptions(emu, started)).toBe(11);
  await fireTimer(emu, 'followers');
  // eight days on, the night's work at 05:10 and 06:10, the morning's at 09:10 (quiet hours end)
  const day = shanghaiParts(addShanghaiDays(started, 8));
  const at = (h: number) => shanghaiTime(day.year, day.month, day.day, h, 10);
  emu.clock.set(at(2));
  await fireTimer(emu, 'tags');
  for (const h of [5, 6, 9]) {
    emu.clock.set(at(h));
    await fireTimer(emu, 'automations');
    await fireTimer(emu, 'outbox');
  }
  // in the afternoon a persona member who allows offers buys at their store's till
  emu.clock.set(at(14));
  const persona = find(emu, 'members').find(
    (m) =>
      m.consent?.marketing &&
      find(emu, 'identities', { memberId: m._id, _id: { $regex: '^o_demo_member_0[^3]' } }).length,
  )!;
  const clerk = find(emu, 'staff', { storeId: persona.homeStoreId, role: 'clerk' })[0];
  const sale = await emu.call<Reply<unknown>>(
    'staff',
    {
      action: 'recordPurchase',
      memberId: persona._id,
      receiptNo: 'DEMO-WEEK-1',
      lines: [{ category: '个护美妆', amountFen: 19_900 }],
    },
    clerk.openid,
  );
  data(sale);
  emu.clock.set(at(14) + 60_000);
  await fireTimer(emu, 'automations');
  await fireTimer(emu, 'outbox');
}, 240_000);
afterAll(async () => {
  await emu?.stop();
});

/** the runs of the week (the demo also has half a year of history: demoResponses.ts) */
const weekRuns = (query: Record<string, unknown> = {}) =>
  find(emu, 'automationRuns', query).filter((r) => r.startedAt >= started);

it('members got coupons and messages: a subscribe message where they accepted one, else a card notice', () => {
  const runs = weekRuns();
  const treated = runs.filter((r) => r.group === 'treated');
  expect(treated.length).toBeGreaterThan(10);
  // the holdout (about 1 in 10) gets nothing at all
  for (const r of runs.filter((x) => x.group === 'holdout')) expect(r.actions).toEqual([]);
  expect(
    find(emu, 'coupons', { source: 'automation' }).filter((c) => c.issuedAt >= started).length,
  ).toBeGreaterThan(5);
  const members = find(emu, 'members');
  expect(
    members.filter((m) => (m.notices ?? []).some((n: { kind: string }) => n.kind === 'automation'))
      .length,
  ).toBeGreaterThan(5);
  const subscribe = emu.openApi.outbox.list({ channel: 'subscribe' });
  expect(subscribe.filter((m) => m.status === 'delivered').length).toBeGreaterThan(0);
});

it('clerks and managers got tasks and 服务号 messages, each also in the workbench', () => {
  const tasks = find(emu, 'tasks');
  expect(tasks.some((t) => t.assigneeRole === 'manager')).toBe(true);
  const staff = new Map(find(emu, 'staff').map((s) => [s._id, s]));
  const reminders = find(emu, 'staffReminders');
  const roles = new Set(reminders.map((r) => staff.get(r.staffId)?.role));
  expect(roles).toEqual(new Set(['clerk', 'manager']));
  const sent = emu.openApi.outbox
    .list({ channel: 'serviceAccount' })
    .filter((m) => m.status === 'delivered');
  expect(sent.length).toBe(reminders.filter((r) => r.delivery === 'sent').length);
  expect(sent.length).toBeGreaterThan(0);
});

it('HQ reads each automation that ran: treated vs holdout', async () => {
  const ran = [...new Set(weekRuns().map((r) => String(r.automationKey)))];
  expect(ran.length).toBeGreaterThanOrEqual(3);
  for (const key of ran) {
    const r = data(
      await emu.call<Reply<AutomationResultsView>>(
        'crm',
        { action: 'automationResults', key, from: started, to: emu.clock.now() },
        'o_demo_hq',
      ),
    );
    const runs = weekRuns({ automationKey: key });
    expect(r.treated.members + r.holdout.members).toBe(runs.length);
  }
});
