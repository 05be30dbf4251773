/**
 * The local CloudBase emulator: one HTTP server on 127.0.0.1 that
 *  - answers the real wx-server-sdk at the request layer (`/__tcb/<invocationId>`):
 *    database actions and WeChat open APIs;
 *  - runs the built function bundles (`dist/cloudfunctions`) and their timer triggers;
 *  - stands in for WeChat's HTTP API (`/cgi-bin/…`, service-account messages);
 *  - is the gateway for the H5 build (`POST /fn/<name>` as a chosen persona) and serves
 *    the H5 app (`/`) and the console (`/__console/`);
 *  - exposes its own controls under `/__emulator/…` (clock, timers, outbox, collections).
 */
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import { mkdirSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import type { AddressInfo } from 'node:net';
import Database from 'better-sqlite3';
import { createClock, type EmulatorClock } from './clock';
import { createDatabase } from './db';
import { createOpenApiBackend } from './openapi';
import { createWechatHttpHandler } from './openapi/wechatHttp';
import { createTcbEndpoint } from './tcb/endpoint';
import { createRequestStats } from './tcb/stats';
import { createFunctionRunner, discoverFunctions, type CallerIdentity } from './functions/runner';
import { createFaults } from './functions/faults';
import { createScheduler, triggersOf } from './timers/scheduler';
import { serveStatic } from './gateway/static';
import { BodyTooLargeError, readBody } from './gateway/http';
import { bodyLimitFor, refuseEvent, refusals, type GatewayRefusal } from './gateway/limits';
import { createControlApi, type AppControls } from './gateway/control';
import { LOCAL_APPID, LOCAL_SERVICE_ACCOUNT, SCF_BASE_ENV } from './config';
import type { PersonaSource } from './gateway/personas';

export { LOCAL_APPID, LOCAL_SERVICE_ACCOUNT, SCF_BASE_ENV } from './config';
export type { DataReader, Persona, PersonaLink, PersonaSource } from './gateway/personas';
export type { AppControls } from './gateway/control';

export type EmulatorOptions = {
  /** 0 picks a free port */
  port?: number;
  host?: string;
  /** Where the emulator keeps its SQLite file. Default `.data` (relative to the working directory). */
  dataDir?: string;
  /** The built function bundles, one folder per function. Default `dist/cloudfunctions`. */
  functionsDir?: string;
  /** The H5 build served at `/`. Default `dist/h5`. */
  h5Dir?: string;
  /** Collections and their indexes (see emulator/db/indexSpec.ts). Default `database/indexes.json`. */
  indexesPath?: string;
  /**
   * The mini-program's app.json (its pages: message and QR APIs refuse other pages with
   * 41030). Default `dist/weapp/app.json`; when missing, every page is accepted.
   */
  appJsonPath?: string;
  /** The mini-program appid the platform puts in events and watermarks. Default LOCAL_APPID. */
  appid?: string;
  /** The service account (公众号) whose credentials stable_token accepts. Default LOCAL_SERVICE_ACCOUNT. */
  serviceAccount?: { appid: string; secret: string };
  /** The app's name, shown by the console. */
  appName?: string;
  /** start the timer loop (tests fire timers explicitly and may turn it off) */
  timers?: boolean;
  maxInstances?: number;
  /** 'silent' drops what functions print to stdout (errors still show) */
  functionLogs?: 'inherit' | 'silent';
  /** function timeouts in seconds, overriding dist/cloudbaserc.json (like changing them in the console) */
  functionTimeouts?: Record<string, number>;
  /**
   * Milliseconds each database request waits before it is answered, like the round trip to
   * CloudBase (0 locally by default; tests of jobs cut short by their deadline set it, so a
   * batch takes time whatever the machine's speed).
   */
  databaseLatencyMs?: number;
  /**
   * The app's function environment (what its cloud environment sets for the functions),
   * given the emulator's URL once it listens; added to the SCF runtime's own variables.
   */
  functionEnv?: Record<string, string> | ((emulator: { url: string }) => Record<string, string>);
  /** Who the console offers to act as (read from the data); a brand-new visitor only by default. */
  personas?: PersonaSource;
  /** The app's own controls, served at `GET /__emulator/app/<name>` (for its scripts and docs). */
  controls?: AppControls;
};

export type Emulator = Awaited<ReturnType<typeof startEmulator>>;

export async function startEmulator(options: EmulatorOptions = {}) {
  const host = options.host ?? '127.0.0.1';
  const appid = options.appid ?? LOCAL_APPID;
  const dataDir = resolve(options.dataDir ?? '.data');
  const functionsDir = resolve(options.functionsDir ?? 'dist/cloudfunctions');
  const h5Dir = resolve(options.h5Dir ?? 'dist/h5');
  const consoleDir = join(__dirname, 'console');
  // refuse impossible function timeouts before anything is opened
  discoverFunctions(functionsDir, options.functionTimeouts);
  mkdirSync(dataDir, { recursive: true });

  const sqlite = new Database(join(dataDir, 'emulator.sqlite'));
  sqlite.pragma('journal_mode = WAL');
  sqlite.pragma('synchronous = NORMAL');
  const clock: EmulatorClock = createClock(readSavedClockOffset(sqlite));
  const indexes = JSON.parse(
    readFileSync(resolve(options.indexesPath ?? 'database/indexes.json'), 'utf8'),
  );
  const database = createDatabase({ sqlite, indexes, clock: clock.now });
  const stats = createRequestStats();

  const server = createServer();
  await new Promise<void>((ok) => server.listen(options.port ?? 0, host, ok));
  const port = (server.address() as AddressInfo).port;
  const url = `http://${host}:${port}`;

  const appPages = readAppPages(resolve(options.appJsonPath ?? 'dist/weapp/app.json'));
  const functionEnv =
    typeof options.functionEnv === 'function'
      ? options.functionEnv({ url })
      : (options.functionEnv ?? {});
  const serviceAccount = options.serviceAccount ?? LOCAL_SERVICE_ACCOUNT;
  const openApi = createOpenApiBackend({
    sqlite,
    clock: clock.now,
    h5BaseUrl: url,
    appPages,
    appid,
    serviceAccount,
  });
  const faults = createFaults({
    abortTransaction: (transactionId) =>
      database.handle('database.abortTransaction', { transactionId }),
  });
  const tcb = createTcbEndpoint({
    database,
    openApi,
    stats,
    faults,
    latencyMs: options.databaseLatencyMs,
    openApiPermissions: (invocationId) => {
      const name = runner.functionOf(invocationId);
      return name ? (runner.get(name)?.config.permissions?.openapi ?? []) : undefined;
    },
  });
  const wechatHttp = createWechatHttpHandler(openApi);
  const runner = createFunctionRunner({
    functionsDir,
    clock,
    tcbUrl: `${url}/__tcb`,
    appid,
    maxInstances: options.maxInstances,
    functionLogs: options.functionLogs,
    timeouts: options.functionTimeouts,
    baseEnv: { ...SCF_BASE_ENV, ...functionEnv },
    faults,
  });
  faults.attach((invocationId) => runner.kill(invocationId));

  function invoke(name: string, event: unknown, caller: CallerIdentity) {
    return runner.invoke(name, event, caller);
  }

  const scheduler = createScheduler({
    clock,
    triggers: () => triggersOf(runner.list()),
    fire: (t, at) =>
      invoke(
        t.functionName,
        { Type: 'Timer', TriggerName: t.name, Time: new Date(at).toISOString() },
        { source: 'wx_trigger' },
      ),
  });
  if (options.timers !== false) scheduler.start();

  /** Move the clock and let due timers fire; answers what fired. */
  async function travel(to: { set?: number; advanceMs?: number; reset?: boolean }) {
    const before = clock.now();
    if (to.reset) clock.reset();
    if (to.set !== undefined) clock.set(to.set);
    if (to.advanceMs !== undefined) clock.advance(to.advanceMs);
    saveClockOffset(sqlite, clock.offset());
    if (clock.now() < before) scheduler.rearm();
    return scheduler.tick();
  }

  const control = createControlApi({
    clock,
    database,
    openApi,
    runner,
    scheduler,
    stats,
    invoke,
    travel,
    appName: options.appName,
    personas: options.personas,
    controls: options.controls,
  });

  server.on('request', (req: IncomingMessage, res: ServerResponse) => {
    const path = (req.url ?? '/').split('?')[0];
    const fail = (e: unknown) => {
      if (e instanceof BodyTooLargeError) return refuse(res, refusals.payloadTooLarge(e.limit));
      if (!res.headersSent) res.writeHead(500, { 'content-type': 'application/json' });
      res.end(JSON.stringify({ errCode: -1, errMsg: String((e as Error)?.message ?? e) }));
    };
    try {
      if (path.startsWith('/__tcb/')) return tcb(req, res, path.slice('/__tcb/'.length));
      if (path.startsWith('/cgi-bin/')) return wechatHttp(req, res);
      if (req.method === 'POST' && path.startsWith('/fn/')) {
        return void gatewayCall(req, res, decodeURIComponent(path.slice(4))).catch(fail);
      }
      if (path.startsWith('/http/')) return void httpAccess(req, res, path).catch(fail);
      if (path.startsWith('/__emulator/'))
        return void control(req, res, path.slice('/__emulator'.length)).catch(fail);
      if (path === '/favicon.ico') {
        res.writeHead(204);
        return res.end();
      }
      if (path === '/__console') {
        res.writeHead(302, { location: '/__console/' });
        return res.end();
      }
      if (
        path.startsWith('/__console/') &&
        serveStatic(consoleDir, path.slice('/__console/'.length) || 'index.html', res)
      )
        return;
      if (req.method === 'GET' && serveStatic(h5Dir, path === '/' ? 'index.html' : path, res))
        return;
      res.writeHead(404, { 'content-type': 'text/plain; charset=utf-8' });
      res.end(path === '/' ? 'H5 build not found: run `npm run build:h5`' : 'not found');
    } catch (e) {
      fail(e);
    }
  });

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

  return {
    url,
    port,
    clock,
    database,
    openApi,
    runner,
    scheduler,
    stats,
    faults,
    sqlite,
    invoke,
    travel,
    async stop() {
      scheduler.stop();
      await runner.close();
      await new Promise<void>((ok) => {
        server.closeAllConnections?.();
        server.close(() => ok());
      });
      sqlite.close();
    },
  };
}

function refuse(res: ServerResponse, refusal: GatewayRefusal): void {
  if (res.headersSent) return void res.end();
  res.writeHead(refusal.status, { 'content-type': 'application/json; charset=utf-8' });
  res.end(JSON.stringify(refusal.body));
}

function readAppPages(appJson: string): string[] | undefined {
  try {
    const app = JSON.parse(readFileSync(appJson, 'utf8')) as {
      pages?: string[];
      subPackages?: { root: string; pages: string[] }[];
    };
    return [
      ...(app.pages ?? []),
      ...(app.subPackages ?? []).flatMap((p) =>
        p.pages.map((x) => `${p.root.replace(/\/$/, '')}/${x}`),
      ),
    ];
  } catch {
    return undefined;
  }
}

function readSavedClockOffset(sqlite: Database.Database): number {
  sqlite.exec(
    'CREATE TABLE IF NOT EXISTS emulator_meta (key TEXT PRIMARY KEY, value TEXT NOT NULL)',
  );
  const row = sqlite.prepare("SELECT value FROM emulator_meta WHERE key = 'clockOffset'").get() as
    | { value: string }
    | undefined;
  return row ? Number(row.value) : 0;
}

function saveClockOffset(sqlite: Database.Database, offset: number) {
  sqlite
    .prepare(
      "INSERT INTO emulator_meta (key, value) VALUES ('clockOffset', ?) ON CONFLICT(key) DO UPDATE SET value = excluded.value",
    )
    .run(String(offset));
}
