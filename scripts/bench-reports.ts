/**
 * Report bench rows (`npm run bench` prints them; `tsx scripts/bench-reports.ts [--quick]
 * [report|responses]` alone): `report.chain` — HQ's 90-day chain report, `report.store` — a manager's 90-day store
 * report, on a year of daily rollups of 17 stores (≈120 orders a store-day by ≈100 of 100,000
 * members; 20,000 with --quick). The rollups are inserted as the order path and the nightly
 * pass would have left them, with the response rollups of four automations in every store
 * and day (campaign and automation response vs holdout); orders, members and runs are not
 * loaded, because the report never
 * reads them (the emulator test proves the figures against the orders). Figures: requests and
 * time of one call. And `responses.night` — the nightly response pass (daily, step
 * `responses`) on 15 open start days of 100,000 members' automation runs (2% of the members a
 * day, 10% held out, a third of them back within the window): the timer fired until the night
 * is done, as its 10-minute trigger would.
 */
import type { Emulator } from '../emulator';
import { DAY_MS, shanghaiDate } from '../src/domain/calendar';
import { emptyRollup, PRICE_BANDS } from '../src/domain/reports/rollup';
import { snapshotFamilies, type MemberSnapshot } from '../src/domain/reports/members';
import { DEFAULT_TAG_RULES } from '../src/domain/tags/families';
import { responseRollupId, type ResponseRollup } from '../src/domain/reports/responses';
import { DEFAULT_AUTOMATIONS } from '../src/domain/automations/definitions';

/** automations with a holdout whose runs the bench's every store-day has */
const RESPONSE_KEYS = ['inactive7', 'firstOrder', 'afterPurchase', 'memberDay'].map(
  (key) => DEFAULT_AUTOMATIONS.find((a) => a.key === key)!,
);
import { benchMain, withBenchEmulator } from './benchEmulator';

const SNAPSHOT_FAMILIES = snapshotFamilies(DEFAULT_TAG_RULES);

export type ReportBenchRow = { row: string; figure: string; detail: string };

const STORES = Array.from({ length: 17 }, (_, i) => `S${String(i + 1).padStart(3, '0')}`);
const CATEGORIES = ['家居清洁', '个人护理', '季节限定', '厨房用品', '收纳整理'];

function load(emu: Emulator, members: number, now: number) {
  emu.database.insertMany(
    'stores',
    STORES.slice(3).map((id, i) => ({
      _id: id,
      name: `门店${id}`,
      city: '上海',
      area: ['上海区', '江苏区', '浙江区'][i % 3],
      address: '',
      active: true,
    })),
  );
  let docs = 0;
  let responses = 0;
  let seq = 0;
  for (let d = 365; d >= 1; d--) {
    const date = shanghaiDate(now - d * DAY_MS);
    const batch = STORES.map((storeId, s) => {
      const r = emptyRollup(date, storeId, now);
      const orders = 100 + ((d * 7 + s * 13) % 40);
      for (let k = 0; k < orders; k++) {
        const member = `bm${String((seq++ * 7919) % members).padStart(6, '0')}`;
        r.buyers[member] = (r.buyers[member] ?? 0) + 1;
        const fen = 3_000 + ((k * 3_571) % 40_000);
        r.orders += 1;
        r.memberOrders += 1;
        r.revenueFen += fen;
        if (k % 3) {
          r.repeatOrders += 1;
          r.repeatFen += fen;
        }
        const cat = CATEGORIES[k % CATEGORIES.length];
        r.categories[cat] = (r.categories[cat] ?? 0) + fen;
        const band = [...PRICE_BANDS].reverse().find((b) => fen >= b.minFen)!.key;
        r.bands[band] = (r.bands[band] ?? 0) + 1;
        const clerk = `C${storeId.slice(1)}${k % 2}`;
        const c = (r.clerks[clerk] ??= { orders: 0, revenueFen: 0, repeatOrders: 0, repeatFen: 0 });
        c.orders += 1;
        c.revenueFen += fen;
        r.orderIds.push(`${storeId}.R${d}-${k}`);
      }
      for (let j = 0; j < 5; j++) r.joined[`bj${d}-${s}-${j}`] = 1;
      // the night's member snapshot of the store (LTV, tag completeness)
      const home = Math.round(members / STORES.length);
      const snapshot: MemberSnapshot = {
        members: home,
        buyers: Math.round(home * 0.8),
        spendFen: home * 150_000,
        complete: Math.round(home * 0.3),
        manualTagged: Math.round(home * 0.1),
        families: Object.fromEntries(
          SNAPSHOT_FAMILIES.map((f) => [f.key, { name: f.name, members: Math.round(home * 0.6) }]),
        ),
      };
      return { ...r, closed: true, members: snapshot };
    });
    emu.database.insertMany('dailyRollups', batch);
    docs += batch.length;
    emu.database.insertMany(
      'responseRollups',
      STORES.flatMap((storeId, s) =>
        RESPONSE_KEYS.map((a, k): ResponseRollup => {
          const members = 20 + ((d + s + k) % 30);
          const held = Math.max(1, Math.round(members / 10));
          return {
            _id: responseRollupId(date, a.key, storeId),
            key: a.key,
            kind: 'automation',
            name: a.name,
            attributionDays: 14,
            date,
            storeId,
            treated: {
              members,
              responded: Math.round(members * 0.2),
              orders: Math.round(members * 0.25),
              revenueFen: members * 2_500,
            },
            holdout: { members: held, responded: 0, orders: 0, revenueFen: 0 },
            closed: d > 15,
            updatedAt: now,
          };
        }),
      ),
    );
    responses += STORES.length * RESPONSE_KEYS.length;
  }
  return { docs, responses };
}

