/*
 * The emulated CloudBase document database. `handle(action, params)` answers the requests
 * @cloudbase/database 1.4.x sends (through wx-server-sdk / @cloudbase/node-sdk), with the
 * response bodies that SDK parses; the other methods are direct entry points for the emulator
 * console and seed scripts.
 *
 * Every request runs synchronously against SQLite inside one IMMEDIATE transaction (reads that
 * decide a write happen in the same transaction as the write), so a request is atomic: a
 * multi-document update or insert that hits a unique index leaves nothing behind, and
 * concurrent `_.inc` / conditional updates serialize exactly. Only a plain write that meets a
 * transaction lock waits (asynchronously), then re-runs from scratch.
 *
 * Actions (all `database.*`): getDocument, calculateDocument, insertDocument, modifyDocument,
 * removeDocument, modifyAndReturnDoc, aggregateDocuments, addCollection, startTransaction,
 * commitTransaction, abortTransaction. Inside a transaction the SDK sends the ordinary
 * document actions with a `transactionId` (its old getInTransaction / updateDocInTransaction
 * module is dead code in 1.4.3 and is not emulated).
 */
import { isDate, isRegExp } from 'node:util/types';
import { randomBytes } from 'node:crypto';
import { performance } from 'node:perf_hooks';
import type BetterSqlite3 from 'better-sqlite3';
import { decodeDoc, encodeDoc, parseWire, type Clock, type Doc } from './ejson';
import { dbErrors, DbError, errorBody } from './errors';
import { parseIndexesFile, quoteIdent, tableNameOf, type IndexDef } from './indexSpec';
import { planQuery, type Plan } from './planner';
import {
  applyModifier,
  compileQuery,
  normalizeModifier,
  runPipeline,
  shape,
  upsertDocument,
} from './semantics';
import { getPath, Store, toSqlValue, type DocId, type Row, type SqlValue } from './store';
import { docKey, TransactionManager, type Tx } from './transactions';

export type { Doc } from './ejson';
export type { DocId } from './store';

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

const DEFAULT_LIMIT = 100;
const MAX_LIMIT = 1000;
const DEFAULT_AGGREGATE_LIMIT = 20;

interface Match {
  doc: Doc;
  text: string;
}
interface Change {
  key: string;
  previous: string | null;
}
type Attempt<T> = { value: T } | { blocked: Tx };

const randomHex = () => randomBytes(16).toString('hex');

function isObject(value: unknown): value is Doc {
  return (
    value !== null &&
    typeof value === 'object' &&
    !Array.isArray(value) &&
    !isDate(value) &&
    !isRegExp(value)
  );
}

function isDocId(value: unknown): value is DocId {
  return (
    (typeof value === 'string' && value.length > 0) ||
    (typeof value === 'number' && Number.isFinite(value))
  );
}

/** mingo rejecting a query or pipeline is a failed database request, as on CloudBase. */
function asRequestFailure<T>(fn: () => T): T {
  try {
    return fn();
  } catch (error) {
    if (error instanceof DbError) throw error;
    throw new DbError(
      'DATABASE_REQUEST_FAILED',
      `[FailedOperation] ${error instanceof Error ? error.message : String(error)}`,
    );
  }
}

/** Resolves when `done` settles or after `ms`, leaving no timer behind. */
function waitFor(done: Promise<void>, ms: number): Promise<void> {
  return new Promise((resolve) => {
    const timer = setTimeout(resolve, ms);
    void done.then(() => {
      clearTimeout(timer);
      resolve();
    });
  });
}

function sqliteCode(error: unknown): string {
  const code = (error as { code?: unknown } | null)?.code;
  return typeof code === 'string' ? code : '';
}

