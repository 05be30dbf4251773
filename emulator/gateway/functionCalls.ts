/**
 * The two ways in from outside WeChat that run a function over HTTP: WeChat cloud's HTTP
 * access service (`POST /http/<name>`, a till system) and the H5 app's transport
 * (`POST /fn/<name>` as the persona named by `x-crm-openid`).
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { CallerIdentity, InvocationResult } from '../functions/runner';
import { readBody } from './http';
import { bodyLimitFor, refuseEvent, refusals, type GatewayRefusal } from './limits';

type Invoke = (name: string, event: unknown, caller: CallerIdentity) => Promise<InvocationResult>;

export function createFunctionCalls(d: { invoke: Invoke; appid: string }) {
  const { invoke, appid } = d;
  /**
   * WeChat cloud's HTTP access service (云函数 HTTP 访问): `POST /http/<name>[/…]` runs the
   * function with the request as its event and answers what it returns
   * (`{ statusCode, headers, body }`). A till system (the `pos` function) calls this way.
   */
  async function httpAccess(req: IncomingMessage, res: ServerResponse, path: string) {
    const [name] = path.slice('/http/'.length).split('/');
    const body = await readBody(req, bodyLimitFor(req.headers['content-type']));
    const url = new URL(req.url ?? '/', 'http://local');
    const event = {
      path: path.slice('/http'.length),
      httpMethod: req.method ?? 'GET',
      headers: Object.fromEntries(
        Object.entries(req.headers).map(([k, v]) => [
          k,
          Array.isArray(v) ? v.join(',') : String(v ?? ''),
        ]),
      ),
      queryStringParameters: Object.fromEntries(url.searchParams),
      body: body.toString('utf8'),
      isBase64Encoded: false,
    };
    const out = await invoke(decodeURIComponent(name), event, { source: 'wx_http' });
    if (!out.ok) {
      res.writeHead(502, { 'content-type': 'application/json' });
      return res.end(JSON.stringify({ errCode: out.errCode, errMsg: out.errMsg }));
    }
    const r = (out.result ?? {}) as {
      statusCode?: number;
      headers?: Record<string, string>;
      body?: unknown;
    };
    const isHttpShape = typeof r === 'object' && r !== null && 'statusCode' in r;
    res.writeHead(isHttpShape ? Number(r.statusCode) : 200, {
      'content-type': 'application/json; charset=utf-8',
      ...(isHttpShape ? r.headers : {}),
      'x-invocation-id': out.invocationId,
    });
    res.end(
      isHttpShape
        ? typeof r.body === 'string'
          ? r.body
          : JSON.stringify(r.body ?? '')
        : JSON.stringify(out.result),
    );
  }

  /** The H5 app's transport: call a function as the persona named by `x-crm-openid`. */
  async function gatewayCall(req: IncomingMessage, res: ServerResponse, name: string) {
    const body = await readBody(req, bodyLimitFor(req.headers['content-type']));
    let event: unknown;
    try {
      event = body.length ? JSON.parse(body.toString('utf8')) : {};
    } catch {
      return refuse(res, refusals.notJson());
    }
    const refusal = refuseEvent(event);
    if (refusal) return refuse(res, refusal);
    const openid = String(req.headers['x-crm-openid'] ?? '');
    const unionid = String(req.headers['x-crm-unionid'] ?? '');
    if (openid && !/^[A-Za-z0-9_-]{1,64}$/.test(openid)) {
      res.writeHead(400, { 'content-type': 'application/json' });
      return res.end(JSON.stringify({ errCode: -1, errMsg: 'bad x-crm-openid' }));
    }
    // like wx.cloud.callFunction, the platform adds userInfo to the event
    const withUser = { ...(event as object), userInfo: { appId: appid, openId: openid } };
    const out = await invoke(name, withUser, { openid, unionid, source: 'wx_client' });
    res.writeHead(out.ok ? 200 : 500, {
      'content-type': 'application/json; charset=utf-8',
      'x-invocation-id': out.invocationId,
    });
    res.end(
      JSON.stringify(
        out.ok
          ? { result: out.result, requestID: out.invocationId }
          : { errCode: out.errCode, errMsg: out.errMsg },
      ),
    );
  }

  return { httpAccess, gatewayCall };
}

export function refuse(res: ServerResponse, refusal: GatewayRefusal): void {
  if (res.headersSent) return void res.end();
  res.writeHead(refusal.status, { 'content-type': 'application/json; charset=utf-8' });
  res.end(JSON.stringify(refusal.body));
}
