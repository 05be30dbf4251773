/*
 * A minimal HTTP server around the tcb endpoint, for tests: `POST /__tcb/<invocationId>` only.
 * Point the SDK at it with TCB_CONTEXT_CNFG={"URL": server.urlFor(invocationId)}.
 */
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { createTcbEndpoint } from './endpoint';
import { createRequestStats, type InMemoryRequestStats } from './stats';
import type { OpenApiBackend, RequestStats, TcbDatabase } from './types';
import { createCloudStorage, type CloudStorage } from './storage';

export interface TcbTestServer {
  port: number;
  urlFor(invocationId: string): string;
  stats: RequestStats;
  close(): Promise<void>;
}

const noOpenApi: OpenApiBackend = {
  async call(api) {
    return { errcode: -1, errmsg: `no open api backend configured for ${api}` };
  },
};

export async function startTcbServer(opts: {
  database: TcbDatabase;
  openApi?: OpenApiBackend;
  stats?: RequestStats;
  port?: number;
  host?: string;
  /** keep cloud storage in this directory (`storage.*` actions and `/__storage/`) */
  storageDir?: string;
}): Promise<
  TcbTestServer & { stats: RequestStats | InMemoryRequestStats; storage?: CloudStorage }
> {
  const stats = opts.stats ?? createRequestStats();
  const host = opts.host ?? '127.0.0.1';
  let base = '';
  const storage = opts.storageDir
    ? createCloudStorage({ dir: opts.storageDir, baseUrl: () => base })
    : undefined;
  const handler = createTcbEndpoint({
    storage,
    database: opts.database,
    openApi: opts.openApi ?? noOpenApi,
    stats,
  });
  const server = createServer((req, res) => {
    const path = (req.url ?? '/').split('?')[0];
    if (storage && path.startsWith('/__storage/'))
      return storage.http(req, res, path.slice('/__storage/'.length));
    const match = /^\/__tcb\/([^/?#]+)/.exec(req.url ?? '');
    if (!match) {
      res.writeHead(404, { 'content-type': 'text/plain' });
      res.end('not found');
      return;
    }
    handler(req, res, decodeURIComponent(match[1]));
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(opts.port ?? 0, host, () => resolve());
  });
  const port = (server.address() as AddressInfo).port;
  base = `http://${host}:${port}`;
  return {
    port,
    stats,
    storage,
    urlFor: (invocationId) => `http://${host}:${port}/__tcb/${encodeURIComponent(invocationId)}`,
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
}
