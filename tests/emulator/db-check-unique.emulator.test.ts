/**
 * `npm run db:check-unique` against the emulator: with the project's index set every unique
 * index refuses a duplicate (exit 0); with two of them made by mistake as plain indexes the
 * command names exactly those two and exits 1. Probe documents never stay behind.
 */
import { spawn } from 'node:child_process';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { startTestEmulator, type TestEmulator } from '../support/emulator';
import { ROOT } from './support/sdk';
import { readIndexFile } from '../../scripts/db-check-unique';
import { editedIndexFile } from './support/indexFile';

const spec = readIndexFile(ROOT);
const declaredUnique = Object.entries(spec.collections).flatMap(([c, list]) =>
  list.filter((i) => i.unique).map((i) => `${c}.${i.name}`),
);

/** The command as a reader runs it (async: the emulator answers from this very process). */
function checkUnique(emu: TestEmulator): Promise<{ status: number | null; out: string }> {
  const child = spawn(
    process.execPath,
    [
      join(ROOT, 'node_modules/tsx/dist/cli.mjs'),
      join(ROOT, 'scripts/db-check-unique.ts'),
      '--emulator',
      emu.url,
    ],
    { cwd: ROOT, stdio: ['ignore', 'pipe', 'pipe'] },
  );
  let out = '';
  child.stdout.on('data', (c) => (out += c));
  child.stderr.on('data', (c) => (out += c));
  return new Promise((ok) => child.on('close', (status) => ok({ status, out })));
}

function probesLeft(emu: TestEmulator): number {
  return Object.keys(spec.collections).reduce(
    (n, c) => n + emu.database.count(c, { crmProbe: true }),
    0,
  );
}

describe('with the declared indexes', () => {
  let emu: TestEmulator;
  beforeAll(async () => {
    emu = await startTestEmulator();
  });
  afterAll(async () => {
    await emu?.stop();
  });

  it('proves every unique index and exits 0', async () => {
    expect(declaredUnique.length).toBeGreaterThanOrEqual(8);
    const { status, out } = await checkUnique(emu);
    expect(status).toBe(0);
    for (const name of declaredUnique)
      expect(out).toMatch(new RegExp(`ok\\s+${name.replace('.', '\\.')} `));
    expect(out).toContain(`all ${declaredUnique.length} unique indexes refuse duplicates`);
    expect(probesLeft(emu)).toBe(0);
  });
});

describe('with two unique indexes made as plain ones', () => {
  let emu: TestEmulator;
  let indexFile: { path: string; remove(): void } | undefined;
  beforeAll(async () => {
    indexFile = editedIndexFile((spec) => {
      for (const [c, name] of [
        ['members', 'phone_unique'],
        ['coupons', 'code_unique'],
      ])
        delete spec.collections[c].find((i) => i.name === name)!.unique;
    });
    emu = await startTestEmulator({ indexesPath: indexFile.path });
  });
  afterAll(async () => {
    await emu?.stop();
    indexFile?.remove();
  });

  it('names exactly those two and exits 1', async () => {
    const { status, out } = await checkUnique(emu);
    expect(status).toBe(1);
    const flagged = [...out.matchAll(/NOT UNIQUE (\S+)/g)].map((m) => m[1]).sort();
    expect(flagged).toEqual(['coupons.code_unique', 'members.phone_unique']);
    expect(out).toContain(`2 of ${declaredUnique.length} unique indexes are not enforced`);
    expect(out).not.toContain('ERROR');
    expect(probesLeft(emu)).toBe(0);
  });
});
