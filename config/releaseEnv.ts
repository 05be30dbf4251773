/**
 * What a build bakes in, checked before anything is built.
 *
 * A release — the weapp production build (`npm run build:weapp`, config/index.ts) and the
 * functions' release build (`npm run build:functions -- --release`) — takes the cloud
 * environment and the subscribe-message template ids from CRM_CLOUD_ENV / CRM_TEMPLATE_IDS
 * and refuses to start without them (it used to bake in `crm-dev` and the emulator's
 * template ids without a word). The functions' release also needs CRM_MINIPROGRAM_STATE.
 * Local builds (`npm start`, `npm test`, `npm run build:weapp:local`) are handed the
 * emulator's values, with CRM_LOCAL_BUILD=1, by scripts/local-cloud `localBuildEnv()`; the
 * H5 build is local only.
 *
 * Self-contained (Taro loads config/ with its own transpiler, which does not follow
 * imports outside it); the functions' runtime config reuses its parsers.
 */
import LOCAL_TEMPLATE_IDS from './local-template-ids.json';
import { SENT_PURPOSES } from './sentPurposes';

type Env = Record<string, string | undefined>;

/** The cloud environment id a local build of the mini-program bakes in (DevTools' dev env). */
export const LOCAL_CLOUD_ENV = 'crm-dev';

export const MINIPROGRAM_STATES = ['developer', 'trial', 'formal'] as const;
export type MiniprogramState = (typeof MINIPROGRAM_STATES)[number];

/**
 * Template ids by purpose from CRM_TEMPLATE_IDS: a JSON object of non-empty strings.
 * @example parseTemplateIds('{"birthday":"abc"}') // { birthday: 'abc' }
 */
export function parseTemplateIds(raw: string): Record<string, string> {
  let parsed: unknown;
  try {
    parsed = JSON.parse(raw);
  } catch {
    throw new Error('CRM_TEMPLATE_IDS is not JSON');
  }
  if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed))
    throw new Error('CRM_TEMPLATE_IDS must be a JSON object of purpose → template id');
  for (const [purpose, id] of Object.entries(parsed))
    if (typeof id !== 'string' || id.trim() === '')
      throw new Error(`CRM_TEMPLATE_IDS.${purpose} must be a non-empty template id`);
  return parsed as Record<string, string>;
}

/** CRM_MINIPROGRAM_STATE: which version a subscribe message opens. */
export function parseMiniprogramState(raw: string): MiniprogramState {
  if ((MINIPROGRAM_STATES as readonly string[]).includes(raw)) return raw as MiniprogramState;
  throw new Error(`CRM_MINIPROGRAM_STATE must be one of ${MINIPROGRAM_STATES.join(' / ')}: ${raw}`);
}

/**
 * The template ids a release needs: one per purpose some function sends (config/sentPurposes.ts)
 * — the mini-program asks members for exactly these, and the functions send exactly these.
 * Templates of purposes nothing sends yet may be configured but are not required.
 */
export const REQUIRED_TEMPLATE_PURPOSES: readonly string[] = SENT_PURPOSES;

const CLOUD_ENV_ID = /^[A-Za-z0-9][A-Za-z0-9_-]{1,63}$/;

export class ReleaseConfigError extends Error {
  constructor(readonly problems: string[]) {
    super(
      [
        'release build refused: its configuration is missing or invalid',
        ...problems.map((p) => `  - ${p}`),
        'Set them for the environment you deploy to (README → Deploy). Local builds get the',
        "emulator's values: `npm run build:weapp:local` and `npm run build:functions` (as npm start and npm test do).",
      ].join('\n'),
    );
    this.name = 'ReleaseConfigError';
  }
}

function cloudEnvOf(env: Env, problems: string[]): string {
  const id = env.CRM_CLOUD_ENV ?? '';
  if (!id)
    problems.push(
      'CRM_CLOUD_ENV is not set: the WeChat cloud environment id (云开发控制台 → 环境 ID)',
    );
  else if (!CLOUD_ENV_ID.test(id)) problems.push(`CRM_CLOUD_ENV is not an environment id: ${id}`);
  return id;
}

function templatesOf(
  env: Env,
  purposes: readonly string[],
  problems: string[],
): Record<string, string> {
  const raw = env.CRM_TEMPLATE_IDS ?? '';
  if (!raw) {
    problems.push('CRM_TEMPLATE_IDS is not set: JSON of subscribe-message template ids by purpose');
    return {};
  }
  let ids: Record<string, string>;
  try {
    ids = parseTemplateIds(raw);
  } catch (e) {
    problems.push((e as Error).message);
    return {};
  }
  const missing = purposes.filter((p) => !ids[p]);
  if (missing.length)
    problems.push(`CRM_TEMPLATE_IDS has no template id for ${missing.join(', ')}`);
  const local = purposes.filter(
    (p) => ids[p] && ids[p] === (LOCAL_TEMPLATE_IDS as Record<string, string>)[p],
  );
  if (local.length)
    problems.push(`CRM_TEMPLATE_IDS holds the emulator's local ids for ${local.join(', ')}`);
  return ids;
}

/**
 * The cloud env id and member template ids (JSON) the mini-program is built with.
 * A release (weapp, not a development watch build) must be given both; otherwise the
 * emulator's local values stand in.
 */
export function miniProgramBuildEnv(
  env: Env,
  opts: { release: boolean; local: { cloudEnv: string; templateIds: Record<string, string> } },
): { cloudEnv: string; memberTemplateIds: string } {
  const pick = (ids: Record<string, string>) =>
    JSON.stringify(Object.fromEntries(SENT_PURPOSES.filter((p) => ids[p]).map((p) => [p, ids[p]])));
  if (!opts.release) {
    const ids = env.CRM_TEMPLATE_IDS
      ? parseTemplateIds(env.CRM_TEMPLATE_IDS)
      : opts.local.templateIds;
    return { cloudEnv: env.CRM_CLOUD_ENV || opts.local.cloudEnv, memberTemplateIds: pick(ids) };
  }
  const problems: string[] = [];
  const cloudEnv = cloudEnvOf(env, problems);
  const ids = templatesOf(env, REQUIRED_TEMPLATE_PURPOSES, problems);
  if (problems.length) throw new ReleaseConfigError(problems);
  return { cloudEnv, memberTemplateIds: pick(ids) };
}

/** What the functions' release build writes into dist/cloudbaserc.json (none of it secret). */
export function functionsReleaseEnv(env: Env): {
  cloudEnv: string;
  templateIds: string;
  miniprogramState: MiniprogramState;
} {
  const problems: string[] = [];
  const cloudEnv = cloudEnvOf(env, problems);
  const ids = templatesOf(env, REQUIRED_TEMPLATE_PURPOSES, problems);
  let miniprogramState: MiniprogramState = 'formal';
  if (!env.CRM_MINIPROGRAM_STATE)
    problems.push(
      'CRM_MINIPROGRAM_STATE is not set: developer / trial / formal (the version messages open)',
    );
  else
    try {
      miniprogramState = parseMiniprogramState(env.CRM_MINIPROGRAM_STATE);
    } catch (e) {
      problems.push((e as Error).message);
    }
  if (problems.length) throw new ReleaseConfigError(problems);
  return { cloudEnv, templateIds: JSON.stringify(ids), miniprogramState };
}
