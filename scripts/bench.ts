/**
 * `npm run bench`: database requests per operation, latency percentiles and bundle sizes.
 * Runs the real function bundles on a private emulator (temp data dir), so figures are
 * comparable between commits on the same machine. Latency is wall time per call through
 * the emulator (worker hop + SDK + HTTP + SQLite); the request counts are what production
 * would pay in CloudBase round trips.
 *
 *   npm run bench              all scenarios
 *   npm run bench -- --quick   fewer iterations
 */
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { execFileSync } from 'node:child_process';
import { startEmulator, type Emulator } from '../emulator';
import { localEmulatorOptions } from './local-cloud';
import { buildFunctions } from './build-functions';
import { seedMinimal } from './seed/minimal';
import { encodeScene } from '../src/domain/scene';
import { benchLoyalty, BENCH_POS_KEY } from './bench-loyalty';
import { beforeAfter } from './benchBaseline';
import { runTagBench } from './bench-tags';
import { runTaskBench } from './bench-tasks';
import { runWorkbenchBench } from './bench-workbench';
import { runOutboxBench } from './bench-outbox';
import { runAutomationBench } from './bench-automations';
import { runStoreBench } from './bench-store';
import { runReportBench } from './bench-reports';
import { runSheetsBench } from './bench-sheets';

const quick = process.argv.includes('--quick');
const N = quick ? 30 : 200;

type Sample = { ms: number; requests: number; ok: boolean };
type Row = {
  scenario: string;
  calls: number;
  reqPerCall: string;
  p50: string;
  p95: string;
  max: string;
  errors: number;
};

function percentile(sorted: number[], p: number) {
  if (sorted.length === 0) return 0;
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)];
}

function summarize(scenario: string, samples: Sample[]): Row {
  const ms = samples.map((s) => s.ms).sort((a, b) => a - b);
  const reqs = samples.map((s) => s.requests);
  const minR = Math.min(...reqs);
  const maxR = Math.max(...reqs);
  return {
    scenario,
    calls: samples.length,
    reqPerCall: beforeAfter(
      scenario,
      minR === maxR
        ? String(minR)
        : `${minR}–${maxR} (avg ${(reqs.reduce((a, b) => a + b, 0) / reqs.length).toFixed(1)})`,
    ),
    p50: percentile(ms, 50).toFixed(1),
    p95: percentile(ms, 95).toFixed(1),
    max: ms[ms.length - 1].toFixed(1),
    errors: samples.filter((s) => !s.ok).length,
  };
}

async function call(
  emu: Emulator,
  name: string,
  event: Record<string, unknown>,
  openid: string,
): Promise<Sample> {
  const t0 = performance.now();
  const out = await emu.invoke(name, event, { openid, source: 'wx_client' });
  const ms = performance.now() - t0;
  const requests = (emu.stats.get(out.invocationId) as { total: number }).total;
  const ok = out.ok && (out.result as { ok?: boolean })?.ok !== false;
  return { ms, requests, ok };
}

async function sequential(n: number, fn: (i: number) => Promise<Sample>) {
  const samples: Sample[] = [];
  for (let i = 0; i < n; i++) samples.push(await fn(i));
  return samples;
}