export function createDatabase(options: CreateDatabaseOptions): EmulatorDatabase {
  const { sqlite, clock } = options;
  const newId = options.newId ?? randomHex;
  const lockWaitMs = options.lockWaitMs ?? 5_000;
  const store = new Store(sqlite, parseIndexesFile(options.indexes));
  const txm = new TransactionManager({
    timeoutMs: options.transactionTimeoutMs ?? 30_000,
    lifetimeMs: options.transactionLifetimeMs ?? 30_000,
    opMs: options.transactionOpMs ?? 20,
    now: () => performance.now(),
    newId: randomHex,
  });

  // ---------- helpers ----------

  const envOf = (params: Record<string, unknown>) =>
    typeof params.envName === 'string' && params.envName
      ? params.envName
      : (options.env ?? 'local');

  function collectionOf(params: Record<string, unknown>): string {
    const name = params.collectionName;
    if (typeof name !== 'string' || !name)
      throw dbErrors.invalidParam('collectionName is required');
    if (!store.has(name)) throw dbErrors.collectionNotExist(name);
    return name;
  }

  function requireCollection(name: string): void {
    if (!store.has(name)) throw dbErrors.collectionNotExist(name);
  }

  function decodeObject(raw: unknown, what: string): Doc {
    const value = parseWire(raw, clock);
    if (value === undefined) return {};
    if (!isObject(value)) throw dbErrors.invalidParam(`${what} must be an object`);
    return value;
  }

  function docIdOf(query: Doc): DocId {
    const id = query._id;
    if (!isDocId(id))
      throw dbErrors.invalidParam('a document operation needs a string or number _id');
    return id;
  }

  function candidates(collection: string, query: Doc): Iterable<Row> {
    const plan = planQuery(store, collection, query);
    if (plan.kind === 'primaryKey') return store.getMany(collection, plan.ids);
    if (plan.kind === 'index') return store.lookup(collection, plan.index, plan.values);
    return store.scan(collection);
  }

  /** Matching documents in natural order; stops early when only the first `max` are needed. */
  function matches(collection: string, query: Doc, max = Infinity): Match[] {
    const matchAll = Object.keys(query).length === 0;
    const compiled = matchAll ? undefined : asRequestFailure(() => compileQuery(query));
    const out: Match[] = [];
    if (max <= 0) return out;
    for (const row of candidates(collection, query)) {
      const doc = decodeDoc(row.doc);
      if (compiled && !compiled.test(doc)) continue;
      out.push({ doc, text: row.doc });
      if (out.length >= max) break;
    }
    return out;
  }

  /** find(): documents plus, where untouched, their stored text (sent back as is). */
  function select(
    collection: string,
    query: Doc,
    opts: FindOptions,
  ): Array<{ doc: Doc; text?: string }> {
    const skip = Math.max(0, opts.skip ?? 0);
    const limit = opts.limit;
    const sorted = opts.sort && Object.keys(opts.sort).length > 0;
    const projected = opts.projection && Object.keys(opts.projection).length > 0;
    if (!sorted) {
      const page = matches(collection, query, limit === undefined ? Infinity : skip + limit).slice(
        skip,
      );
      if (!projected) return page;
      return shape(
        page.map((m) => m.doc),
        { projection: opts.projection },
      ).map((doc) => ({ doc }));
    }
    const all = matches(collection, query).map((m) => m.doc);
    return shape(all, { sort: opts.sort, skip, limit, projection: opts.projection }).map((doc) => ({
      doc,
    }));
  }

  function duplicateError(
    collection: string,
    env: string,
    doc: Doc,
    error: unknown,
    operation: 'insert' | 'update',
  ): DbError {
    const message = error instanceof Error ? error.message : '';
    const named = /index '([^']+)'/.exec(message)?.[1];
    let index: IndexDef | undefined = store.indexesOf(collection).find((i) => i.sqlName === named);
    if (
      !index &&
      !sqliteCode(error).endsWith('PRIMARYKEY') &&
      !message.includes(`${tableNameOf(collection)}.id`)
    ) {
      index = store
        .indexesOf(collection)
        .find(
          (i) =>
            i.unique && store.findUniqueHolder(collection, i, doc, doc._id as DocId) !== undefined,
        );
    }
    if (!index)
      return dbErrors.duplicateKey({
        env,
        collection,
        index: '_id_',
        key: { _id: doc._id },
        operation,
      });
    const key: Doc = {};
    for (const field of index.fields) key[field] = getPath(doc, field) ?? null;
    return dbErrors.duplicateKey({ env, collection, index: index.name, key, operation });
  }

  function writeRow(
    collection: string,
    env: string,
    kind: 'insert' | 'update',
    doc: Doc,
    operation: 'insert' | 'update' = kind,
  ): string {
    const text = encodeDoc(doc);
    try {
      if (kind === 'insert') store.insert(collection, doc._id as DocId, doc, text);
      else store.update(collection, doc._id as DocId, doc, text);
    } catch (error) {
      if (sqliteCode(error).startsWith('SQLITE_CONSTRAINT'))
        throw duplicateError(collection, env, doc, error, operation);
      throw error;
    }
    return text;
  }

  function noteChanges(changes: Change[], writer?: Tx): void {
    if (!txm.hasActive()) return;
    for (const change of changes) txm.noteCommittedChange(change.key, change.previous, writer);
  }

  /**
   * Runs a plain write in one SQLite transaction. `attempt` returns `{blocked: tx}` (having
   * written nothing) when it meets a transaction lock: we wait for that transaction and retry.
   */
  async function plainWrite<T>(attempt: (changes: Change[]) => Attempt<T>): Promise<T> {
    const deadline = performance.now() + lockWaitMs;
    for (;;) {
      const changes: Change[] = [];
      const outcome = store.transaction(() => attempt(changes));
      if ('value' in outcome) {
        noteChanges(changes);
        return outcome.value;
      }
      const remaining = deadline - performance.now();
      if (remaining <= 0)
        throw dbErrors.transactionConflict('timed out waiting for a transaction lock');
      const wait = Math.min(remaining, txm.remainingMs(outcome.blocked) + 1);
      await waitFor(outcome.blocked.done, wait);
      txm.sweep();
    }
  }

  function lockedBy(collection: string, ids: DocId[]): Tx | undefined {
    for (const id of ids) {
      const holder = txm.holderOf(docKey(collection, id));
      if (holder) return holder;
    }
    return undefined;
  }

  function clampLimit(raw: unknown): number {
    const n = Number(raw);
    if (!Number.isFinite(n) || n <= 0) return DEFAULT_LIMIT;
    return Math.min(Math.floor(n), MAX_LIMIT);
  }

  function newDocument(raw: unknown): Doc {
    const doc = parseWire(raw, clock);
    if (!isObject(doc)) throw dbErrors.invalidParam('each document to insert must be an object');
    const id = doc._id === undefined ? newId() : doc._id;
    if (!isDocId(id)) throw dbErrors.invalidParam('_id must be a non-empty string or a number');
    const { _id: _ignored, ...rest } = doc;
    return { _id: id, ...rest };
  }

  // ---------- transactions ----------

  function txRead(tx: Tx, collection: string, id: DocId): Doc | null {
    const key = docKey(collection, id);
    const pending = tx.writes.get(key);
    if (pending) return pending.doc ? structuredClone(pending.doc) : null;
    if (tx.snapshot.has(key)) {
      const previous = tx.snapshot.get(key);
      return previous ? decodeDoc(previous) : null;
    }
    const text = store.get(collection, id);
    return text === undefined ? null : decodeDoc(text);
  }

  function uniqueKey(doc: Doc, index: IndexDef): string {
    return JSON.stringify(
      index.fields.map((f) => {
        const v = toSqlValue(getPath(doc, f));
        return Buffer.isBuffer(v) ? null : v;
      }),
    );
  }

  /** Best-effort unique check at write time (commit re-checks through SQLite). */
  function txCheckUnique(tx: Tx, collection: string, env: string, doc: Doc): void {
    for (const index of store.indexesOf(collection)) {
      if (!index.unique) continue;
      const key = uniqueKey(doc, index);
      const clash = (other: Doc) => uniqueKey(other, index) === key;
      const holder = store.findUniqueHolder(collection, index, doc, doc._id as DocId);
      let duplicate = false;
      if (holder !== undefined) {
        const pending = tx.writes.get(docKey(collection, holder));
        duplicate = !pending || (pending.doc !== null && clash(pending.doc));
      }
      for (const write of tx.writes.values()) {
        if (
          write.collection === collection &&
          write.doc &&
          write.id !== doc._id &&
          clash(write.doc)
        )
          duplicate = true;
      }
      if (duplicate) {
        const dupKey: Doc = {};
        for (const field of index.fields) dupKey[field] = getPath(doc, field) ?? null;
        throw dbErrors.duplicateKey({
          env,
          collection,
          index: index.name,
          key: dupKey,
          operation: 'insert',
        });
      }
    }
  }

  /** Runs a transactional operation; any failure other than a lookup aborts the transaction (MongoDB does). */
  function inTx<T>(tx: Tx, fn: () => T): T {
    try {
      return fn();
    } catch (error) {
      txm.abort(
        tx,
        error instanceof DbError && error.code === 'DATABASE_TRANSACTION_CONFLICT'
          ? 'conflict'
          : 'failed',
      );
      throw error;
    }
  }

  function txWrite(tx: Tx, collection: string, env: string, id: DocId, doc: Doc | null): void {
    const key = docKey(collection, id);
    txm.lockForWrite(tx, key);
    if (doc) txCheckUnique(tx, collection, env, doc);
    txm.recordWrite(tx, key, { collection, id, doc });
  }

  function commit(tx: Tx, env: string): void {
    for (const key of tx.writes.keys()) {
      if (tx.snapshot.has(key)) {
        txm.abort(tx, 'conflict');
        throw dbErrors.transactionConflict(
          'a document written by the transaction was changed by another writer',
        );
      }
    }
    const changes: Change[] = [];
    try {
      store.transaction(() => {
        for (const [key, write] of tx.writes) {
          if (!store.has(write.collection)) continue;
          const previous = store.get(write.collection, write.id) ?? null;
          if (write.doc === null) {
            if (previous === null) continue;
            store.remove(write.collection, write.id);
          } else {
            writeRow(write.collection, env, previous === null ? 'insert' : 'update', write.doc);
          }
          changes.push({ key, previous });
        }
      });
    } catch (error) {
      txm.abort(tx, 'failed');
      throw error;
    }
    noteChanges(changes, tx);
    txm.commitDone(tx);
  }

  // ---------- actions ----------

  async function getDocument(params: Record<string, unknown>): Promise<ResponseBody> {
    const collection = collectionOf(params);
    const query = decodeObject(params.query, 'query');
    const projection = decodeObject(params.projection, 'projection');
    if (typeof params.transactionId === 'string' && params.transactionId) {
      const tx = txm.use(params.transactionId);
      if (params.queryType !== 'DOC') throw dbErrors.batchInTransaction();
      const doc = txRead(tx, collection, docIdOf(query));
      const list = doc ? shape([doc], { projection }).map((d) => encodeDoc(d)) : [];
      return { data: { list } };
    }
    const limit = clampLimit(params.limit);
    const offset = Math.max(0, Number(params.offset) || 0);
    const sort = decodeObject(params.order, 'order') as Record<string, 1 | -1>;
    const list = select(collection, query, { limit, skip: offset, sort, projection }).map(
      (m) => m.text ?? encodeDoc(m.doc),
    );
    return { data: { list, limit, offset } };
  }

  async function calculateDocument(params: Record<string, unknown>): Promise<ResponseBody> {
    const collection = collectionOf(params);
    const query = decodeObject(params.query, 'query');
    return { data: { total: countOf(collection, query) } };
  }

  function countOf(collection: string, query: Doc): number {
    if (Object.keys(query).length === 0) return store.count(collection);
    return matches(collection, query).length;
  }

  async function insertDocument(params: Record<string, unknown>): Promise<ResponseBody> {
    const collection = collectionOf(params);
    const env = envOf(params);
    if (!Array.isArray(params.data) || params.data.length === 0)
      throw dbErrors.invalidParam('data must be a non-empty array');
    const docs = params.data.map(newDocument);
    const insertedIds = docs.map((d) => d._id as DocId);
    if (typeof params.transactionId === 'string' && params.transactionId) {
      const tx = txm.use(params.transactionId);
      inTx(tx, () => {
        for (const doc of docs) {
          if (txRead(tx, collection, doc._id as DocId)) {
            throw dbErrors.duplicateKey({
              env,
              collection,
              index: '_id_',
              key: { _id: doc._id },
              operation: 'insert',
            });
          }
          txWrite(tx, collection, env, doc._id as DocId, doc);
        }
      });
      return { data: { insertedIds } };
    }
    await plainWrite((changes) => {
      const holder = lockedBy(collection, insertedIds);
      if (holder) return { blocked: holder };
      for (const doc of docs) {
        writeRow(collection, env, 'insert', doc);
        changes.push({ key: docKey(collection, doc._id as DocId), previous: null });
      }
      return { value: undefined };
    });
    return { data: { insertedIds } };
  }

  async function modifyDocument(params: Record<string, unknown>): Promise<ResponseBody> {
    const collection = collectionOf(params);
    const env = envOf(params);
    const query = decodeObject(params.query, 'query');
    const data = decodeObject(params.data, 'data');
    const merge = params.merge !== false;
    const upsert = params.upsert === true;
    const multi = params.multi === true && params.queryType !== 'DOC';
    if (!merge && Object.keys(data).some((k) => k.startsWith('$'))) {
      throw dbErrors.writeFailed('the replacement document must not contain update operators');
    }
    const modifier = merge ? normalizeModifier(data, clock) : undefined;
    const { _id: _dropped, ...replacement } = data;
    const replace = (id: unknown): Doc => ({ _id: id, ...replacement });

    if (typeof params.transactionId === 'string' && params.transactionId) {
      const tx = txm.use(params.transactionId);
      if (params.queryType !== 'DOC') throw dbErrors.batchInTransaction();
      const id = docIdOf(query);
      return inTx(tx, () => {
        const current = txRead(tx, collection, id);
        if (modifier) {
          if (!current) return { data: { updated: 0 } };
          const next = applyModifier(current, modifier, query);
          if (!next.changed) return { data: { updated: 0 } };
          txWrite(tx, collection, env, id, next.doc);
          return { data: { updated: 1 } };
        }
        txWrite(tx, collection, env, id, replace(id));
        return current ? { data: { updated: 1 } } : { data: { updated: 0, upsert_id: id } };
      });
    }

    const result = await plainWrite<{ updated: number; upsert_id?: DocId }>((changes) => {
      const found = matches(collection, query, multi ? Infinity : 1);
      const holder = lockedBy(
        collection,
        found.map((m) => m.doc._id as DocId),
      );
      if (holder) return { blocked: holder };
      let updated = 0;
      for (const match of found) {
        let next: Doc;
        if (modifier) {
          const applied = applyModifier(match.doc, modifier, query);
          if (!applied.changed) continue;
          next = applied.doc;
        } else {
          next = replace(match.doc._id);
        }
        const text = writeRow(collection, env, 'update', next);
        if (text === match.text) continue;
        changes.push({ key: docKey(collection, match.doc._id as DocId), previous: match.text });
        updated++;
      }
      if (found.length > 0 || !upsert) return { value: { updated } };
      const id = isDocId(query._id) ? query._id : newId();
      const upsertHolder = lockedBy(collection, [id]);
      if (upsertHolder) return { blocked: upsertHolder };
      const doc = modifier ? upsertDocument(id, query, modifier) : replace(id);
      writeRow(collection, env, 'insert', doc, 'update');
      changes.push({ key: docKey(collection, id), previous: null });
      return { value: { updated: 0, upsert_id: id } };
    });
    return { data: result };
  }

  async function removeDocument(params: Record<string, unknown>): Promise<ResponseBody> {
    const collection = collectionOf(params);
    const query = decodeObject(params.query, 'query');
    const multi = params.multi === true && params.queryType !== 'DOC';
    if (typeof params.transactionId === 'string' && params.transactionId) {
      const tx = txm.use(params.transactionId);
      if (params.queryType !== 'DOC') throw dbErrors.batchInTransaction();
      const id = docIdOf(query);
      return inTx(tx, () => {
        if (!txRead(tx, collection, id)) return { data: { deleted: 0 } };
        txWrite(tx, collection, envOf(params), id, null);
        return { data: { deleted: 1 } };
      });
    }
    const deleted = await plainWrite<number>((changes) => {
      const found = matches(collection, query, multi ? Infinity : 1);
      const holder = lockedBy(
        collection,
        found.map((m) => m.doc._id as DocId),
      );
      if (holder) return { blocked: holder };
      for (const match of found) {
        store.remove(collection, match.doc._id as DocId);
        changes.push({ key: docKey(collection, match.doc._id as DocId), previous: match.text });
      }
      return { value: found.length };
    });
    return { data: { deleted } };
  }

  async function modifyAndReturnDoc(params: Record<string, unknown>): Promise<ResponseBody> {
    const collection = collectionOf(params);
    const env = envOf(params);
    if (typeof params.transactionId === 'string' && params.transactionId)
      throw dbErrors.batchInTransaction();
    const query = decodeObject(params.query, 'query');
    const modifier = normalizeModifier(decodeObject(params.data, 'data'), clock);
    const result = await plainWrite<{ updated: number; doc: string | null }>((changes) => {
      const [match] = matches(collection, query, 1);
      if (!match) return { value: { updated: 0, doc: null } };
      const holder = lockedBy(collection, [match.doc._id as DocId]);
      if (holder) return { blocked: holder };
      const applied = applyModifier(match.doc, modifier, query);
      if (!applied.changed) return { value: { updated: 0, doc: match.text } };
      const text = writeRow(collection, env, 'update', applied.doc);
      changes.push({ key: docKey(collection, match.doc._id as DocId), previous: match.text });
      return { value: { updated: 1, doc: text } };
    });
    return { data: result };
  }

  async function aggregateDocuments(params: Record<string, unknown>): Promise<ResponseBody> {
    const collection = collectionOf(params);
    if (!Array.isArray(params.stages)) throw dbErrors.invalidParam('stages must be an array');
    const pipeline: Doc[] = params.stages.map((stage) => {
      const { stageKey, stageValue } = (stage ?? {}) as {
        stageKey?: unknown;
        stageValue?: unknown;
      };
      if (typeof stageKey !== 'string' || !stageKey.startsWith('$'))
        throw dbErrors.invalidParam('invalid aggregation stage');
      if (stageKey === '$out' || stageKey === '$merge')
        throw dbErrors.invalidParam(`${stageKey} is not supported`);
      return { [stageKey]: parseWire(stageValue, clock) };
    });
    const first = pipeline[0];
    const leadingMatch = first && isObject(first.$match) ? first.$match : undefined;
    const input = leadingMatch
      ? matches(collection, leadingMatch).map((m) => m.doc)
      : [...store.scan(collection)].map((r) => decodeDoc(r.doc));
    const resolver = (name: string) =>
      store.has(name) ? [...store.scan(name)].map((r) => decodeDoc(r.doc)) : [];
    let list = asRequestFailure(() => runPipeline(input, pipeline, resolver));
    if (!pipeline.some((stage) => '$limit' in stage)) list = list.slice(0, DEFAULT_AGGREGATE_LIMIT);
    return { data: { list: list.map((d) => encodeDoc(d)) } };
  }

  async function dispatch(action: string, params: Record<string, unknown>): Promise<ResponseBody> {
    switch (action) {
      case 'database.getDocument':
        return getDocument(params);
      case 'database.calculateDocument':
        return calculateDocument(params);
      case 'database.insertDocument':
        return insertDocument(params);
      case 'database.modifyDocument':
        return modifyDocument(params);
      case 'database.removeDocument':
        return removeDocument(params);
      case 'database.modifyAndReturnDoc':
        return modifyAndReturnDoc(params);
      case 'database.aggregateDocuments':
        return aggregateDocuments(params);
      case 'database.addCollection': {
        const name = params.collectionName;
        if (typeof name !== 'string' || !name)
          throw dbErrors.invalidParam('collectionName is required');
        api.createCollection(name);
        return {};
      }
      case 'database.startTransaction':
        return { transactionId: txm.start().id };
      case 'database.commitTransaction':
        commit(txm.use(String(params.transactionId ?? '')), envOf(params));
        return {};
      case 'database.abortTransaction':
        txm.abort(txm.use(String(params.transactionId ?? '')), 'aborted');
        return {};
      default:
        throw dbErrors.invalidAction(action);
    }
  }

  function explainSql(collection: string, plan: Plan): { sql: string; params: SqlValue[] } {
    const table = quoteIdent(tableNameOf(collection));
    if (plan.kind === 'primaryKey')
      return { sql: `SELECT id, doc FROM ${table} WHERE id = ?`, params: [plan.ids[0] ?? ''] };
    if (plan.kind === 'index') return store.lookupSql(collection, plan.index, plan.values);
    return { sql: `SELECT id, doc FROM ${table} ORDER BY rowid`, params: [] };
  }

  const api: EmulatorDatabase = {
    async handle(action, params) {
      try {
        txm.sweep();
        const txId = params?.transactionId;
        if (typeof txId !== 'string' || !txId) return await dispatch(action, params ?? {});
        return await txm.exclusive(txId, () => dispatch(action, params));
      } catch (error) {
        return errorBody(error);
      }
    },

    collections() {
      return store.names().map((name) => ({
        name,
        count: store.count(name),
        declared: store.isDeclared(name),
        indexes: store
          .indexesOf(name)
          .map((i) => ({ name: i.name, fields: i.fields, unique: i.unique })),
      }));
    },

    createCollection(name) {
      if (store.has(name)) throw dbErrors.collectionExists(name);
      store.create(name);
    },

    find(collection, query = {}, opts = {}) {
      requireCollection(collection);
      return select(collection, query, opts).map((m) => m.doc);
    },

    count(collection, query = {}) {
      requireCollection(collection);
      return countOf(collection, query);
    },

    insertMany(collection, docs) {
      requireCollection(collection);
      const env = options.env ?? 'local';
      const prepared = docs.map((doc) => {
        const id = doc._id === undefined ? newId() : doc._id;
        if (!isDocId(id)) throw dbErrors.invalidParam('_id must be a non-empty string or a number');
        const { _id: _ignored, ...rest } = doc;
        return { _id: id, ...rest } as Doc;
      });
      store.transaction(() => {
        for (const doc of prepared) writeRow(collection, env, 'insert', doc);
      });
      noteChanges(
        prepared.map((doc) => ({ key: docKey(collection, doc._id as DocId), previous: null })),
      );
      return prepared.map((doc) => doc._id as DocId);
    },

    drop(collection) {
      requireCollection(collection);
      for (const tx of txm.active()) {
        if ([...tx.writes.values()].some((w) => w.collection === collection))
          txm.abort(tx, 'aborted');
      }
      store.drop(collection);
    },

    explain(collection, query = {}) {
      requireCollection(collection);
      const plan = planQuery(store, collection, query);
      const { sql, params } = explainSql(collection, plan);
      return {
        plan: plan.kind,
        ...(plan.kind === 'index' ? { index: plan.index.name } : {}),
        sql,
        sqlitePlan: store.explain(sql, params),
      };
    },
  };
  return api;
}
