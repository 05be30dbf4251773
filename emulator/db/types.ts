/** The database emulator's public shapes: its options and the API `createDatabase` returns. */
import type BetterSqlite3 from 'better-sqlite3';
import type { Clock, Doc } from './ejson';
import type { Plan } from './planner';
import type { DocId } from './store';

export interface CreateDatabaseOptions {
  /** An open better-sqlite3 database (the caller opens it, with WAL, and closes it). */
  sqlite: BetterSqlite3.Database;
  /** The parsed content of database/indexes.json. */
  indexes: unknown;
  /** Emulator clock (ms since epoch): `db.serverDate()` and `$currentDate`. */
  clock: Clock;
  /** Generates document `_id`s and transaction ids; default 32 random hex chars. */
  newId?: () => string;
  /** An idle transaction is aborted after this long (real time). Default 30 000. */
  transactionTimeoutMs?: number;
  /** A transaction is aborted this long after it started, active or not (real time). Default 30 000. */
  transactionLifetimeMs?: number;
  /** The least time a transactional request is in flight (overlap detection; a CloudBase round trip). Default 20. */
  transactionOpMs?: number;
  /** How long a plain write waits for a transaction lock before failing. Default 5 000. */
  lockWaitMs?: number;
  /** Database name used in error messages when a request carries no env. Default "local". */
  env?: string;
}

export interface FindOptions {
  limit?: number;
  skip?: number;
  sort?: Record<string, 1 | -1>;
  projection?: Doc;
}

export interface CollectionInfo {
  name: string;
  count: number;
  declared: boolean;
  indexes: Array<{ name: string; fields: string[]; unique: boolean }>;
}

export interface QueryExplanation {
  plan: Plan['kind'];
  index?: string;
  sql: string;
  /** `detail` column of SQLite's EXPLAIN QUERY PLAN for that SQL. */
  sqlitePlan: string[];
}

export type ResponseBody = Record<string, unknown>;

export interface EmulatorDatabase {
  /** Answers one SDK request (`action` like "database.getDocument"); errors come back as `{code, message}`. */
  handle(action: string, params: Record<string, unknown>): Promise<ResponseBody>;
  collections(): CollectionInfo[];
  createCollection(name: string): void;
  find(collection: string, query?: Doc, options?: FindOptions): Doc[];
  count(collection: string, query?: Doc): number;
  /** Bulk insert (seed): one SQLite transaction, unique indexes enforced, ids generated when missing. */
  insertMany(collection: string, docs: Doc[]): DocId[];
  /** Removes a collection and its documents; a collection declared in indexes.json comes back empty. */
  drop(collection: string): void;
  explain(collection: string, query?: Doc): QueryExplanation;
}
