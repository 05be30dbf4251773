/*
 * Test harness for the database emulator through the REAL wx-server-sdk: an SQLite database,
 * the emulated database engine, the tcb endpoint on 127.0.0.1:<random port>, and the SDK
 * pointed at it with the same environment variables the function runner sets in SCF.
 * wx-server-sdk is a process-wide singleton: it is initialised once and simply follows
 * TCB_CONTEXT_CNFG, which the SDK re-reads on every request.
 */
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import Database from 'better-sqlite3';
import { createDatabase, type EmulatorDatabase } from '../../../emulator/db';
import { startTcbServer, type TcbTestServer } from '../../../emulator/tcb/testServer';
import { createRequestStats, type InMemoryRequestStats } from '../../../emulator/tcb/stats';
import type { OpenApiBackend } from '../../../emulator/tcb/types';
import { SCF_BASE_ENV } from '../../../emulator/config';

// The SDK is untyped JavaScript for our purposes: tests use it the way function code does.
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export type Sdk = any;

export const ROOT = resolve(__dirname, '../../..');
export const PROJECT_INDEXES: unknown = JSON.parse(
  readFileSync(join(ROOT, 'database/indexes.json'), 'utf8'),
);

/** A fixed index declaration for these tests (the project's own file evolves with the app). */
export const TEST_INDEXES = {
  collections: {
    settings: [],
    stores: [],
    counters: [],
    members: [
      { name: 'phone_unique', keys: { phone: 1 }, unique: true },
      { name: 'homeStore', keys: { homeStoreId: 1 } },
      { name: 'clerk', keys: { clerkId: 1 } },
    ],
    orders: [
      { name: 'receipt_unique', keys: { storeId: 1, receiptNo: 1 }, unique: true },
      { name: 'member_time', keys: { memberId: 1, createdAt: -1 } },
    ],
    coupons: [
      { name: 'code_unique', keys: { code: 1 }, unique: true },
      { name: 'member_status', keys: { memberId: 1, status: 1 } },
    ],
    pointsLedger: [{ name: 'member_time', keys: { memberId: 1, at: -1 } }],
  },
};

/** The SCF environment the runner gives a function (minus the per-invocation URL and OPENID). */
export const SCF_ENV: Record<string, string> = {
  ...SCF_BASE_ENV,
  WX_CONTEXT_KEYS: 'WX_OPENID,WX_APPID,WX_UNIONID',
  WX_OPENID: 'o_test_user',
  WX_APPID: 'wx0000000000local',
  WX_UNIONID: '',
};

export function pointSdkAt(url: string): void {
  process.env.TCB_CONTEXT_CNFG = JSON.stringify({ URL: url });
}

let cloud: Sdk | undefined;
/** `require('wx-server-sdk')` + `cloud.init({env: DYNAMIC_CURRENT_ENV})`, as function code does. */
export function loadSdk(): Sdk {
  Object.assign(process.env, SCF_ENV);
  if (!cloud) {
    cloud = require('wx-server-sdk');
    cloud.init({ env: cloud.DYNAMIC_CURRENT_ENV });
  }
  return cloud;
}

export interface Harness {
  cloud: Sdk;
  /** `cloud.database()` */
  db: Sdk;
  engine: EmulatorDatabase;
  sqlite: Database.Database;
  server: TcbTestServer;
  stats: InMemoryRequestStats;
  file: string;
  /** Stops the server and closes SQLite (the file stays unless `remove`). */
  close(opts?: { remove?: boolean }): Promise<void>;
}

export interface HarnessOptions {
  /** SQLite file; a fresh temporary one by default. */
  file?: string;
  /** Parsed indexes.json; TEST_INDEXES by default. */
  indexes?: unknown;
  clock?: () => number;
  openApi?: OpenApiBackend;
  transactionTimeoutMs?: number;
  transactionLifetimeMs?: number;
  transactionOpMs?: number;
  lockWaitMs?: number;
  invocationId?: string;
}

export function tempDbFile(): string {
  return join(mkdtempSync(join(tmpdir(), 'crm-db-emu-')), 'db.sqlite');
}

export async function startHarness(options: HarnessOptions = {}): Promise<Harness> {
  const file = options.file ?? tempDbFile();
  const sqlite = new Database(file);
  sqlite.pragma('journal_mode = WAL');
  const engine = createDatabase({
    sqlite,
    indexes: options.indexes ?? TEST_INDEXES,
    clock: options.clock ?? (() => Date.now()),
    transactionTimeoutMs: options.transactionTimeoutMs,
    transactionLifetimeMs: options.transactionLifetimeMs,
    transactionOpMs: options.transactionOpMs,
    lockWaitMs: options.lockWaitMs,
  });
  const stats = createRequestStats();
  const server = await startTcbServer({ database: engine, stats, openApi: options.openApi });
  const cloudSdk = loadSdk();
  pointSdkAt(server.urlFor(options.invocationId ?? 'test'));
  return {
    cloud: cloudSdk,
    db: cloudSdk.database(),
    engine,
    sqlite,
    server,
    stats,
    file,
    async close(opts) {
      await server.close();
      sqlite.close();
      if (opts?.remove) rmSync(resolve(file, '..'), { recursive: true, force: true });
    },
  };
}