async function benchReports(emu: Emulator, members: number): Promise<ReportBenchRow[]> {
  const now = emu.clock.now();
  const { docs, responses } = load(emu, members, now);
  const call = async (openid: string, event: Record<string, unknown>) => {
    const out = await emu.invoke('staff', event, { openid, source: 'wx_client' });
    if (!out.ok) throw new Error(`${String(event.action)}: ${out.errCode} ${out.errMsg}`);
    const reply = out.result as { ok: boolean; data?: unknown; error?: unknown };
    if (!reply.ok) throw new Error(`${String(event.action)}: ${JSON.stringify(reply.error)}`);
    return {
      data: reply.data as {
        rollupsRead: number;
        responses: { current: unknown[]; previous: unknown[] };
        figures: { current: { orders: number; buyers: number } };
      },
      requests: emu.stats.get(out.invocationId).total,
      ms: out.ms,
    };
  };
  const chain = await call('o_test_hq', { action: 'getReport', scope: 'chain', days: 90 });
  const store = await call('o_test_manager_S001', {
    action: 'getReport',
    scope: 'store',
    days: 90,
  });
  const detail = (r: typeof chain, what: string) =>
    `${what}, 90 days + the 90 before: ${r.data.rollupsRead} rollups read of ${docs} (a year of 17 stores), ${r.data.figures.current.orders} orders by ${r.data.figures.current.buyers} of ${members} members; response rollups of ${r.data.responses.current.length} automations (${responses} documents in the year); no order, member or run read`;
  return [
    {
      row: 'report.chain',
      figure: `${chain.requests} requests, ${chain.ms} ms`,
      detail: detail(chain, 'the chain'),
    },
    {
      row: 'report.store',
      figure: `${store.requests} requests, ${store.ms} ms`,
      detail: detail(store, 'S001'),
    },
  ];
}

/** The nightly response pass over `days` open days of runs of `members` members. */
async function benchResponsesNight(emu: Emulator, members: number): Promise<ReportBenchRow> {
  const now = emu.clock.now();
  const days = 15;
  const perDay = Math.round(members * 0.02);
  const runs: Record<string, unknown>[] = [];
  const orders: Record<string, unknown>[] = [];
  for (let d = 1; d <= days; d++) {
    const startedAt = now - d * DAY_MS;
    for (let k = 0; k < perDay; k++) {
      const i = (d * perDay + k) % members;
      const memberId = `bm${String(i).padStart(6, '0')}`;
      const key = RESPONSE_KEYS[k % RESPONSE_KEYS.length].key;
      const group = k % 10 === 0 ? 'holdout' : 'treated';
      runs.push({
        _id: `${key}:${memberId}:${d}`,
        automationKey: key,
        memberId,
        storeId: STORES[i % STORES.length],
        occurrenceId: String(d),
        occurrenceAt: startedAt,
        group,
        status: group === 'holdout' ? 'holdout' : 'done',
        step: 0,
        nextStepAt: null,
        actions: [],
        startedAt,
        updatedAt: startedAt,
      });
      if (k % 3 === 0)
        orders.push({
          _id: `${STORES[i % STORES.length]}.N${d}-${k}`,
          storeId: STORES[i % STORES.length],
          receiptNo: `N${d}-${k}`,
          memberId,
          paidFen: 8_600,
          refundedFen: 0,
          status: 'completed',
          lines: [],
          createdAt: startedAt + Math.min(d - 0.5, 3) * DAY_MS,
        });
    }
  }
  emu.database.insertMany('automationRuns', runs);
  emu.database.insertMany('orders', orders);
  const trigger = emu.scheduler.schedule().find((t) => t.functionName === 'daily')!;
  let requests = 0;
  let ms = 0;
  let calls = 0;
  let counted = { days: 0, runs: 0 };
  for (;;) {
    const out = (await emu.scheduler.fireNow(trigger)).result;
    if (!out.ok) throw new Error(`daily: ${out.errCode} ${out.errMsg}`);
    const r = out.result as { responses: { days: number; runs: number }; done: boolean };
    requests += emu.stats.get(out.invocationId).total;
    ms += out.ms;
    calls += 1;
    counted = { days: counted.days + r.responses.days, runs: counted.runs + r.responses.runs };
    if (r.done || calls > 50) break;
  }
  const docs = emu.database.count('responseRollups');
  return {
    row: 'responses.night',
    figure: `${requests} requests, ${(ms / 1000).toFixed(1)} s, ${calls} timer runs`,
    detail: `the night's response pass: ${counted.days} start days counted (91 looked back; 15 with runs of ${members} members, ${runs.length} runs, ${orders.length} orders in their windows), ${docs} response rollups written; the other daily steps included`,
  };
}

/** Both parts, or one (`tsx scripts/bench-reports.ts responses` runs the nightly pass only). */
export const runReportBench = async (
  quick: boolean,
  only?: 'report' | 'responses',
): Promise<ReportBenchRow[]> => {
  const members = quick ? 20_000 : 100_000;
  return [
    ...(only !== 'responses'
      ? await withBenchEmulator('reports', (emu) => benchReports(emu, members))
      : []),
    ...(only !== 'report'
      ? [await withBenchEmulator('responses', (emu) => benchResponsesNight(emu, members))]
      : []),
  ];
};

const onlyArg = process.argv.find((a): a is 'report' | 'responses' =>
  ['report', 'responses'].includes(a),
);
if (process.argv[1]?.endsWith('bench-reports.ts'))
  benchMain('reports', (quick) => runReportBench(quick, onlyArg));
