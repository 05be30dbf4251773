/**
 * A private emulator for one bench (a clean database of its own, the app's local cloud
 * options, the minimal seed), stopped and removed afterwards; and the script entry that
 * builds the functions first and prints a bench's rows. (`seed: false`: the bench seeds itself.)
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startEmulator, type Emulator } from '../emulator';
import { buildFunctions } from './build-functions';
import { localEmulatorOptions } from './local-cloud';
import { seedMinimal } from './seed/minimal';

export async function withBenchEmulator<T>(
  name: string,
  run: (emu: Emulator) => Promise<T>,
  opts: { seed: boolean } = { seed: true },
): Promise<T> {
  const dataDir = mkdtempSync(join(tmpdir(), `crm-bench-${name}-`));
  const emu = await startEmulator({
    port: 0,
    timers: false,
    functionLogs: process.env.CRM_EMULATOR_LOGS ? 'inherit' : 'silent',
    ...localEmulatorOptions(),
    dataDir,
  });
  try {
    if (opts.seed) await seedMinimal(emu.database, emu.clock.now());
    return await run(emu);
  } finally {
    await emu.stop();
    rmSync(dataDir, { recursive: true, force: true });
  }
}

/** `tsx scripts/bench-x.ts [--quick]`: build the functions, run, print the rows. */
export function benchMain(title: string, rows: (quick: boolean) => Promise<unknown[]>): void {
  (async () => {
    await buildFunctions(undefined, { quiet: true });
    const out = await rows(process.argv.includes('--quick'));
    console.log(`\n${title}\n`);
    console.table(out);
  })().catch((e) => {
    console.error(e);
    process.exit(1);
  });
}
