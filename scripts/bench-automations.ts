/**
 * The automations bench row (`npm run bench` prints it; `tsx scripts/bench-automations.ts
 * [--quick]` alone): 100,000 members with a year of statistics (the tags bench's loader),
 * the night's tags timer (so tonight's tag changes are in), then the automations timer's
 * morning window until it is done, then its runs from 09:00 (the end of quiet hours) until
 * done: the day's birthday greetings (`birthdayGreeting`, by due date) and — 17 June being
 * the preview day of the 18th, HQ having switched 会员日 on — the member-day preview to every
 * member (`memberDay`, walked page by page across runs):
 * - `automations.nightly`: per automation, the members it touched (acted + held out) and
 *   found; requests and read requests per member affected; invocations; the longest run
 *   (≤ 50 s).
 */
import type { Emulator } from '../emulator';
import { benchMain, withBenchEmulator } from './benchEmulator';
import { shanghaiTime } from '../src/domain/calendar';
import { amountOffTemplate } from '../src/domain/chainCoupons';
import type { AutomationsRunResult } from '../cloudfunctions/automations/index';
import { DEFAULT_AUTOMATIONS } from '../src/domain/automations/definitions';
import { loadMembers, night, type TagBenchRow } from './bench-tags';

const TEMPLATES = [
  'auto-recall',
  'auto-first-order',
  'auto-old-friend',
  'auto-wake-up',
  'auto-member-day',
];
/** the database requests that read documents (the rest write) */
const READS = /query|get|count|aggregate|find/i;

async function fireAutomations(emu: Emulator) {
  const trigger = emu.scheduler.schedule().find((t) => t.functionName === 'automations')!;
  const out = (await emu.scheduler.fireNow(trigger)).result;
  if (!out.ok) throw new Error(`automations: ${out.errCode} ${out.errMsg}`);
  const stats = emu.stats.get(out.invocationId);
  const reads = Object.entries(stats.byAction)
    .filter(([action]) => READS.test(action))
    .reduce((s, [, n]) => s + n, 0);
  return { result: out.result as AutomationsRunResult, ms: out.ms, requests: stats.total, reads };
}

type Run = Awaited<ReturnType<typeof fireAutomations>>;

/** Runs every 10 minutes from the clock's time until one completes. */
async function untilComplete(emu: Emulator): Promise<Run[]> {
  const runs: Run[] = [];
  for (;;) {
    const run = await fireAutomations(emu);
    runs.push(run);
    if (run.result.complete) return runs;
    emu.clock.advance(10 * 60_000);
  }
}

export async function benchAutomations(emu: Emulator, n: number): Promise<TagBenchRow[]> {
  emu.clock.set(shanghaiTime(2027, 6, 16, 20));
  emu.database.insertMany(
    'couponTemplates',
    TEMPLATES.map((_id) => ({ _id, name: _id, ...amountOffTemplate(1_000, 14) })),
  );
  // HQ switched 会员日 on (the 18th, previewed the day before)
  emu.database.insertMany('settings', [
    {
      _id: 'automations',
      automations: DEFAULT_AUTOMATIONS.map((a) =>
        a.key === 'memberDay' ? { ...a, enabled: true } : a,
      ),
      version: 1,
      updatedAt: 0,
      updatedBy: 'bench',
    },
  ]);
  loadMembers(emu, n, emu.clock.now(), { heldForDays: 30, birthdays: true, newcomers: true });
  emu.clock.set(shanghaiTime(2027, 6, 17, 3));
  await night(emu);
  emu.clock.set(shanghaiTime(2027, 6, 17, 5));
  const morning = await untilComplete(emu);
  emu.clock.set(shanghaiTime(2027, 6, 17, 9));
  const day = await untilComplete(emu);
  const runs = [...morning, ...day];
  const per: Record<string, { found: number; touched: number }> = {};
  for (const r of runs)
    for (const [key, c] of Object.entries(r.result.byAutomation)) {
      per[key] ??= { found: 0, touched: 0 };
      per[key].found += c.found;
      per[key].touched += c.acted + c.holdout;
    }
  const touched = Object.values(per).reduce((s, c) => s + c.touched, 0);
  const sum = (list: Run[], f: (r: Run) => number) => list.reduce((s, r) => s + f(r), 0);
  const requests = sum(runs, (r) => r.requests);
  const reads = sum(runs, (r) => r.reads);
  const longest = (list: Run[]) => (Math.max(...list.map((r) => r.ms)) / 1000).toFixed(1);
  return [
    {
      row: 'automations.nightly',
      figure: `${touched} members acted on or held out of ${n}; ${(requests / Math.max(1, touched)).toFixed(1)} requests, ${(reads / Math.max(1, touched)).toFixed(1)} read requests per member affected`,
      detail: `${runs.length} invocation(s) (05:00 window ${morning.length}, from 09:00 ${day.length}), longest ${longest(runs)} s (window ${longest(morning)} s, day ${longest(day)} s), ${requests} requests, ${reads} reads; ${Object.entries(
        per,
      )
        .filter(([, c]) => c.found > 0)
        .map(([k, c]) => `${k} ${c.touched}/${c.found}`)
        .join(', ')}`,
    },
  ];
}

/** Its own emulator: the rows need a clean members collection. */
export const runAutomationBench = (quick: boolean): Promise<TagBenchRow[]> =>
  withBenchEmulator('automations', (emu) => benchAutomations(emu, quick ? 20_000 : 100_000));

if (process.argv[1]?.endsWith('bench-automations.ts')) benchMain('automations', runAutomationBench);
