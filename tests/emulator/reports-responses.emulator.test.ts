/**
 * Campaign and automation response vs holdout in 经营报表, on the demo chain (a finished
 * campaign and half a year of 7天未消费关怀 runs): the report's treated and holdout counts
 * agree with a direct count over the runs and orders, for the chain and for one store; the
 * nightly pass rebuilds the same response rollups from the runs and orders alone.
 */
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { startTestEmulator, type TestEmulator } from '../support/emulator';
import { seedDemo } from '../../scripts/seed/demo';
import { localFunctionEnv } from '../../scripts/local-cloud';
import type { Reply } from '../../src/contracts/reply';
import type { ReportView } from '../../src/contracts/reports';
import { DAY_MS, shanghaiDate } from '../../src/domain/calendar';
import { data, find } from './support/loyalty';
import { run } from './support/staffMessages';

let emu: TestEmulator;
beforeAll(async () => {
  emu = await startTestEmulator();
  await seedDemo(emu.database, emu.clock.now(), localFunctionEnv(emu.url).CRM_PII_HASH_SECRET, 80);
});
afterAll(async () => {
  await emu?.stop();
});

const report = async (input: Record<string, unknown>, openid: string) =>
  data(await emu.call<Reply<ReportView>>('staff', { action: 'getReport', ...input }, openid));

/** Counted by hand: runs of the key started in [from, to), an order within 14 days after. */
function direct(key: string, from: number, to: number, storeId: string | null) {
  const orders = find(emu, 'orders');
  const runs = find(emu, 'automationRuns').filter(
    (r) =>
      r.automationKey === key &&
      r.startedAt >= from &&
      r.startedAt < to &&
      (!storeId || r.storeId === storeId),
  );
  const count = (group: string) => {
    const mine = runs.filter((r) => r.group === group);
    const after = mine.map((r) =>
      orders.filter(
        (o) =>
          o.memberId === r.memberId &&
          o.createdAt > r.startedAt &&
          o.createdAt <= r.startedAt + 14 * DAY_MS,
      ),
    );
    return {
      members: mine.length,
      responded: after.filter((a) => a.length > 0).length,
      orders: after.flat().length,
      revenueFen: after.flat().reduce((s, o) => s + o.paidFen - (o.refundedFen ?? 0), 0),
    };
  };
  return { treated: count('treated'), holdout: count('holdout') };
}

const counts = (g: { members: number; responded: number; orders: number; revenueFen: number }) => ({
  members: g.members,
  responded: g.responded,
  orders: g.orders,
  revenueFen: g.revenueFen,
});

describe('response vs holdout in the report', () => {
  it('HQ’s 90 days: the campaign and the automation, as counted by hand, both periods', async () => {
    const view = await report({ scope: 'chain', days: 90 }, 'o_demo_hq');
    const campaignKey = find(emu, 'campaigns')[0]._id.replace(/[^a-zA-Z0-9]/g, '');
    expect(view.responses.current.map((r) => [r.key, r.kind, r.name])).toEqual([
      [campaignKey, 'campaign', '会员回店礼'],
      ['inactive7', 'automation', '7天未消费关怀'],
    ]);
    for (const p of ['current', 'previous'] as const)
      for (const row of view.responses[p]) {
        const want = direct(row.key, view[p].from, view[p].to, null);
        expect({ treated: counts(row.treated), holdout: counts(row.holdout) }).toEqual(want);
        expect(row.treated.members).toBeGreaterThan(0);
        expect(row.holdout.members).toBeGreaterThan(0);
        expect(row.liftPoints).toBe(Math.round((row.treated.rate - row.holdout.rate) * 10) / 10);
      }
    // the campaign started 40 days ago: in the current period only
    expect(view.responses.previous.map((r) => r.key)).toEqual(['inactive7']);
  });

  it('a manager’s store counts its own members’ runs', async () => {
    const view = await report({ scope: 'store', days: 90 }, 'o_demo_manager_S001');
    expect(view.responses.current.length).toBeGreaterThan(0);
    for (const row of view.responses.current)
      expect({ treated: counts(row.treated), holdout: counts(row.holdout) }).toEqual(
        direct(row.key, view.current.from, view.current.to, 'S001'),
      );
  });
});

describe('the nightly pass', () => {
  it('rebuilds the response rollups of the open and unmarked days from runs and orders', async () => {
    const now = emu.clock.now();
    const lookback = new Set(
      Array.from({ length: 91 }, (_v, i) => shanghaiDate(now - (91 - i) * DAY_MS)),
    );
    const strip = ({ updatedAt: _u, ...d }: Record<string, unknown>) => d;
    const seeded = find(emu, 'responseRollups')
      .filter((d) => lookback.has(d.date))
      .map(strip)
      .sort((a, b) => String(a._id).localeCompare(String(b._id)));
    expect(seeded.length).toBeGreaterThan(20);
    emu.database.drop('responseRollups');
    emu.database.drop('jobRuns'); // (drop empties a collection)

    const result = await run<{ responses: { days: number; runs: number; more: boolean } }>(
      emu,
      'daily',
    );
    expect(result.responses).toMatchObject({ days: 91, more: false });
    const rebuilt = find(emu, 'responseRollups')
      .map(strip)
      .sort((a, b) => String(a._id).localeCompare(String(b._id)));
    expect(rebuilt).toEqual(seeded);
    // closed days are not read again; the open ones are
    const markers = find(emu, 'jobRuns', { job: 'responses' });
    expect(markers).toHaveLength(91);
    const open = markers.filter((m) => !m.closed).length;
    expect(open).toBeGreaterThan(0);
    emu.clock.advance(DAY_MS);
    const next = await run<{ responses: { days: number } }>(emu, 'daily');
    expect(next.responses.days).toBe(open + 1); // and the new yesterday
  });
});
