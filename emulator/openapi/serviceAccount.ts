/**
 * The service account (服务号) that notifies clerks, as its HTTP API behaves
 * (https://api.weixin.qq.com/cgi-bin/...): a stable access_token valid 7200 s,
 * template messages to followers, and user info that reveals a follower's unionid.
 * A clerk's service-account openid differs from their mini-program openid; the two
 * are linked through the unionid, which the emulator seeds with `linkUser`.
 *
 * Answers (errcodes from WeChat's global error table and the template-message doc):
 * 41001 access_token missing · 40001 invalid credential · 42001 access_token expired ·
 * 40002 invalid grant_type · 41002 appid missing · 41004 appsecret missing ·
 * 40013 invalid appid · 40125 invalid appsecret · 47001 data format error ·
 * 40003 invalid openid (malformed or not a follower) · 43004 require subscribe
 * (unfollowed) · 40037 invalid template_id · 40165 invalid weapp pagepath ·
 * 47003 argument invalid (a value empty or over 20 chars: since 2023-05 every value is
 * limited to 20 characters). `client_msg_id` makes a send idempotent per (touser, id)
 * for 10 minutes, as documented: the repeat answers the first msgid and sends nothing.
 * The msgid is the outbox id.
 */
import { randomBytes } from 'node:crypto';
import type { Database } from 'better-sqlite3';
import { isAppPage, pagePath } from './appPages';
import type { Outbox } from './outbox';
import { isOpenid } from './openid';
import { createServiceAccountControl, type ServiceAccountControl } from './serviceAccountControl';
import { createFollowerList, userInfoOf, type UserRow } from './serviceAccountUsers';
import { wxError, wxOk, type WxJson } from './wxError';

const ACCESS_TOKEN_TTL_MS = 7200 * 1000;
/** Stable tokens are renewed by a normal (non-forced) call in their last 5 minutes. */
const STABLE_TOKEN_RENEW_MS = 5 * 60 * 1000;
const CLIENT_MSG_ID_WINDOW_MS = 10 * 60 * 1000;
const TEMPLATE_VALUE_MAX_CHARS = 20;

export interface ServiceAccountUser {
  serviceOpenid: string;
  unionid: string;
  /** false models a clerk who unfollowed the account. Default true. */
  subscribed?: boolean;
}

export interface ServiceAccountOptions {
  sqlite: Database;
  outbox: Outbox;
  clock: () => number;
  /** When given, stable_token checks them; otherwise any non-empty appid/secret is accepted. */
  credentials?: { appid: string; secret: string };
  /** Mini-program pages a template message may open (miniprogram.pagepath). */
  appPages?: readonly string[];
  newToken?: () => string;
}

export interface ServiceAccount {
  stableToken(body: unknown): WxJson | Record<string, unknown>;
  sendTemplate(accessToken: string | undefined, body: unknown, invocationId: string | null): WxJson;
  userInfo(
    accessToken: string | undefined,
    openid: string | undefined,
  ): WxJson | Record<string, unknown>;
  /** GET user/get: one page of followers after `nextOpenid` (serviceAccountUsers.ts) */
  userList(
    accessToken: string | undefined,
    nextOpenid: string | undefined,
  ): WxJson | Record<string, unknown>;
  /** POST user/info/batchget: up to 100 users' info */
  userInfoBatch(accessToken: string | undefined, body: unknown): WxJson | Record<string, unknown>;
  linkUser(user: ServiceAccountUser): void;
  /** call counts, armed failures, follower page size (serviceAccountControl.ts) */
  control: ServiceAccountControl;
}

interface TokenRow {
  token: string;
  appid: string;
  issued_at: number;
  expires_at: number;
  revoked_at: number | null;
}

const isRecord = (v: unknown): v is Record<string, unknown> =>
  typeof v === 'object' && v !== null && !Array.isArray(v);

