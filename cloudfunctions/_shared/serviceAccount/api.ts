/**
 * One call of the service account's HTTP API with the shared access token
 * (token.ts): on 40001 / 40014 / 42001 the token is refreshed once (forced, unless another
 * instance already replaced it) and the call made once more. The answer is data
 * (domain/messages/delivery.ts `SendAnswer`), never thrown.
 */
import type { SendAnswer } from '@/domain/messages/delivery';
import type { Ctx } from '../runtime';
import { requestJson } from './http';
import { serviceAccessToken } from './token';

const TOKEN_ERRORS = new Set([40001, 40014, 42001]);

export type ApiAnswer = SendAnswer & { body?: Record<string, unknown> };

export async function callServiceApi(
  ctx: Ctx,
  path: string,
  init: { method: 'GET' | 'POST'; query?: Record<string, string>; body?: unknown },
): Promise<ApiAnswer> {
  let stale: string | undefined;
  for (let attempt = 0; attempt < 2; attempt++) {
    const token = await serviceAccessToken(ctx, stale ? { stale } : {});
    if (!token.ok)
      return token.errcode === null
        ? { kind: 'network', message: `no access token: ${token.message}` }
        : { kind: 'wechat', errcode: token.errcode, errmsg: `stable_token: ${token.message}` };
    const query = new URLSearchParams({ access_token: token.token, ...init.query });
    const answer = await requestJson(`${ctx.config.wechatApiBase}/cgi-bin/${path}?${query}`, {
      method: init.method,
      body: init.body,
    });
    if (answer.kind === 'network') return answer;
    if (answer.status >= 300) return { kind: 'http', status: answer.status };
    const errcode = typeof answer.body.errcode === 'number' ? answer.body.errcode : 0;
    if (errcode === 0) {
      const msgid = answer.body.msgid;
      return {
        kind: 'ok',
        msgid: typeof msgid === 'number' || typeof msgid === 'string' ? msgid : null,
        body: answer.body,
      };
    }
    if (TOKEN_ERRORS.has(errcode) && attempt === 0) {
      stale = token.token;
      continue;
    }
    return { kind: 'wechat', errcode, errmsg: String(answer.body.errmsg ?? '') };
  }
  throw new Error('unreachable');
}
