/**
 * Configuration of the local emulator, and the environment it gives cloud functions.
 * The CRM_* names are the same environment variables a real WeChat cloud environment sets
 * for the functions (see README → Deploy); here they get local development values.
 */
import { resolve } from 'node:path';
/** subscribe-message template ids by purpose, locally (also baked into the mini-program by config/index.ts) */
import LOCAL_TEMPLATE_IDS from '../config/local-template-ids.json';
import { LOCAL_CLOUD_ENV } from '../config/releaseEnv';

export const ROOT = resolve(__dirname, '..');

export const LOCAL_APPID = 'wx0000000000local';

/**
 * What local builds of the mini-program are handed (npm start, npm test,
 * `npm run build:weapp:local`): a release build refuses to guess these (config/releaseEnv.ts).
 */
export function localBuildEnv(): Record<string, string> {
  return {
    /** not a release: the emulator's values are meant (config/releaseEnv.ts) */
    CRM_LOCAL_BUILD: '1',
    CRM_CLOUD_ENV: process.env.CRM_CLOUD_ENV || LOCAL_CLOUD_ENV,
    CRM_TEMPLATE_IDS: process.env.CRM_TEMPLATE_IDS || JSON.stringify(LOCAL_TEMPLATE_IDS),
  };
}

/**
 * What the SCF runtime sets in every function instance, with local stand-ins: credentials
 * the SDK insists on (the emulator ignores signatures), SCF mode (so the SDK never probes
 * Tencent's metadata host), the env id and region.
 */
export const SCF_BASE_ENV: Record<string, string> = {
  TENCENTCLOUD_SECRETID: 'emulator',
  TENCENTCLOUD_SECRETKEY: 'emulator',
  TENCENTCLOUD_SESSIONTOKEN: 'emulator',
  TENCENTCLOUD_RUNENV: 'SCF',
  TENCENTCLOUD_REGION: 'ap-shanghai',
  TCB_ENV: 'local',
  SCF_NAMESPACE: 'local',
  SILENCE: 'true',
};

/** Function environment in the emulator (development secrets: never use them in production). */
export function localFunctionEnv(baseUrl: string): Record<string, string> {
  return {
    CRM_SCENE_SECRET: process.env.CRM_SCENE_SECRET ?? 'local-dev-scene-secret',
    CRM_MEMBER_CODE_SECRET: process.env.CRM_MEMBER_CODE_SECRET ?? 'local-dev-member-code-secret',
    CRM_PII_HASH_SECRET: process.env.CRM_PII_HASH_SECRET ?? 'local-dev-pii-hash-secret',
    CRM_WECHAT_API_BASE: baseUrl,
    CRM_SERVICE_ACCOUNT_APPID: 'wx0000000000service',
    CRM_SERVICE_ACCOUNT_SECRET: 'local-dev-service-secret',
    CRM_MINIPROGRAM_APPID: LOCAL_APPID,
    /** per-store keys a till system signs `pos` requests with (x-crm-signature: sha256=<hex HMAC of the body>) */
    CRM_POS_KEYS:
      process.env.CRM_POS_KEYS ??
      JSON.stringify(
        Object.fromEntries(
          ['S001', 'S002', 'S003', 'S004', 'S005'].map((s) => [s, `local-dev-pos-key-${s}`]),
        ),
      ),
    CRM_TEMPLATE_IDS: process.env.CRM_TEMPLATE_IDS ?? JSON.stringify(LOCAL_TEMPLATE_IDS),
    /** subscribe messages open the 开发版 locally */
    CRM_MINIPROGRAM_STATE: process.env.CRM_MINIPROGRAM_STATE ?? 'developer',
  };
}
