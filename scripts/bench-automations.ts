/**
 * The automations bench row (`npm run bench` prints it; `tsx scripts/bench-automations.ts
 * [--quick]` alone): 100,000 members with a year of statistics (the tags bench's loader),
 * the night's tags timer (so tonight's tag changes are in), then the automations timer's
 * morning window until it is done:
 * - `automations.nightly`: per automation, the members it touched (acted + held out) and
 *   found; documents read per member affected; invocations; the longest run (≤ 50 s).
 */
import type { Emulator } from '../emulator';
import { benchMain, withBenchEmulator } from './benchEmulator';
import { shanghaiTime } from '../src/domain/calendar';
import { amountOffTemplate } from '../src/domain/chainCoupons';
import type { AutomationsRunResult } from '../cloudfunctions/automations/index';
import { loadMembers, night, type TagBenchRow } from './bench-tags';

const TEMPLATES = ['auto-recall', 'auto-first-order', 'auto-old-friend', 'auto-wake-up'];

async function fireAutomations(emu: Emulator) {
  const trigger = emu.scheduler.schedule().find((t) => t.functionName === 'automations')!;
  const out = (await emu.scheduler.fireNow(trigger)).result;
  if (!out.ok) throw new Error(`automations: ${out.errCode} ${out.errMsg}`);
  const stats = emu.stats.get(out.invocationId);
  return { result: out.result as AutomationsRunResult, ms: out.ms, requests: stats.total };
}

export async function benchAutomations(emu: Emulator, n: number): Promise<TagBenchRow[]> {
  emu.clock.set(shanghaiTime(2027, 6, 14, 20));
  emu.database.insertMany(
    'couponTemplates',
    TEMPLATES.map((_id) => ({ _id, name: _id, ...amountOffTemplate(1_000, 14) })),
  );
  loadMembers(emu, n, emu.clock.now(), { heldForDays: 30, birthdays: true, newcomers: true });
  emu.clock.set(shanghaiTime(2027, 6, 15, 3));
  await night(emu);
  emu.clock.set(shanghaiTime(2027, 6, 15, 5));
  const runs: Awaited<ReturnType<typeof fireAutomations>>[] = [];
  for (;;) {
    const run = await fireAutomations(emu);
    runs.push(run);
    if (run.result.complete) break;
    emu.clock.advance(10 * 60_000);
  }
  const per: Record<string, { found: number; touched: number }> = {};
  for (const r of runs)
    for (const [key, c] of Object.entries(r.result.byAutomation)) {
      per[key] ??= { found: 0, touched: 0 };
      per[key].found += c.found;
      per[key].touched += c.acted + c.holdout;
    }
  const touched = Object.values(per).reduce((s, c) => s + c.touched, 0);
  const requests = runs.reduce((s, r) => s + r.requests, 0);
  return [
    {
      row: 'automations.nightly',
      figure: `${touched} members acted on or held out of ${n}; ${(requests / Math.max(1, touched)).toFixed(1)} requests per member affected`,
      detail: `${runs.length} invocation(s), longest ${(Math.max(...runs.map((r) => r.ms)) / 1000).toFixed(1)} s, ${requests} requests; ${Object.entries(
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
