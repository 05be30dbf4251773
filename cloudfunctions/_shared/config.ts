/**
 * The one place cloud functions read environment variables. In a real WeChat cloud
 * environment these are the function's 环境变量 (set in cloudbaserc.json or the console);
 * the local emulator sets the same names. Business code never asks which one it runs on.
 */
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
  /** Subscribe-message template ids by purpose. */
  templates: Record<string, string>;
  /** The mini-program's appid (for service-account messages that open it). */
  miniProgramAppid: string;
};

function read(name: string, fallback?: string): string {
  const value = process.env[name];
  if (value !== undefined && value !== '') return value;
  if (fallback !== undefined) return fallback;
  throw new Error(`missing environment variable ${name}`);
}

let cached: FunctionConfig | null = null;

export function loadConfig(): FunctionConfig {
  if (cached) return cached;
  cached = {
    sceneSecret: read('CRM_SCENE_SECRET'),
    memberCodeSecret: read('CRM_MEMBER_CODE_SECRET'),
    piiHashSecret: read('CRM_PII_HASH_SECRET'),
    wechatApiBase: read('CRM_WECHAT_API_BASE', 'https://api.weixin.qq.com'),
    serviceAccount: {
      appid: read('CRM_SERVICE_ACCOUNT_APPID', ''),
      secret: read('CRM_SERVICE_ACCOUNT_SECRET', ''),
    },
    templates: JSON.parse(read('CRM_TEMPLATE_IDS', '{}')) as Record<string, string>,
    miniProgramAppid: read('CRM_MINIPROGRAM_APPID', ''),
  };
  return cached;
}
