/**
 * The service account's access token, shared by every function instance.
 *
 * One document, `wxTokens/serviceAccount` {token, expiresAt, refreshUntil}, holds the token
 * `cgi-bin/stable_token` last gave. A caller uses it while more than RENEW_BEFORE_MS (4 min)
 * of its life is left — WeChat hands out a new token from the token's last 5 minutes on, so
 * a renewal at 4 minutes always gets a new one rather than the same token again; inside
 * that window — or when there is none — one caller renews it:
 * whoever moves `refreshUntil` from the past to a short lease by a conditional update (or
 * creates the document) calls stable_token and writes the result; everyone else keeps using
 * the old token while it is still valid, or waits for the new one (polling the document), so
 * concurrent instances do not stampede WeChat (its daily stable_token quota is counted).
 *
 * When WeChat calls a token invalid or expired (40001 / 42001 / 40014 on an API call), the
 * caller asks again with `stale` = that token: only if the document still holds it is
 * stable_token called with `force_refresh: true` (which revokes the old token at WeChat);
 * if another instance already replaced it, the new one is used. A warm instance also keeps
 * the token in memory until its renewal window, so a drain of 1,000 messages reads the
 * document once.
 */
import type { Ctx } from '../runtime';
import { getById, isDuplicateKeyError } from '../db';
import { logEvent } from '../log';
import { requestJson } from './http';

export const TOKEN_DOC_ID = 'serviceAccount';
export const RENEW_BEFORE_MS = 4 * 60_000;
const REFRESH_LEASE_MS = 10_000;
const WAIT_STEP_MS = 100;
const WAIT_STEPS = 40;

export type TokenDoc = {
  _id: string;
  token: string | null;
  expiresAt: number;
  /** a renewal is under way until then (0: none) */
  refreshUntil: number;
  updatedAt: number;
};

export type TokenResult =
  | { ok: true; token: string }
  | { ok: false; errcode: number | null; message: string };

let memo: { token: string; expiresAt: number } | null = null;

const fresh = (
  t: { token: string | null; expiresAt: number } | null,
  now: number,
  stale?: string,
) => t !== null && t.token !== null && t.token !== stale && t.expiresAt - now > RENEW_BEFORE_MS;

/** A valid access token of the service account (see the header), or why there is none. */
export async function serviceAccessToken(
  ctx: Ctx,
  opts: { stale?: string } = {},
): Promise<TokenResult> {
  if (fresh(memo, Date.now(), opts.stale)) return { ok: true, token: memo!.token };
  const tokens = ctx.db.collection('wxTokens');
  const _ = ctx.db.command;
  for (let step = 0; step < WAIT_STEPS; step++) {
    const now = Date.now();
    const doc = await getById<TokenDoc>(ctx.db, 'wxTokens', TOKEN_DOC_ID);
    if (doc && fresh(doc, now, opts.stale)) return remember(doc.token!, doc.expiresAt);
    // a token that merely entered its renewal window still works while another renews it
    const usable = doc?.token && doc.token !== opts.stale && doc.expiresAt > now ? doc.token : null;
    let won = false;
    if (!doc) {
      try {
        await tokens.add({
          data: {
            _id: TOKEN_DOC_ID,
            token: null,
            expiresAt: 0,
            refreshUntil: now + REFRESH_LEASE_MS,
            updatedAt: now,
          },
        });
        won = true;
      } catch (e) {
        if (!isDuplicateKeyError(e)) throw e;
      }
    } else if (doc.refreshUntil < now) {
      const res = await tokens
        .where({ _id: TOKEN_DOC_ID, refreshUntil: doc.refreshUntil, token: doc.token })
        .update({ data: { refreshUntil: now + REFRESH_LEASE_MS, updatedAt: now } });
      won = res.stats.updated === 1;
    }
    if (won) return renew(ctx, { force: opts.stale !== undefined && doc?.token === opts.stale });
    if (usable) return { ok: true, token: usable };
    await new Promise((r) => setTimeout(r, WAIT_STEP_MS));
  }
  return { ok: false, errcode: null, message: 'token renewal by another instance did not finish' };
}

async function renew(ctx: Ctx, { force }: { force: boolean }): Promise<TokenResult> {
  const { appid, secret } = ctx.config.serviceAccount;
  const answer = await requestJson(`${ctx.config.wechatApiBase}/cgi-bin/stable_token`, {
    method: 'POST',
    body: {
      grant_type: 'client_credential',
      appid,
      secret,
      ...(force ? { force_refresh: true } : {}),
    },
  });
  const now = Date.now();
  const tokens = ctx.db.collection('wxTokens');
  const body = answer.kind === 'json' ? answer.body : {};
  if (
    answer.kind === 'json' &&
    typeof body.access_token === 'string' &&
    Number(body.expires_in) > 0
  ) {
    const expiresAt = now + Number(body.expires_in) * 1000;
    await tokens.doc(TOKEN_DOC_ID).update({
      data: { token: body.access_token, expiresAt, refreshUntil: 0, updatedAt: now },
    });
    logEvent('serviceAccount.token', { forced: force, expiresAt });
    return remember(body.access_token, expiresAt);
  }
  // let the next caller try at once
  await tokens.doc(TOKEN_DOC_ID).update({ data: { refreshUntil: 0, updatedAt: now } });
  const errcode = typeof body.errcode === 'number' ? body.errcode : null;
  const message =
    answer.kind === 'network' ? answer.message : String(body.errmsg ?? `HTTP ${answer.status}`);
  logEvent('serviceAccount.tokenFailed', { errcode, message: message.slice(0, 120) });
  return { ok: false, errcode, message };
}

function remember(token: string, expiresAt: number): TokenResult {
  memo = { token, expiresAt };
  return { ok: true, token };
}
