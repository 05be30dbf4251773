#!/usr/bin/env node
/**
 * `npm test`: makes the machine ready (Debian Chromium and CJK fonts for the browser suite:
 * installed when running as root with apt, otherwise it stops before running anything and
 * prints the command), builds what the suites load (function bundles, weapp, H5), then runs
 * the four Jest projects one after another under TZ=UTC (calendar logic must not depend on
 * the machine's zone) and prints a coverage summary for src/domain and cloudfunctions (the
 * unit suite; with CRM_BUNDLE_COVERAGE=1 also the function bundles the emulator suite ran)
 * and one summary line per suite and a total:
 *   unit: 120 passed, 0 failed
 *   ...
 *   tests: 180 passed, 0 failed
 * `node scripts/test.mjs unit emulator` runs only those suites; `--no-build` skips the build;
 * other arguments (a file name pattern, `-t name`) go to Jest.
 */
import { spawn, spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, rmSync } from 'node:fs';
import { resolve } from 'node:path';
import { ensureBrowser } from './test/browserSetup.mjs';
import { bundleCoverageLines, coverageLines } from './test/coverage.mjs';

const ALL = ['unit', 'emulator', 'weapp', 'browser'];
const args = process.argv.slice(2);
const suites = args.filter((a) => ALL.includes(a));
const jestArgs = args.filter((a) => !ALL.includes(a) && a !== '--no-build');
const selected = suites.length ? suites : ALL;
const env = {
  ...process.env,
  TZ: 'UTC',
  // function bundles with source maps, so coverage maps back to cloudfunctions/ (test builds only)
  CRM_FUNCTION_SOURCEMAPS: '1',
  FORCE_COLOR: process.env.CI ? '0' : process.env.FORCE_COLOR,
};

function run(cmd, cmdArgs, extraEnv = {}) {
  const r = spawnSync(cmd, cmdArgs, { stdio: 'inherit', env: { ...env, ...extraEnv } });
  return r.status ?? 1;
}

if (selected.includes('browser')) {
  const ready = ensureBrowser(env);
  if (ready.kind !== 'ready') {
    console.error(`\n${ready.message}`);
    process.exit(1);
  }
}

/** npm scripts at once (two webpack builds share the 2 cores better than one after the other) */
function runAll(scripts) {
  return Promise.all(
    scripts.map(
      (script) =>
        new Promise((done) => {
          const child = spawn('npm', ['run', '--silent', script], { stdio: 'inherit', env });
          child.on('exit', (code) => done(code === 0 ? null : script));
          child.on('error', () => done(script));
        }),
    ),
  ).then((failed) => failed.filter(Boolean));
}

if (!args.includes('--no-build') && selected.some((s) => s !== 'unit')) {
  const apps = [];
  if (selected.includes('weapp')) apps.push('build:weapp:local');
  if (selected.includes('browser')) apps.push('build:h5');
  for (const step of [['build:functions'], apps]) {
    const failed = await runAll(step);
    if (failed.length) {
      console.error(`build failed: npm run ${failed.join(', npm run ')}`);
      process.exit(1);
    }
  }
}

mkdirSync('test-results', { recursive: true });
const lines = [];
const coverage = [];
const V8_DIR = resolve('test-results/v8-emulator');
let passed = 0;
let failed = 0;
let broken = false;
const failures = [];
for (const suite of selected) {
  const out = `test-results/${suite}.json`;
  rmSync(out, { force: true });
  // the function bundles' coverage (V8, in the emulator suite) costs about a quarter of the
  // suite's time: on request (CRM_BUNDLE_COVERAGE=1), so CI stays within its 20 minutes
  const withCoverage =
    jestArgs.length === 0 &&
    (suite === 'unit' || (suite === 'emulator' && process.env.CRM_BUNDLE_COVERAGE === '1'));
  if (suite === 'emulator') rmSync(V8_DIR, { recursive: true, force: true });
  const extraEnv = suite === 'emulator' && withCoverage ? { NODE_V8_COVERAGE: V8_DIR } : {};
  const status = run(
    'npx',
    [
      'jest',
      '--selectProjects',
      suite,
      '--json',
      `--outputFile=${out}`,
      // every suite runs two files at a time (each emulator file has its own emulator, data
      // dir and port; the kill-at-every-request tests carry their own longer timeouts). One
      // Chromium file at a time left a core idle: 194 s in band, 151 s two at a time
      '--maxWorkers=2',
      // miniprogram-simulate warns thousands of times with code frames (≈200 MB of log)
      ...(suite === 'weapp' ? ['--silent'] : []),
      ...(withCoverage && suite === 'unit'
        ? [
            '--coverage',
            '--coverageProvider=v8',
            '--coverageReporters=json-summary',
            '--coverageDirectory=test-results/coverage',
            '--collectCoverageFrom=src/domain/**/*.ts',
            '--collectCoverageFrom=cloudfunctions/**/*.ts',
            '--collectCoverageFrom=!**/*.test.ts',
          ]
        : []),
      ...jestArgs,
    ],
    extraEnv,
  );
  let p = 0;
  let f = 0;
  if (existsSync(out)) {
    const report = JSON.parse(readFileSync(out, 'utf8'));
    p = report.numPassedTests ?? 0;
    f = (report.numFailedTests ?? 0) + (report.numRuntimeErrorTestSuites ?? 0);
    if (report.numFailedTestSuites && !report.numFailedTests) f += report.numFailedTestSuites;
    // the failed tests by name, repeated at the very end, where a CI log's tail shows them
    for (const file of report.testResults ?? []) {
      const where = file.name.replace(process.cwd() + '/', '');
      const failedTests = (file.assertionResults ?? []).filter((t) => t.status === 'failed');
      for (const t of failedTests) {
        const why = (t.failureMessages?.[0] ?? '').split('\n').find((l) => l.trim()) ?? '';
        failures.push(`${suite} ✕ ${where} › ${t.fullName}\n    ${why.trim().slice(0, 300)}`);
      }
      if (file.status === 'failed' && failedTests.length === 0)
        failures.push(
          `${suite} ✕ ${where}: ${(file.message ?? '').split('\n').find(Boolean) ?? 'failed to run'}`,
        );
    }
  }
  if (status !== 0 && f === 0) f = 1; // the suite crashed before reporting a failure
  if (p + f === 0) broken = true; // a suite that ran nothing is a defect
  if (withCoverage && suite === 'unit')
    coverage.push(...coverageLines('test-results/coverage/coverage-summary.json'));
  if (withCoverage && suite === 'emulator') {
    coverage.push(...(await bundleCoverageLines(V8_DIR, resolve('dist/cloudfunctions'))));
    rmSync(V8_DIR, { recursive: true, force: true }); // hundreds of MB of raw V8 data
  }
  passed += p;
  failed += f;
  lines.push(`${suite}: ${p} passed, ${f} failed`);
}
if (coverage.length) console.log('\n' + coverage.join('\n'));
if (failures.length) console.log('\nfailed:\n' + failures.join('\n'));
console.log('\n' + lines.join('\n'));
console.log(`tests: ${passed} passed, ${failed} failed`);
if (broken) console.error('a suite ran no tests');
process.exit(failed > 0 || broken ? 1 : 0);
