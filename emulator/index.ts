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
import { createCloudStorage } from './tcb/storage';
import { createRequestStats } from './tcb/stats';
import { createFunctionRunner, discoverFunctions, type CallerIdentity } from './functions/runner';
import { createFaults } from './functions/faults';
import { createScheduler, triggersOf } from './timers/scheduler';
import { serveStatic } from './gateway/static';
import { BodyTooLargeError } from './gateway/http';
import { refusals } from './gateway/limits';
import { createControlApi } from './gateway/control';
import { createFunctionCalls, refuse } from './gateway/functionCalls';
import { LOCAL_APPID, LOCAL_SERVICE_ACCOUNT, SCF_BASE_ENV } from './config';
import type { EmulatorOptions } from './options';
import { readAppPages } from './appPages';
import { readSavedClockOffset, saveClockOffset } from './clockStore';

export { LOCAL_APPID, LOCAL_SERVICE_ACCOUNT, SCF_BASE_ENV } from './config';
export type { DataReader, Persona, PersonaLink, PersonaSource } from './gateway/personas';
export type { AppControls } from './gateway/control';
export type { EmulatorOptions } from './options';

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
  // Keep idle connections longer than a function may run (60 s): the SDK reuses its sockets,
  // and a function that computes for more than Node's default 5 s between two requests (a
  // 100,000-row file parsed) would otherwise send its next request on a socket the emulator
  // has just closed ("socket hang up"). CloudBase's gateway keeps them longer too.
  server.keepAliveTimeout = 70_000;
  server.headersTimeout = 75_000;
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
  const storage = createCloudStorage({ dir: join(dataDir, 'storage'), baseUrl: () => url });
  const tcb = createTcbEndpoint({
    storage,
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

  const { httpAccess, gatewayCall } = createFunctionCalls({ invoke, appid });

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
      if (path.startsWith('/__storage/'))
        return storage.http(req, res, path.slice('/__storage/'.length));
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

  return {
    url,
    port,
    clock,
    database,
    openApi,
    runner,
    scheduler,
    stats,
    storage,
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
