/**
 * `npm run build:weapp:local`: the weapp production build with the emulator's cloud env and
 * template ids handed in (scripts/local-cloud `localBuildEnv()`), for npm start, npm test and
 * WeChat DevTools against the dev environment. `npm run build:weapp` is the release build
 * and refuses to run without CRM_CLOUD_ENV and CRM_TEMPLATE_IDS.
 */
import { spawnSync } from 'node:child_process';
import { resolve } from 'node:path';
import { localBuildEnv } from './local-cloud';

const ROOT = resolve(__dirname, '..');
const r = spawnSync('npm', ['run', '--silent', 'build:weapp'], {
  cwd: ROOT,
  stdio: 'inherit',
  env: { ...process.env, ...localBuildEnv() },
});
process.exit(r.status ?? 1);
