/**
 * Function timeouts as WeChat applies them: `timeout` in config.json is ignored (default
 * 3 s), the timeout comes from the deployed cloudbaserc.json — the file the build writes
 * from cloudfunctions/timeouts.json and `tcb fn deploy` applies — and nothing above 60 s is
 * accepted. An instance that runs past its timeout is terminated (-504003).
 */
import { mkdirSync, mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { startTestEmulator, type TestEmulator } from '../support/emulator';
import { ROOT } from './support/sdk';

const fixture = mkdtempSync(join(tmpdir(), 'crm-fn-timeouts-'));
const functionsDir = join(fixture, 'cloudfunctions');
/** a function that waits `event.ms`, then answers the time limit the runtime told it */
const SLEEPER = `exports.main = async (event, context) => {
  await new Promise((r) => setTimeout(r, event.ms));
  return { limitMs: context.time_limit_in_ms };
};\n`;
let emu: TestEmulator;

beforeAll(async () => {
  for (const name of ['declared', 'undeclared']) {
    mkdirSync(join(functionsDir, name), { recursive: true });
    writeFileSync(join(functionsDir, name, 'index.js'), SLEEPER);
    // both claim 60 s in config.json, which WeChat ignores
    writeFileSync(join(functionsDir, name, 'config.json'), JSON.stringify({ timeout: 60 }));
  }
  writeFileSync(
    join(fixture, 'cloudbaserc.json'),
    JSON.stringify({ version: '2.0', functions: [{ name: 'declared', timeout: 2 }] }),
  );
  emu = await startTestEmulator({ functionsDir });
});
afterAll(async () => {
  await emu?.stop();
  rmSync(fixture, { recursive: true, force: true });
});

describe('function timeouts', () => {
  it('come from cloudbaserc.json, never from config.json; 3 s by default', async () => {
    expect(emu.runner.get('declared')?.timeoutS).toBe(2);
    expect(emu.runner.get('undeclared')?.timeoutS).toBe(3);
    expect(await emu.invoke('declared', { ms: 10 }, { source: 'scf' })).toMatchObject({
      ok: true,
      result: { limitMs: 2_000 },
    });
    expect(await emu.invoke('declared', { ms: 2_400 }, { source: 'scf' })).toMatchObject({
      ok: false,
      errCode: -504003,
      errMsg: 'Invoking task timed out after 2 seconds',
    });
    expect(await emu.invoke('undeclared', { ms: 3_300 }, { source: 'scf' })).toMatchObject({
      ok: false,
      errCode: -504003,
      errMsg: 'Invoking task timed out after 3 seconds',
    });
    // the terminated instance is replaced: the function still answers
    expect(await emu.invoke('undeclared', { ms: 1 }, { source: 'scf' })).toMatchObject({
      ok: true,
      result: { limitMs: 3_000 },
    });
  });

  it('refuses more than 60 s, in cloudbaserc.json or as an override', async () => {
    await expect(
      startTestEmulator({ functionsDir, functionTimeouts: { declared: 61 } }),
    ).rejects.toThrow(/timeout 61 s is not allowed/);
    writeFileSync(
      join(fixture, 'cloudbaserc.json'),
      JSON.stringify({ version: '2.0', functions: [{ name: 'declared', timeout: 120 }] }),
    );
    await expect(startTestEmulator({ functionsDir })).rejects.toThrow(
      /timeout 120 s is not allowed/,
    );
  });

  it('the project declares them once: cloudfunctions/timeouts.json → dist/cloudbaserc.json, none in config.json', () => {
    const declared = JSON.parse(readFileSync(join(ROOT, 'cloudfunctions/timeouts.json'), 'utf8'));
    const rc = JSON.parse(readFileSync(join(ROOT, 'dist/cloudbaserc.json'), 'utf8')) as {
      functions: { name: string; timeout: number }[];
    };
    for (const f of rc.functions)
      expect([f.name, f.timeout]).toEqual([f.name, declared.functions[f.name] ?? declared.default]);
    expect(rc.functions.find((f) => f.name === 'daily')?.timeout).toBe(60);
    for (const dir of ['cloudfunctions', 'dist/cloudfunctions'])
      for (const name of readdirSync(join(ROOT, dir)).filter(
        (n) => !n.startsWith('_') && !n.startsWith('.') && !n.endsWith('.json'),
      )) {
        const config = JSON.parse(readFileSync(join(ROOT, dir, name, 'config.json'), 'utf8'));
        expect([name, 'timeout' in config]).toEqual([name, false]);
      }
  });
});
