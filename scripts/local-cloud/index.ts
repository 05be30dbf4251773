/**
 * This app on the local emulator: what `npm start`, the tests and the benches hand
 * `startEmulator` (the emulator knows nothing of the CRM). The CRM_* names are the
 * environment variables a real WeChat cloud environment sets for the functions (see
 * README → Deploy); here they get local development values — never use them in production.
 */
import { join, resolve } from 'node:path';
import type { EmulatorOptions } from '../../emulator';
import { LOCAL_APPID, LOCAL_SERVICE_ACCOUNT } from '../../emulator/config';
/** subscribe-message template ids by purpose, locally (also baked into the mini-program by config/index.ts) */
import LOCAL_TEMPLATE_IDS from '../../config/local-template-ids.json';
import { LOCAL_CLOUD_ENV } from '../../config/releaseEnv';
import { encodeScene } from '../../src/domain/scene';
import MESSAGE_TEMPLATES from '../../config/message-templates.json';
import { crmPersonas } from './personas';

type TemplateLook = { channel: string; title: string; keywords: Record<string, string> };

/**
 * The local templates by template id, as WeChat draws them (title, keyword labels): what the
 * console renders messages with. A purpose without an entry shows its keyword names.
 */
export function localTemplateCatalogue(): Record<string, TemplateLook & { purpose: string }> {
  const looks = MESSAGE_TEMPLATES as unknown as Record<string, TemplateLook | string>;
  const out: Record<string, TemplateLook & { purpose: string }> = {};
  for (const [purpose, templateId] of Object.entries(LOCAL_TEMPLATE_IDS)) {
    const look = looks[purpose];
    out[templateId] = {
      purpose,
      ...(typeof look === 'object' ? look : { channel: 'subscribe', title: purpose, keywords: {} }),
    };
  }
  return out;
}

const ROOT = resolve(__dirname, '../..');

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

/** The functions' environment on the emulator listening at `emulatorUrl`. */
export function localFunctionEnv(emulatorUrl: string): Record<string, string> {
  return {
    CRM_SCENE_SECRET: process.env.CRM_SCENE_SECRET ?? 'local-dev-scene-secret',
    CRM_MEMBER_CODE_SECRET: process.env.CRM_MEMBER_CODE_SECRET ?? 'local-dev-member-code-secret',
    CRM_PII_HASH_SECRET: process.env.CRM_PII_HASH_SECRET ?? 'local-dev-pii-hash-secret',
    CRM_WECHAT_API_BASE: emulatorUrl,
    CRM_SERVICE_ACCOUNT_APPID: LOCAL_SERVICE_ACCOUNT.appid,
    CRM_SERVICE_ACCOUNT_SECRET: LOCAL_SERVICE_ACCOUNT.secret,
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

/** The secret checkout-code scenes are signed with locally (the functions' CRM_SCENE_SECRET). */
export const localSceneSecret = (): string =>
  process.env.CRM_SCENE_SECRET ?? 'local-dev-scene-secret';

/**
 * `startEmulator` options for this app: its build outputs, indexes, function environment
 * (`env` overrides single variables) and the personas the console offers.
 */
export function localEmulatorOptions(env: Record<string, string> = {}): EmulatorOptions {
  return {
    appName: '门店会员 CRM',
    dataDir: join(ROOT, '.data'),
    functionsDir: join(ROOT, 'dist/cloudfunctions'),
    h5Dir: join(ROOT, 'dist/h5'),
    appJsonPath: join(ROOT, 'dist/weapp/app.json'),
    indexesPath: join(ROOT, 'database/indexes.json'),
    appid: LOCAL_APPID,
    serviceAccount: LOCAL_SERVICE_ACCOUNT,
    functionEnv: ({ url }) => ({ ...localFunctionEnv(url), ...env }),
    personas: (data) => crmPersonas(data, localSceneSecret()),
    controls: {
      /** `GET /__emulator/app/scene?storeId=&clerkId=` → a signed checkout-code scene (what the store's QR code carries) */
      scene(query) {
        const storeId = query.get('storeId') ?? '';
        const clerkId = query.get('clerkId') || undefined;
        if (!/^[A-Za-z0-9_-]{1,8}$/.test(storeId))
          return { status: 400, body: { errMsg: 'storeId required' } };
        return { body: { scene: encodeScene({ storeId, clerkId }, localSceneSecret()) } };
      },
      /** `GET /__emulator/app/templates` → how WeChat draws each local template (config/message-templates.json) */
      templates() {
        return { body: { templates: localTemplateCatalogue() } };
      },
    },
  };
}
