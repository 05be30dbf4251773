#!/usr/bin/env node
/**
 * `npm test`: builds what the suites load (function bundles, weapp, H5), then runs the four
 * suites one after another under TZ=UTC (calendar logic must not depend on the machine's
 * zone) and prints one summary line per suite and a total:
 *   unit: 120 passed, 0 failed
 *   ...
 *   tests: 180 passed, 0 failed
 * `node scripts/test.mjs unit emulator` runs only those suites; `--no-build` skips the build.
 */
import { spawnSync } from 'node:child_process';
import { mkdirSync, readFileSync, existsSync, rmSync } from 'node:fs';

const ALL = ['unit', 'emulator', 'weapp', 'browser'];
const args = process.argv.slice(2);
const suites = args.filter((a) => ALL.includes(a));
const selected = suites.length ? suites : ALL;
const env = {
  ...process.env,
  TZ: 'UTC',
  FORCE_COLOR: process.env.CI ? '0' : process.env.FORCE_COLOR,
};

function run(cmd, cmdArgs) {
  const r = spawnSync(cmd, cmdArgs, { stdio: 'inherit', env });
  return r.status ?? 1;
}

if (!args.includes('--no-build') && selected.some((s) => s !== 'unit')) {
  const steps = [['build:functions']];
  if (selected.includes('weapp')) steps.push(['build:weapp:local']);
  if (selected.includes('browser')) steps.push(['build:h5']);
  for (const [script] of steps) {
    if (run('npm', ['run', '--silent', script]) !== 0) {
      console.error(`build failed: npm run ${script}`);
      process.exit(1);
    }
  }
}

mkdirSync('test-results', { recursive: true });
const lines = [];
let passed = 0;
let failed = 0;
let broken = false;
for (const suite of selected) {
  const out = `test-results/${suite}.json`;
  rmSync(out, { force: true });
  const status = run('npx', [
    'vitest',
    'run',
    '--project',
    suite,
    '--reporter=default',
    '--reporter=json',
    `--outputFile.json=${out}`,
  ]);
  let p = 0;
  let f = 0;
  if (existsSync(out)) {
    const report = JSON.parse(readFileSync(out, 'utf8'));
    p = report.numPassedTests ?? 0;
    f = (report.numFailedTests ?? 0) + (report.numRuntimeErrorTestSuites ?? 0);
    if (report.numFailedTestSuites && !report.numFailedTests) f += report.numFailedTestSuites;
  }
  if (status !== 0 && f === 0) f = 1; // the suite crashed before reporting a failure
  if (p + f === 0) broken = true; // a suite that ran nothing is a defect
  passed += p;
  failed += f;
  lines.push(`${suite}: ${p} passed, ${f} failed`);
}
console.log('\n' + lines.join('\n'));
console.log(`tests: ${passed} passed, ${failed} failed`);
if (broken) console.error('a suite ran no tests');
process.exit(failed > 0 || broken ? 1 : 0);