export function createServiceAccount(options: ServiceAccountOptions): ServiceAccount {
  const { sqlite, outbox, clock, credentials, appPages } = options;
  const newToken = options.newToken ?? (() => randomBytes(64).toString('base64url'));
  sqlite.exec(`
    CREATE TABLE IF NOT EXISTS emulator_openapi_access_tokens (
      token TEXT PRIMARY KEY,
      appid TEXT NOT NULL,
      issued_at INTEGER NOT NULL,
      expires_at INTEGER NOT NULL,
      revoked_at INTEGER
    );
    CREATE TABLE IF NOT EXISTS emulator_openapi_service_users (
      service_openid TEXT PRIMARY KEY,
      unionid TEXT NOT NULL,
      subscribed INTEGER NOT NULL,
      linked_at INTEGER NOT NULL
    );
  `);
  const tokenRow = sqlite.prepare<[string], TokenRow>(
    'SELECT * FROM emulator_openapi_access_tokens WHERE token = ?',
  );
  const latestToken = sqlite.prepare<[string], TokenRow>(
    'SELECT * FROM emulator_openapi_access_tokens WHERE appid = ? AND revoked_at IS NULL ORDER BY issued_at DESC, rowid DESC LIMIT 1',
  );
  const insertToken = sqlite.prepare(
    'INSERT INTO emulator_openapi_access_tokens (token, appid, issued_at, expires_at) VALUES (?, ?, ?, ?)',
  );
  const revokeTokens = sqlite.prepare(
    'UPDATE emulator_openapi_access_tokens SET revoked_at = ? WHERE appid = ? AND revoked_at IS NULL',
  );
  const userRow = sqlite.prepare<[string], UserRow>(
    'SELECT * FROM emulator_openapi_service_users WHERE service_openid = ?',
  );
  const upsertUser = sqlite.prepare(`
    INSERT INTO emulator_openapi_service_users (service_openid, unionid, subscribed, linked_at) VALUES (?, ?, ?, ?)
    ON CONFLICT (service_openid) DO UPDATE SET unionid = excluded.unionid, subscribed = excluded.subscribed,
      linked_at = CASE WHEN excluded.subscribed = 1 AND subscribed = 0 THEN excluded.linked_at ELSE linked_at END
  `);

  const control = createServiceAccountControl();
  const followers = createFollowerList(sqlite, control.followerPageSize);

  function checkToken(token: string | undefined): WxJson | null {
    if (!token) return wxError(41001, 'access_token missing');
    const row = tokenRow.get(token);
    if (!row || row.revoked_at !== null)
      return wxError(40001, 'invalid credential, access_token is invalid or not latest');
    if (clock() >= row.expires_at) return wxError(42001, 'access_token expired');
    return null;
  }

  const stableToken = sqlite.transaction((body: unknown): WxJson | Record<string, unknown> => {
    if (!isRecord(body)) return wxError(47001, 'data format error');
    const { grant_type: grantType, appid, secret, force_refresh: forceRefresh } = body;
    if (grantType !== 'client_credential') return wxError(40002, 'invalid grant_type');
    if (typeof appid !== 'string' || appid === '') return wxError(41002, 'appid missing');
    if (typeof secret !== 'string' || secret === '') return wxError(41004, 'appsecret missing');
    if (credentials && appid !== credentials.appid) return wxError(40013, 'invalid appid');
    if (credentials && secret !== credentials.secret) return wxError(40125, 'invalid appsecret');
    const now = clock();
    const current = latestToken.get(appid);
    if (forceRefresh !== true && current && current.expires_at - now > STABLE_TOKEN_RENEW_MS) {
      return {
        access_token: current.token,
        expires_in: Math.floor((current.expires_at - now) / 1000),
      };
    }
    // A forced refresh invalidates the previous token; a normal renewal lets it run out.
    if (forceRefresh === true) revokeTokens.run(now, appid);
    const token = newToken();
    insertToken.run(token, appid, now, now + ACCESS_TOKEN_TTL_MS);
    return { access_token: token, expires_in: ACCESS_TOKEN_TTL_MS / 1000 };
  });

  function validateTemplate(body: Record<string, unknown>): WxJson | null {
    const { touser, template_id: templateId, miniprogram, data } = body;
    if (!isOpenid(touser)) return wxError(40003, 'invalid openid');
    const user = userRow.get(touser);
    if (!user) return wxError(40003, 'invalid openid');
    if (user.subscribed !== 1) return wxError(43004, 'require subscribe');
    if (typeof templateId !== 'string' || templateId.trim() === '')
      return wxError(40037, 'invalid template_id');
    if (miniprogram !== undefined) {
      if (
        !isRecord(miniprogram) ||
        typeof miniprogram.appid !== 'string' ||
        miniprogram.appid === ''
      ) {
        return wxError(47003, 'argument invalid! miniprogram.appid invalid');
      }
      const pagepath = miniprogram.pagepath;
      if (
        pagepath !== undefined &&
        (typeof pagepath !== 'string' || !isAppPage(appPages, pagePath(pagepath)))
      ) {
        return wxError(40165, 'invalid weapp pagepath');
      }
    }
    if (!isRecord(data) || Object.keys(data).length === 0)
      return wxError(47003, 'argument invalid! data is empty');
    for (const [key, entry] of Object.entries(data)) {
      const value = isRecord(entry) ? entry.value : undefined;
      if (value === undefined || value === null || value === '')
        return wxError(47003, `argument invalid! data.${key}.value is empty`);
      if (typeof value !== 'string' && typeof value !== 'number')
        return wxError(47003, `argument invalid! data.${key}.value invalid`);
      const text = String(value);
      if ([...text].length > TEMPLATE_VALUE_MAX_CHARS || /\p{Cc}/u.test(text)) {
        return wxError(47003, `argument invalid! data.${key}.value invalid`);
      }
    }
    return null;
  }

  const sendTemplate = sqlite.transaction(
    (accessToken: string | undefined, body: unknown, invocationId: string | null): WxJson => {
      const tokenProblem = checkToken(accessToken);
      if (tokenProblem) return tokenProblem;
      if (!isRecord(body)) return wxError(47001, 'data format error');
      const touser = typeof body.touser === 'string' ? body.touser : '';
      const clientMsgId =
        typeof body.client_msg_id === 'string' && body.client_msg_id !== ''
          ? body.client_msg_id
          : null;
      const miniprogram = isRecord(body.miniprogram) ? body.miniprogram : undefined;
      const url = typeof body.url === 'string' ? body.url : undefined;

      const invalid = validateTemplate(body);
      if (!invalid && clientMsgId) {
        const first = outbox.findByClientMsgId(
          touser,
          clientMsgId,
          clock() - CLIENT_MSG_ID_WINDOW_MS,
        );
        if (first) return wxOk({ msgid: first.id });
      }
      const row = outbox.record({
        channel: 'serviceAccount',
        touser,
        templateId: typeof body.template_id === 'string' ? body.template_id : '',
        page:
          (typeof miniprogram?.pagepath === 'string' ? miniprogram.pagepath : undefined) ??
          url ??
          null,
        data: isRecord(body.data) ? body.data : {},
        status: invalid ? 'rejected' : 'delivered',
        errcode: invalid?.errcode ?? 0,
        errmsg: invalid?.errmsg ?? 'ok',
        invocationId,
        clientMsgId: invalid ? null : clientMsgId,
        meta: { url: url ?? null, miniprogram: miniprogram ?? null, clientMsgId },
      });
      return invalid ?? wxOk({ msgid: row.id });
    },
  );

  return {
    stableToken: (body) => stableToken(body),
    sendTemplate: (accessToken, body, invocationId) =>
      sendTemplate(accessToken, body, invocationId),

    userInfo(accessToken, openid) {
      const tokenProblem = checkToken(accessToken);
      if (tokenProblem) return tokenProblem;
      const user = isOpenid(openid) ? userRow.get(openid) : undefined;
      if (!user) return wxError(40003, 'invalid openid');
      return userInfoOf(user);
    },

    userList(accessToken, nextOpenid) {
      return checkToken(accessToken) ?? followers.list(nextOpenid);
    },

    userInfoBatch(accessToken, body) {
      return checkToken(accessToken) ?? followers.batchget(body);
    },

    linkUser(user) {
      if (!isOpenid(user.serviceOpenid))
        throw new Error(`linkServiceAccountUser: bad openid ${user.serviceOpenid}`);
      if (!user.unionid) throw new Error('linkServiceAccountUser: unionid is required');
      upsertUser.run(user.serviceOpenid, user.unionid, user.subscribed === false ? 0 : 1, clock());
    },

    control,
  };
}