async function main() {
  await buildFunctions(undefined, { quiet: true });
  const dataDir = mkdtempSync(join(tmpdir(), 'crm-bench-'));
  const emu = await startEmulator({
    port: 0,
    timers: false,
    functionLogs: 'silent',
    ...localEmulatorOptions({ CRM_POS_KEYS: JSON.stringify({ S001: BENCH_POS_KEY }) }),
    dataDir,
  });
  const rows: Row[] = [];
  try {
    await seedMinimal(emu.database, emu.clock.now());
    const secret = 'local-dev-scene-secret';
    const scene = encodeScene({ storeId: 'S001', clerkId: 'C0011' }, secret);
    // another store for the second signup run: S001's daily gift cap (200) is used up by then
    const scene2 = encodeScene({ storeId: 'S002', clerkId: 'C0021' }, secret);
    // warm one instance per function so cold starts are not in the percentiles
    await call(emu, 'member', { action: 'me' }, 'o_bench_warm');

    rows.push(
      summarize(
        'member.signup (new member, with scene)',
        await sequential(N, (i) =>
          call(
            emu,
            'member',
            {
              action: 'signup',
              phoneCode: `dev_135${String(i).padStart(8, '0')}_b`,
              scene,
              consentVersion: '2026-11',
            },
            `o_bench_${i}`,
          ),
        ),
      ),
    );
    rows.push(
      summarize(
        'member.me',
        await sequential(N, (i) => call(emu, 'member', { action: 'me' }, `o_bench_${i % N}`)),
      ),
    );
    rows.push(
      summarize(
        'member.getCard',
        await sequential(N, (i) => call(emu, 'member', { action: 'getCard' }, `o_bench_${i % N}`)),
      ),
    );

    // the same card load with 100k members and 300k orders in the database (indexed paths)
    const bulk = 100_000;
    const t0 = performance.now();
    const members = Array.from({ length: bulk }, (_, i) => ({
      _id: `bulk${i}`,
      memberNo: 1_000_000 + i, // below the 10,000,000+ numbers signup draws
      phone: `188${String(i).padStart(8, '0')}`,
      name: null,
      level: 'normal',
      points: { balance: 0, lifetime: 0 },
      stats: { spendByMonth: {} },
      status: 'active',
      homeStoreId: 'S00' + ((i % 3) + 1),
      createdAt: 0,
    }));
    emu.database.insertMany('members', members);
    const orders = Array.from({ length: bulk * 3 }, (_, i) => ({
      _id: `bo${i}`,
      storeId: 'S001',
      receiptNo: `B${i}`,
      memberId: `bulk${i % bulk}`,
      amountFen: 8600,
      paidFen: 8600,
      pointsEarned: 86,
      createdAt: i,
    }));
    emu.database.insertMany('orders', orders);
    const loadMs = performance.now() - t0;
    rows.push(
      summarize(
        `member.getCard with ${bulk / 1000}k members, ${(bulk * 3) / 1000}k orders`,
        await sequential(N, (i) => call(emu, 'member', { action: 'getCard' }, `o_bench_${i % N}`)),
      ),
    );
    rows.push(
      summarize(
        `member.signup with ${bulk / 1000}k members`,
        await sequential(Math.min(N, 50), (i) =>
          call(
            emu,
            'member',
            {
              action: 'signup',
              phoneCode: `dev_136${String(i).padStart(8, '0')}_b`,
              scene: scene2,
              consentVersion: '2026-11',
            },
            `o_bench_big_${i}`,
          ),
        ),
      ),
    );

    // 20 at a time: the same operations under concurrency, after one unmeasured round that
    // starts the extra instances (cold starts are measured separately below)
    const coldStart = await Promise.all(
      Array.from({ length: 20 }, (_, i) =>
        call(emu, 'member', { action: 'getCard' }, `o_bench_${i}`),
      ),
    );
    rows.push(summarize('member.getCard, 20 concurrent, cold instances', coldStart));
    const concurrent: Sample[] = [];
    for (let round = 0; round < (quick ? 2 : 5); round++) {
      concurrent.push(
        ...(await Promise.all(
          Array.from({ length: 20 }, (_, i) =>
            call(emu, 'member', { action: 'getCard' }, `o_bench_${i}`),
          ),
        )),
      );
    }
    rows.push(summarize('member.getCard, 20 concurrent, warm', concurrent));

    const loyalty = await benchLoyalty(emu, N);
    console.log(
      `\nbench (${N} calls per scenario; latency in ms through the local emulator; bulk load of ${bulk / 1000}k members + ${(bulk * 3) / 1000}k orders took ${(loadMs / 1000).toFixed(1)} s)\n`,
    );
    console.table(rows);
    console.log('\nloyalty engine (till, pos, mall, refunds)\n');
    console.table(loyalty);
  } finally {
    await emu.stop();
    rmSync(dataDir, { recursive: true, force: true });
  }

  // tags and segments on their own emulator (100k members with a year of statistics)
  console.log('\ntags and segments (tags.daily, tags.recompute, tags.purchase, segment.*)\n');
  console.table(await runTagBench(quick));

  // automations on their own emulator (the same 100k members, the night's tags first)
  console.log('\nautomations (automations.nightly)\n');
  console.table(await runAutomationBench(quick));

  // follow-up tasks on their own emulator (100k members, 20k tasks)
  console.log('\nfollow-up tasks (tasks.pool)\n');
  console.table(await runTaskBench(quick));

  // the workbench's customer pages on their own emulator (100k members, 20k open tasks)
  console.log('\nworkbench (workbench.customers, workbench.customer)\n');
  console.table(await runWorkbenchBench(quick));

  // the store manager's figures and pickups on their own emulator
  console.log('\nstore manager (store.figures, store.pickups)\n');
  console.table(await runStoreBench(quick));

  // reports from daily rollups on their own emulator
  console.log('\nreports (report.chain, report.store)\n');
  console.table(await runReportBench(quick));

  // HQ's import and export of spreadsheets on their own emulators
  console.log('\nspreadsheets (import.100k, export.100k)\n');
  console.table(await runSheetsBench(quick));

  // staff messages through the 服务号 on their own emulator
  console.log('\noutbox (outbox.send, outbox.tokens)\n');
  console.table(await runOutboxBench(quick));

  if (existsSync('dist/weapp/app.json')) {
    console.log('');
    console.log(
      execFileSync('node', ['scripts/bundle-size.mjs', '--budget-kb', '1536'], {
        encoding: 'utf8',
      }).trim(),
    );
  } else {
    console.log('\nweapp not built: run `npm run build:weapp` for bundle sizes');
  }
  if (existsSync('dist/h5')) {
    console.log(
      execFileSync('du', ['-sh', 'dist/h5'], { encoding: 'utf8' })
        .trim()
        .replace(/\s+/, '  H5 build: '),
    );
  }
  for (const name of ['member', 'daily']) {
    const f = `dist/cloudfunctions/${name}/index.js`;
    if (existsSync(f))
      console.log(
        `cloudfunction ${name}: ${(require('node:fs').statSync(f).size / 1024).toFixed(1)} KB`,
      );
  }
}

main().catch((e) => {
  console.error(e);
  process.exit(1);
});
