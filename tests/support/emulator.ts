/**
 * Starts a private emulator for a test file: fresh data dir, free port, the built
 * function bundles (rebuilt once per test process), timers off unless asked (tests move
 * the clock and fire them explicitly).
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startEmulator, type Emulator, type EmulatorOptions } from '../../emulator';
import { buildFunctions, functionsUpToDate } from '../../scripts/build-functions';
import { encodeScene } from '../../src/domain/scene';
import { localEmulatorOptions, localSceneSecret } from '../../scripts/local-cloud';
import { seedMinimal, type MinimalSeed } from '../../scripts/seed/minimal';

let built: Promise<void> | null = null;
export function ensureFunctionsBuilt(): Promise<void> {
  built ??= functionsUpToDate() ? Promise.resolve() : buildFunctions(undefined, { quiet: true });
  return built;
}

export type TestEmulator = Emulator & {
  dataDir: string;
  /** a signed checkout-code scene for a store (and clerk) */
  sceneFor(storeId: string, clerkId?: string): string;
  seedMinimal(): Promise<MinimalSeed>;
  /** call a function as a WeChat identity, like wx.cloud.callFunction; answers the function's reply */
  call<T = unknown>(name: string, event: Record<string, unknown>, openid?: string): Promise<T>;
  /** stop, keeping the data dir (to prove durability) */
  stopKeepData(): Promise<void>;
};

/**
 * A fixed start for a test emulator's clock (`startsAt`): Wednesday 18 November
 * 2026, 10:00 in Shanghai — mid-month, mid-week, far from midnight — so a test that reads
 * the Shanghai day or month (daily gift caps, spend by month, levels) cannot straddle a
 * boundary. Time runs on from there (leases and timeouts need it); `emu.travel` moves it.
 */
export const TEST_EPOCH = Date.UTC(2026, 10, 18, 2, 0);

export type TestEmulatorOptions = Omit<EmulatorOptions, 'functionEnv'> & {
  /** function environment variables that replace the app's local values */
  functionEnv?: Record<string, string>;
  keepDataDir?: string;
  /**
   * the clock's start (epoch ms), e.g. TEST_EPOCH for a test that reads the Shanghai day
   * or month; real time when absent (pages under test compare with their own clock)
   */
  startsAt?: number;
};

export async function startTestEmulator(opts: TestEmulatorOptions = {}): Promise<TestEmulator> {
  await ensureFunctionsBuilt();
  const dataDir = opts.keepDataDir ?? mkdtempSync(join(tmpdir(), 'crm-emulator-'));
  const { functionEnv, keepDataDir: _keep, ...rest } = opts;
  const emulator = await startEmulator({
    ...localEmulatorOptions(functionEnv),
    port: 0,
    timers: false,
    functionLogs: process.env.CRM_EMULATOR_LOGS ? 'inherit' : 'silent',
    ...rest,
    dataDir,
  });
  // a fresh data dir starts at the fixed instant; a kept one keeps its saved clock
  if (!opts.keepDataDir && opts.startsAt !== undefined) emulator.clock.set(opts.startsAt);
  const secret = localSceneSecret();
  const stopEmulator = emulator.stop;
  return Object.assign(emulator, {
    dataDir,
    sceneFor: (storeId: string, clerkId?: string) => encodeScene({ storeId, clerkId }, secret),
    seedMinimal: () => seedMinimal(emulator.database, emulator.clock.now()),
    async call<T>(name: string, event: Record<string, unknown>, openid = '') {
      const out = await emulator.invoke(
        name,
        { ...event, userInfo: { appId: 'test', openId: openid } },
        { openid, source: 'wx_client' },
      );
      if (!out.ok) throw new Error(`${name} failed: ${out.errCode} ${out.errMsg}`);
      return out.result as T;
    },
    async stopKeepData() {
      await stopEmulator();
    },
    async stop() {
      await stopEmulator();
      rmSync(dataDir, { recursive: true, force: true });
    },
  });
}
