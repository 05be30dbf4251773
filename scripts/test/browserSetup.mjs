/**
 * What the browser suite needs from the machine: Debian's Chromium (driven by npm's
 * playwright-core; no browser is ever downloaded) and a CJK font so Chinese renders in
 * screenshots. `planBrowserSetup` decides from facts; `ensureBrowser` gathers them and acts:
 * ready → nothing; root with apt → install; otherwise stop before any test runs and print
 * the one command to run.
 */
import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';

export const APT_PACKAGES = ['chromium', 'fonts-noto-cjk'];
export const INSTALL_COMMAND = `sudo apt-get update && sudo apt-get install -y ${APT_PACKAGES.join(' ')}`;

/**
 * @param {{ chromium: boolean, cjkFont: boolean, root: boolean, apt: boolean, executable: string }} facts
 * @returns {{ kind: 'ready' } | { kind: 'install', packages: string[] } | { kind: 'stop', message: string }}
 */
export function planBrowserSetup(facts) {
  if (facts.chromium && facts.cjkFont) return { kind: 'ready' };
  const missing = [
    !facts.chromium && `Chromium (${facts.executable})`,
    !facts.cjkFont && 'CJK fonts',
  ]
    .filter(Boolean)
    .join(' and ');
  if (facts.root && facts.apt) return { kind: 'install', packages: APT_PACKAGES, missing };
  return {
    kind: 'stop',
    message:
      `The browser tests need ${missing}, from Debian's packages. Run:\n\n  ${INSTALL_COMMAND}\n\n` +
      `then run npm test again (or point CRM_CHROMIUM at a Chromium executable).`,
  };
}

function hasCjkFont() {
  try {
    return /Noto Sans CJK|Noto Serif CJK|WenQuanYi|Source Han/i.test(
      execFileSync('fc-list', { encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] }),
    );
  } catch {
    return false;
  }
}

export function browserFacts(env = process.env) {
  const executable = env.CRM_CHROMIUM || '/usr/bin/chromium';
  return {
    executable,
    chromium: existsSync(executable),
    cjkFont: hasCjkFont(),
    root: typeof process.getuid === 'function' && process.getuid() === 0,
    apt: spawnSync('sh', ['-c', 'command -v apt-get'], { stdio: 'ignore' }).status === 0,
  };
}

/** Makes the machine ready for the browser suite, or answers the message to stop with. */
export function ensureBrowser(env = process.env) {
  const facts = browserFacts(env);
  const plan = planBrowserSetup(facts);
  if (plan.kind !== 'install') return plan;
  console.log(
    `› installing ${plan.missing} for the browser tests: apt-get install ${plan.packages.join(' ')}`,
  );
  const aptEnv = { ...env, DEBIAN_FRONTEND: 'noninteractive' };
  for (const args of [
    ['update', '-qq'],
    ['install', '-y', '-qq', ...plan.packages],
  ]) {
    const r = spawnSync('apt-get', args, { stdio: ['ignore', 'ignore', 'inherit'], env: aptEnv });
    if (r.status !== 0) {
      return { kind: 'stop', message: `apt-get ${args[0]} failed. Run:\n\n  ${INSTALL_COMMAND}\n` };
    }
  }
  const after = planBrowserSetup({ ...browserFacts(env), root: false });
  return after.kind === 'ready' ? after : { kind: 'stop', message: after.message };
}
