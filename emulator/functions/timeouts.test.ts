import { mkdtempSync, mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from '@jest/globals';
import { checkTimeout, readDeployedTimeouts } from './timeouts';

const dir = mkdtempSync(join(tmpdir(), 'crm-timeouts-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('checkTimeout', () => {
  it('accepts whole seconds from 1 to 60, as the console does', () => {
    expect(checkTimeout('x', 1)).toBe(1);
    expect(checkTimeout('x', 60)).toBe(60);
  });
  it.each([0, 61, 2.5, -3, '10', null])('refuses %s', (value) => {
    expect(() => checkTimeout('birthday', value)).toThrow(/birthday: timeout .* not allowed/);
  });
});

describe('readDeployedTimeouts', () => {
  it('reads cloudbaserc.json beside the functions folder; none when it is absent', () => {
    const functionsDir = join(dir, 'a', 'cloudfunctions');
    mkdirSync(functionsDir, { recursive: true });
    expect(readDeployedTimeouts(functionsDir).size).toBe(0);
    writeFileSync(
      join(dir, 'a', 'cloudbaserc.json'),
      JSON.stringify({ functions: [{ name: 'daily', timeout: 60 }, { name: 'member' }] }),
    );
    expect([...readDeployedTimeouts(functionsDir)]).toEqual([['daily', 60]]);
  });
  it('refuses a deployed timeout above 60 s', () => {
    const functionsDir = join(dir, 'b', 'cloudfunctions');
    mkdirSync(functionsDir, { recursive: true });
    writeFileSync(
      join(dir, 'b', 'cloudbaserc.json'),
      JSON.stringify({ functions: [{ name: 'daily', timeout: 90 }] }),
    );
    expect(() => readDeployedTimeouts(functionsDir)).toThrow(/daily: timeout 90 s is not allowed/);
  });
});
