/**
 * A wx-server-sdk database for the maintenance commands (db:check-unique, db:claims), from
 * outside a cloud function:
 *   --emulator <url>   the local emulator (`npm start` prints its url)
 *   otherwise          the real environment CRM_CLOUD_ENV with an API key of the Tencent
 *                      Cloud account (TENCENTCLOUD_SECRETID / TENCENTCLOUD_SECRETKEY)
 */
import { createRequire } from 'node:module';
import type { Database } from '../cloudfunctions/_shared/db';
import { SCF_BASE_ENV } from '../emulator/config';

const require = createRequire(__filename);

export function connectDatabase(argv: string[], env: NodeJS.ProcessEnv = process.env): Database {
  const at = argv.indexOf('--emulator');
  const cloud = require('wx-server-sdk') as {
    init(opts: Record<string, unknown>): void;
    database(): unknown;
    DYNAMIC_CURRENT_ENV: unknown;
  };
  if (at >= 0) {
    const url = argv[at + 1];
    if (!url) throw new Error('--emulator needs the emulator url, e.g. http://127.0.0.1:3000');
    Object.assign(process.env, SCF_BASE_ENV, {
      TCB_CONTEXT_CNFG: JSON.stringify({ URL: `${url.replace(/\/$/, '')}/__tcb/maintenance` }),
    });
    cloud.init({ env: cloud.DYNAMIC_CURRENT_ENV });
    return cloud.database() as Database;
  }
  const missing = ['CRM_CLOUD_ENV', 'TENCENTCLOUD_SECRETID', 'TENCENTCLOUD_SECRETKEY'].filter(
    (k) => !env[k],
  );
  if (missing.length)
    throw new Error(`set ${missing.join(', ')} (or pass --emulator <url>) to reach a database`);
  cloud.init({
    env: env.CRM_CLOUD_ENV,
    secretId: env.TENCENTCLOUD_SECRETID,
    secretKey: env.TENCENTCLOUD_SECRETKEY,
  });
  return cloud.database() as Database;
}
