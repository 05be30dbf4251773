/**
 * Build the Taro app for a platform only when its output is older than its inputs, so a
 * test run pays for a build (10–30 s on 2 cores) only after front-end changes. Builds are
 * serialised across test processes with a lock directory (weapp and browser suites may
 * start together).
 *
 *   const dist = await ensureTaroBuilt('weapp'); // → /abs/dist/weapp
 */
import { spawn } from 'node:child_process';
import { existsSync, mkdirSync, readdirSync, rmSync, statSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { localBuildEnv } from '../../scripts/local-cloud';

export type TaroPlatform = 'weapp' | 'h5';

const ROOT = resolve(__dirname, '../..');
const INPUTS = ['src', 'config', 'types', 'babel.config.js', 'package.json', 'project.config.json'];
const MARKER: Record<TaroPlatform, string> = { weapp: 'app.js', h5: 'index.html' };
const LOCK = join(ROOT, 'node_modules/.cache/crm-taro-build.lock');
const STALE_LOCK_MS = 5 * 60_000;

function newestInput(path: string): number {
  if (!existsSync(path)) return 0;
  const st = statSync(path);
  if (!st.isDirectory()) return /\.test\.tsx?$/.test(path) ? 0 : st.mtimeMs;
  let newest = 0;
  for (const entry of readdirSync(path)) newest = Math.max(newest, newestInput(join(path, entry)));
  return newest;
}

export function distDir(platform: TaroPlatform): string {
  return join(ROOT, 'dist', platform);
}

export function isStale(platform: TaroPlatform): boolean {
  const marker = join(distDir(platform), MARKER[platform]);
  if (!existsSync(marker)) return true;
  const inputs = Math.max(...INPUTS.map((p) => newestInput(join(ROOT, p))));
  return inputs > statSync(marker).mtimeMs;
}

async function withLock<T>(fn: () => Promise<T>): Promise<T> {
  mkdirSync(join(LOCK, '..'), { recursive: true });
  for (;;) {
    try {
      mkdirSync(LOCK);
      break;
    } catch {
      try {
        if (Date.now() - statSync(LOCK).mtimeMs > STALE_LOCK_MS)
          rmSync(LOCK, { recursive: true, force: true });
      } catch {
        // released meanwhile
      }
      await new Promise((r) => setTimeout(r, 250));
    }
  }
  try {
    return await fn();
  } finally {
    rmSync(LOCK, { recursive: true, force: true });
  }
}

function runBuild(platform: TaroPlatform): Promise<void> {
  // the app is built as it ships, with the emulator's cloud env and template ids handed in
  // (jest sets NODE_ENV=test; deleted below)
  const env: NodeJS.ProcessEnv = { ...process.env, ...localBuildEnv() };
  delete env.NODE_ENV;
  return new Promise((ok, bad) => {
    const child = spawn(
      process.execPath,
      [join(ROOT, 'node_modules/@tarojs/cli/bin/taro'), 'build', '--type', platform],
      {
        cwd: ROOT,
        env,
        stdio: ['ignore', 'pipe', 'pipe'],
      },
    );
    let log = '';
    child.stdout.on('data', (c) => (log += c));
    child.stderr.on('data', (c) => (log += c));
    child.on('error', bad);
    child.on('close', (code) => {
      if (code === 0 && !isStale(platform)) ok();
      else
        bad(new Error(`taro build --type ${platform} failed (exit ${code}):\n${log.slice(-4000)}`));
    });
  });
}

/** Build `dist/<platform>` if any source is newer than it; answers the dist directory. */
export async function ensureTaroBuilt(platform: TaroPlatform): Promise<string> {
  if (isStale(platform)) {
    await withLock(async () => {
      if (isStale(platform)) await runBuild(platform);
    });
  }
  return distDir(platform);
}
