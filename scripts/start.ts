/**
 * `npm start`: build what is stale, start the local emulator with demo data, print the URLs.
 * Honours PORT (default 3000) and HOST (default 127.0.0.1). Data lives in .data/ and
 * survives restarts; `npm run reset` (or deleting .data/) starts from scratch.
 */
import { spawnSync } from 'node:child_process';
import { existsSync, readdirSync, statSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { startEmulator } from '../emulator';
import { buildFunctions } from './build-functions';
import { seedDemo } from './seed/demo';
import { linkStaffFollowers } from './seed/staffFollowers';
import { grantDemoSubscriptions } from './seed/demoSubscriptions';
import { localEmulatorOptions, localFunctionEnv } from './local-cloud';

const ROOT = resolve(__dirname, '..');

function newestMtime(dir: string): number {
  if (!existsSync(dir)) return 0;
  let newest = 0;
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const p = join(dir, entry.name);
    newest = Math.max(newest, entry.isDirectory() ? newestMtime(p) : statSync(p).mtimeMs);
  }
  return newest;
}

function buildIfStale(script: string, output: string) {
  const sources = Math.max(newestMtime(join(ROOT, 'src')), newestMtime(join(ROOT, 'config')));
  const built = existsSync(output) ? statSync(output).mtimeMs : 0;
  if (built > sources) return;
  console.log(`› npm run ${script}`);
  const r = spawnSync('npm', ['run', '--silent', script], { cwd: ROOT, stdio: 'inherit' });
  if (r.status !== 0) throw new Error(`npm run ${script} failed`);
}

async function main() {
  console.log('› building cloud functions');
  await buildFunctions();
  buildIfStale('build:h5', join(ROOT, 'dist/h5/index.html'));
  buildIfStale('build:weapp:local', join(ROOT, 'dist/weapp/app.json'));

  const port = Number(process.env.PORT ?? 3000);
  const emulator = await startEmulator({
    ...localEmulatorOptions(),
    port,
    host: process.env.HOST ?? '127.0.0.1',
  });
  const seeded = await seedDemo(
    emulator.database,
    emulator.clock.now(),
    localFunctionEnv(emulator.url).CRM_PII_HASH_SECRET,
  );
  console.log(
    seeded.created
      ? `› demo data: ${seeded.summary}`
      : '› demo data already present (delete .data/ to reseed)',
  );
  if (seeded.created)
    console.log(
      `› 订阅消息: ${grantDemoSubscriptions(emulator, emulator.clock.now())} demo members accepted the app's messages`,
    );
  console.log(
    `› 服务号: ${linkStaffFollowers(emulator)} staff follow the emulated service account`,
  );
  console.log(`
门店会员 CRM is running on the local emulator

  H5 app:     ${emulator.url}/
  Console:    ${emulator.url}/__console/   (personas, outbox, timers, clock, collections)
  Functions:  POST ${emulator.url}/fn/<name>  with header x-crm-openid: <openid>
  WeChat:     open this folder in WeChat DevTools (dist/weapp + dist/cloudfunctions)

Press Ctrl+C to stop.`);
  const stop = async () => {
    await emulator.stop();
    process.exit(0);
  };
  process.on('SIGINT', stop);
  process.on('SIGTERM', stop);
}

main().catch((e) => {
  console.error(e);
  process.exit(1);
});
