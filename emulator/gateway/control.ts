/**
 * `/__emulator/…`: the emulator's own controls, used by the console page, tests, the bench
 * and any outside client (curl, a load test, a till system under development).
 *
 *   GET  /clock                         → { now, iso, offsetMs }
 *   POST /clock {set|advanceMs|reset}   → { now, iso, fired: [...] }   (time travel)
 *   GET  /timers                        → { schedule, history }
 *   POST /timers/fire {functionName, trigger?} → the firing
 *   GET  /outbox?channel=&touser=       → { messages }      DELETE /outbox
 *   POST /subscriptions {openid, templateIds}  (stand-in for wx.requestSubscribeMessage)
 *   GET  /collections                   → { collections: [{ name, count }] }
 *   GET  /collections/<name>?limit=&skip=&filter=<json> → { total, docs }
 *   GET  /app                           → { name } (the app's name, for the console)
 *   GET  /app/<name>?…                  → what the app's own control `name` answers (option `controls`)
 *   GET  /personas                      → { personas, links } (what the app hands in)
 *   POST /invoke {name, event, openid?, unionid?, source?} → { result | error, invocationId, ms, requests }
 *   GET  /stats/<invocationId>          → database requests made by one invocation
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import { readBody } from './http';
import { refuseEvent } from './limits';
import type { EmulatorClock } from '../clock';
import type { FunctionRunner, CallerIdentity, InvocationResult } from '../functions/runner';
import type { TimerFiring } from '../timers/scheduler';
import { createScheduler } from '../timers/scheduler';
import { listPersonas, type PersonaSource } from './personas';

/**
 * Controls an app adds for its own tools (e.g. signing a checkout-code scene): each answers a
 * GET with its query parameters.
 */
export type AppControls = Record<
  string,
  (query: URLSearchParams) => { status?: number; body: unknown }
>;

type Deps = {
  clock: EmulatorClock;
  // eslint-disable-next-line @typescript-eslint/no-explicit-any
  database: any;
  // eslint-disable-next-line @typescript-eslint/no-explicit-any
  openApi: any;
  runner: FunctionRunner;
  scheduler: ReturnType<typeof createScheduler>;
  // eslint-disable-next-line @typescript-eslint/no-explicit-any
  stats: any;
  invoke: (name: string, event: unknown, caller: CallerIdentity) => Promise<InvocationResult>;
  travel: (to: { set?: number; advanceMs?: number; reset?: boolean }) => Promise<TimerFiring[]>;
  /** the app's name, for the console */
  appName?: string;
  /** who the console offers to act as */
  personas?: PersonaSource;
  /** the app's own read-only controls, `GET /app/<name>?…` */
  controls?: AppControls;
};

export function createControlApi(d: Deps) {
  const clockView = () => ({
    now: d.clock.now(),
    iso: new Date(d.clock.now()).toISOString(),
    offsetMs: d.clock.offset(),
  });

  return async function control(
    req: IncomingMessage,
    res: ServerResponse,
    path: string,
  ): Promise<void> {
    const url = new URL(req.url ?? '/', 'http://local');
    const send = (status: number, body: unknown) => {
      res.writeHead(status, { 'content-type': 'application/json; charset=utf-8' });
      res.end(JSON.stringify(body));
    };
    const json = async () => {
      const raw = await readBody(req);
      return raw.length ? (JSON.parse(raw.toString('utf8')) as Record<string, unknown>) : {};
    };
    const m = req.method ?? 'GET';

    if (path === '/clock' && m === 'GET') return send(200, clockView());
    if (path === '/clock' && m === 'POST') {
      const body = await json();
      const fired = await d.travel({
        set:
          body.set === undefined
            ? undefined
            : typeof body.set === 'string'
              ? Date.parse(body.set)
              : Number(body.set),
        advanceMs: body.advanceMs === undefined ? undefined : Number(body.advanceMs),
        reset: body.reset === true,
      });
      return send(200, { ...clockView(), fired });
    }
    if (path === '/timers' && m === 'GET')
      return send(200, { schedule: d.scheduler.schedule(), history: d.scheduler.history() });
    if (path === '/timers/fire' && m === 'POST') {
      const body = await json();
      const trigger = d.scheduler
        .schedule()
        .find(
          (t) =>
            t.functionName === body.functionName &&
            (body.trigger === undefined || t.name === body.trigger),
        );
      if (!trigger) return send(404, { errMsg: 'no such timer trigger' });
      return send(200, await d.scheduler.fireNow(trigger));
    }
    if (path === '/outbox' && m === 'GET') {
      return send(200, {
        messages: d.openApi.outbox.list({
          channel: url.searchParams.get('channel') ?? undefined,
          touser: url.searchParams.get('touser') ?? undefined,
          limit: Number(url.searchParams.get('limit') ?? 200),
        }),
      });
    }
    if (path === '/outbox' && m === 'DELETE') {
      d.openApi.outbox.clear();
      return send(200, { ok: true });
    }
    if (path === '/subscriptions' && m === 'POST') {
      const body = await json();
      const templateIds = Array.isArray(body.templateIds) ? body.templateIds.map(String) : [];
      if (typeof body.openid !== 'string' || !body.openid)
        return send(400, { errMsg: 'openid required' });
      if (templateIds.length < 1 || templateIds.length > 5)
        return send(400, { errMsg: 'templateIds: 1 to 5 template ids' });
      d.openApi.grantSubscription(body.openid, templateIds, d.clock.now());
      return send(200, { credits: d.openApi.listCredits(body.openid) });
    }
    if (path === '/collections' && m === 'GET') {
      return send(200, { collections: d.database.collections() });
    }
    if (path.startsWith('/collections/') && m === 'GET') {
      const name = decodeURIComponent(path.slice('/collections/'.length));
      const filter = url.searchParams.get('filter');
      const query = filter ? (JSON.parse(filter) as Record<string, unknown>) : {};
      const limit = Math.min(Number(url.searchParams.get('limit') ?? 50), 1000);
      const skip = Number(url.searchParams.get('skip') ?? 0);
      return send(200, {
        total: d.database.count(name, query),
        docs: d.database.find(name, query, { limit, skip }),
      });
    }
    if (path === '/app' && m === 'GET') return send(200, { name: d.appName ?? '' });
    if (path.startsWith('/app/') && m === 'GET') {
      const control = d.controls?.[decodeURIComponent(path.slice('/app/'.length))];
      if (!control) return send(404, { errMsg: `no such app control: ${path}` });
      const answer = control(url.searchParams);
      return send(answer.status ?? 200, answer.body);
    }
    if (path === '/personas' && m === 'GET') return send(200, listPersonas(d.database, d.personas));
    if (path === '/invoke' && m === 'POST') {
      const body = await json();
      const refusal = refuseEvent(body.event ?? {});
      if (refusal) return send(refusal.status, refusal.body);
      const out = await d.invoke(String(body.name), body.event ?? {}, {
        openid: typeof body.openid === 'string' ? body.openid : undefined,
        unionid: typeof body.unionid === 'string' ? body.unionid : undefined,
        source: typeof body.source === 'string' ? body.source : 'wx_client',
      });
      return send(200, { ...out, requests: d.stats.get(out.invocationId) });
    }
    if (path.startsWith('/stats/') && m === 'GET')
      return send(200, d.stats.get(path.slice('/stats/'.length)));
    return send(404, { errMsg: `no such emulator endpoint: ${m} ${path}` });
  };
}
