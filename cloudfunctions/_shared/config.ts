/**
 * The one place cloud functions read environment variables. In a real WeChat cloud
 * environment these are the function's 环境变量 (set in cloudbaserc.json or the console);
 * the local emulator sets the same names (emulator/config.ts). Business code never asks
 * which one it runs on.
 *
 * `parseFunctionConfig(env)` checks every variable at once and throws one error naming
 * each missing or invalid one, so a function deployed without its configuration fails on
 * its first call, loudly, instead of sending nothing (no template ids) or opening the
 * wrong version of the mini-program from a message (`miniprogramState`).
 */
import {
  parseMiniprogramState,
  parseTemplateIds,
  type MiniprogramState,
} from '../../config/releaseEnv';
/** keywords of the service-account templates chosen locally (CRM_SERVICE_TEMPLATE_FIELDS overrides) */
import DEFAULT_SERVICE_TEMPLATE_FIELDS from '../../config/service-template-fields.json';

export type FunctionConfig = {
  /** HMAC secret that signs checkout-QR scenes (store/clerk attribution). */
  sceneSecret: string;
  /** HMAC secret for the rotating member code shown at the till. */
  memberCodeSecret: string;
  /** HMAC secret for pseudonymous keys derived from personal data (e.g. gift claims by phone). */
  piiHashSecret: string;
  /** Base URL of WeChat's HTTP API (service-account template messages). */
  wechatApiBase: string;
  serviceAccount: { appid: string; secret: string };
  /** Template ids by purpose: subscribe messages, and service-account ones (clerkFollowUp). */
  templates: Record<string, string>;
  /**
   * Service-account templates' keywords by purpose: our field name → the keyword of the
   * template picked in the category library, e.g. `{ clerkFollowUp: { customer: 'thing1' } }`.
   */
  serviceTemplateFields: Record<string, Record<string, string>>;
  /** The mini-program's appid (for service-account messages that open it). */
  miniProgramAppid: string;
  /**
   * Which version of the mini-program a subscribe message opens (subscribeMessage.send
   * `miniprogramState`): developer (开发版), trial (体验版) or formal (正式版).
   */
  miniprogramState: MiniprogramState;
  /** members per batch of a tag job (preview, rule recompute, nightly review) */
  tagJobBatch: number;
  /** how long one crm call works on a tag job before answering its progress (ms) */
  tagCallBudgetMs: number;
  /** how long one sheets.exportMembers call reads members before it keeps them for the next (ms) */
  exportReadBudgetMs: number;
};

type Env = Record<string, string | undefined>;

export function parseFunctionConfig(env: Env): FunctionConfig {
  const problems: string[] = [];
  const read = (name: string, fallback?: string): string => {
    const value = env[name];
    if (value !== undefined && value !== '') return value;
    if (fallback === undefined) problems.push(`missing environment variable ${name}`);
    return fallback ?? '';
  };
  const checked = <T>(value: string, parse: (raw: string) => T, empty: T): T => {
    if (value === '') return empty;
    try {
      return parse(value);
    } catch (e) {
      problems.push((e as Error).message);
      return empty;
    }
  };
  const config: FunctionConfig = {
    sceneSecret: read('CRM_SCENE_SECRET'),
    memberCodeSecret: read('CRM_MEMBER_CODE_SECRET'),
    piiHashSecret: read('CRM_PII_HASH_SECRET'),
    wechatApiBase: read('CRM_WECHAT_API_BASE', 'https://api.weixin.qq.com'),
    serviceAccount: {
      appid: read('CRM_SERVICE_ACCOUNT_APPID', ''),
      secret: read('CRM_SERVICE_ACCOUNT_SECRET', ''),
    },
    templates: checked(read('CRM_TEMPLATE_IDS'), parseTemplateIds, {}),
    serviceTemplateFields: checked(
      read('CRM_SERVICE_TEMPLATE_FIELDS', ''),
      parseTemplateFields,
      DEFAULT_SERVICE_TEMPLATE_FIELDS,
    ),
    miniProgramAppid: read('CRM_MINIPROGRAM_APPID', ''),
    miniprogramState: checked(read('CRM_MINIPROGRAM_STATE'), parseMiniprogramState, 'formal'),
    tagJobBatch: checked(read('CRM_TAG_JOB_BATCH', ''), (raw) => parseInt1(raw, 1_000), 200),
    tagCallBudgetMs: checked(
      read('CRM_TAG_CALL_BUDGET_MS', ''),
      (raw) => parseInt1(raw, 8_000),
      5_000,
    ),
    exportReadBudgetMs: checked(
      read('CRM_EXPORT_READ_BUDGET_MS', ''),
      (raw) => parseInt1(raw, 45_000),
      35_000,
    ),
  };
  if (problems.length) throw new Error(`function configuration: ${problems.join('; ')}`);
  return config;
}

/**
 * CRM_SERVICE_TEMPLATE_FIELDS: JSON purpose → { field → keyword }, keywords as WeChat
 * names them (`thing1`, `time4`, `character_string2` …).
 * @example parseTemplateFields('{"clerkFollowUp":{"customer":"thing1"}}')
 */
export function parseTemplateFields(raw: string): Record<string, Record<string, string>> {
  let parsed: unknown;
  try {
    parsed = JSON.parse(raw);
  } catch {
    throw new Error('CRM_SERVICE_TEMPLATE_FIELDS is not JSON');
  }
  const isObject = (v: unknown): v is Record<string, unknown> =>
    typeof v === 'object' && v !== null && !Array.isArray(v);
  if (!isObject(parsed)) throw new Error('CRM_SERVICE_TEMPLATE_FIELDS must be a JSON object');
  for (const [purpose, fields] of Object.entries(parsed)) {
    if (!isObject(fields))
      throw new Error(`CRM_SERVICE_TEMPLATE_FIELDS.${purpose} must be an object`);
    for (const [field, keyword] of Object.entries(fields))
      if (typeof keyword !== 'string' || !/^[a-z_]+\d+$/.test(keyword))
        throw new Error(
          `CRM_SERVICE_TEMPLATE_FIELDS.${purpose}.${field} is not a template keyword`,
        );
  }
  return parsed as Record<string, Record<string, string>>;
}

/** a whole number 1–max from an environment variable */
function parseInt1(raw: string, max: number): number {
  const n = Number(raw);
  if (!Number.isInteger(n) || n < 1 || n > max)
    throw new Error(`${raw}: expected a whole number 1–${max}`);
  return n;
}

let cached: FunctionConfig | null = null;

export function loadConfig(): FunctionConfig {
  cached ??= parseFunctionConfig(process.env);
  return cached;
}
