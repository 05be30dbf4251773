/**
 * The lint rule that keeps the emulator a package of its own: ESLint over a probe file
 * (given on stdin, named as if it lived in emulator/gateway/) reports exactly the imports
 * that leave the folder or name an undeclared package.
 */
import { spawnSync } from 'node:child_process';
import { join, resolve } from 'node:path';
import { describe, expect, it } from '@jest/globals';

const ROOT = resolve(__dirname, '../..');

function lint(source: string, filename = 'emulator/gateway/probe.ts') {
  const r = spawnSync(
    process.execPath,
    [
      join(ROOT, 'node_modules/eslint/bin/eslint.js'),
      '--format',
      'json',
      '--stdin',
      '--stdin-filename',
      filename,
    ],
    { cwd: ROOT, input: source, encoding: 'utf8' },
  );
  const [result] = JSON.parse(r.stdout) as [{ messages: { ruleId: string; line: number }[] }];
  return result.messages
    .filter((m) => m.ruleId === 'emulator/imports-stay-inside')
    .map((m) => m.line);
}

describe('emulator/imports-stay-inside', () => {
  it('reports app code, the @/ alias and undeclared packages, nothing else', () => {
    const source = [
      "import { encodeScene } from '../../src/domain/scene';", // 1: app code
      "import points from '@/domain/points';", // 2: the app's alias
      "import dayjs from 'dayjs';", // 3: not declared by emulator/package.json
      "const env = require('../../config/releaseEnv');", // 4: app config
      "import { createDatabase } from '../db';", // inside emulator/
      "import { readFileSync } from 'node:fs';", // built-in
      "import { Query } from 'mingo/query';", // declared package, subpath
      "import { EJSON } from 'bson';", // declared package
      'export { encodeScene, points, dayjs, env, createDatabase, readFileSync, Query, EJSON };',
    ].join('\n');
    expect(lint(source)).toEqual([1, 2, 3, 4]);
  });

  it('does not apply outside emulator/', () => {
    expect(lint("import dayjs from 'dayjs';\nexport { dayjs };\n", 'scripts/probe.ts')).toEqual([]);
  });
});
