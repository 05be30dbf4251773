/**
 * HTTP face of the service-account stand-in, answering like https://api.weixin.qq.com:
 * every answer is HTTP 200 with a JSON body (errors as `{ errcode, errmsg }`), except an
 * unknown path (404, 40066 "invalid url"). Mount it anywhere: it routes on the part of the
 * path after `/cgi-bin/`, so `${WECHAT_API_BASE}/cgi-bin/stable_token` works whatever
 * prefix the base has.
 *
 *   POST /cgi-bin/stable_token                          { grant_type, appid, secret, force_refresh? }
 *   POST /cgi-bin/message/template/send?access_token=   { touser, template_id, url?, miniprogram?, data, client_msg_id? }
 *   GET  /cgi-bin/user/info?access_token=&openid=&lang=
 *   GET  /cgi-bin/user/get?access_token=&next_openid=
 *   POST /cgi-bin/user/info/batchget?access_token=       { user_list: [{ openid, lang? }] }
 *
 * Failures armed through `serviceAccount.control` (serviceAccountControl.ts) answer here:
 * before the call runs, or after it (`applied`: the effect happened, the caller hears a
 * 5xx or a dropped connection).
 * A caller may pass `x-emulator-invocation-id` to tie an outbox row to an invocation.
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { ServiceAccount } from './serviceAccount';
import type { InjectedFailure } from './serviceAccountControl';
import { wxError } from './wxError';

const MAX_BODY_BYTES = 1024 * 1024;

type Route = {
  method: 'GET' | 'POST';
  run: (query: URLSearchParams, body: unknown, invocationId: string | null) => unknown;
};

function send(res: ServerResponse, status: number, payload: unknown): void {
  const body = JSON.stringify(payload);
  res.writeHead(status, {
    'Content-Type': 'application/json; encoding=utf-8',
    'Content-Length': Buffer.byteLength(body),
  });
  res.end(body);
}

function readBody(req: IncomingMessage): Promise<Buffer | null> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    req.on('data', (chunk: Buffer) => {
      size += chunk.length;
      if (size > MAX_BODY_BYTES) {
        resolve(null);
        req.destroy();
        return;
      }
      chunks.push(chunk);
    });
    req.on('end', () => resolve(Buffer.concat(chunks)));
    req.on('error', reject);
  });
}

export function createWechatHttpHandler(backend: {
  serviceAccount: ServiceAccount;
}): (req: IncomingMessage, res: ServerResponse) => void {
  const account = backend.serviceAccount;
  const routes: Record<string, Route> = {
    stable_token: { method: 'POST', run: (_q, body) => account.stableToken(body) },
    'message/template/send': {
      method: 'POST',
      run: (q, body, invocationId) =>
        account.sendTemplate(q.get('access_token') ?? undefined, body, invocationId),
    },
    'user/info': {
      method: 'GET',
      run: (q) =>
        account.userInfo(q.get('access_token') ?? undefined, q.get('openid') ?? undefined),
    },
    'user/get': {
      method: 'GET',
      run: (q) =>
        account.userList(q.get('access_token') ?? undefined, q.get('next_openid') ?? undefined),
    },
    'user/info/batchget': {
      method: 'POST',
      run: (q, body) => account.userInfoBatch(q.get('access_token') ?? undefined, body),
    },
  };

  async function handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const url = new URL(req.url ?? '/', 'http://emulator.local');
    const at = url.pathname.indexOf('/cgi-bin/');
    const name = at === -1 ? '' : url.pathname.slice(at + '/cgi-bin/'.length).replace(/\/+$/, '');
    const route = routes[name];
    if (!route) return send(res, 404, wxError(40066, 'invalid url'));
    const armed = account.control.take(name);
    if (req.method !== route.method) {
      return send(
        res,
        200,
        route.method === 'POST'
          ? wxError(43002, 'require POST method')
          : wxError(43001, 'require GET method'),
      );
    }
    let body: unknown;
    if (route.method === 'POST') {
      const raw = await readBody(req);
      if (raw === null) return send(res, 200, wxError(45002, 'content size out of limit'));
      try {
        body = JSON.parse(raw.toString('utf8'));
      } catch {
        return send(res, 200, wxError(47001, 'data format error'));
      }
    }
    const header = req.headers['x-emulator-invocation-id'];
    const invocationId = typeof header === 'string' && header !== '' ? header : null;
    if (armed && !armed.applied) return fail(res, armed.fail);
    const answer = route.run(url.searchParams, body, invocationId);
    if (armed) return fail(res, armed.fail);
    send(res, 200, answer);
  }

  function fail(res: ServerResponse, failure: InjectedFailure): void {
    if ('drop' in failure) return void res.destroy();
    if ('status' in failure)
      return send(res, failure.status, { errcode: -1, errmsg: 'system error' });
    send(res, 200, wxError(failure.errcode, failure.errmsg ?? 'system error'));
  }

  return (req, res) => {
    handle(req, res).catch((error: unknown) => {
      if (!res.headersSent)
        send(res, 200, wxError(-1, `system error: ${(error as Error)?.message ?? error}`));
      else res.destroy();
    });
  };
}
