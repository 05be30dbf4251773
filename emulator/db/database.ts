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
 *
 * The parts, one concept each: request.ts (reading a request's parameters), reads.ts (which
 * documents a query matches), documentActions.ts (the document actions), aggregate.ts,
 * locks.ts (plain writes waiting out transaction locks), uniqueKeys.ts (unique indexes and
 * duplicate-key errors), transactions.ts + transactionOps.ts (CloudBase transactions), over
 * store.ts (SQLite) and semantics.ts (mingo with CloudBase's differences).
 */
import { randomBytes } from 'node:crypto';
import { performance } from 'node:perf_hooks';
import { aggregateDocuments } from './aggregate';
import type { DbContext } from './context';
import {
  calculateDocument,
  getDocument,
  insertDocument,
  modifyAndReturnDoc,
  modifyDocument,
  removeDocument,
} from './documentActions';
import { dbErrors, errorBody } from './errors';
import { parseIndexesFile, quoteIdent, tableNameOf } from './indexSpec';
import { noteChanges } from './locks';
import { planQuery, type Plan } from './planner';
import { countOf, select } from './reads';
import { envOf, requireCollection, withId, type Params } from './request';
import type { SqlValue } from './indexValues';
import { Store, type DocId } from './store';
import { docKey, TransactionManager } from './transactions';
import { commit } from './transactionOps';
import type { CreateDatabaseOptions, EmulatorDatabase, ResponseBody } from './types';
import { writeRow } from './uniqueKeys';

export type { Doc } from './ejson';
export type { DocId } from './store';
export type {
  CollectionInfo,
  CreateDatabaseOptions,
  EmulatorDatabase,
  FindOptions,
  QueryExplanation,
  ResponseBody,
} from './types';

const randomHex = () => randomBytes(16).toString('hex');

export function createDatabase(options: CreateDatabaseOptions): EmulatorDatabase {
  const store = new Store(options.sqlite, parseIndexesFile(options.indexes));
  const txm = new TransactionManager({
    timeoutMs: options.transactionTimeoutMs ?? 30_000,
    lifetimeMs: options.transactionLifetimeMs ?? 30_000,
    opMs: options.transactionOpMs ?? 20,
    now: () => performance.now(),
    newId: randomHex,
  });
  const ctx: DbContext = {
    store,
    txm,
    clock: options.clock,
    newId: options.newId ?? randomHex,
    lockWaitMs: options.lockWaitMs ?? 5_000,
    defaultEnv: options.env ?? 'local',
  };

  async function dispatch(action: string, params: Params): Promise<ResponseBody> {
    switch (action) {
      case 'database.getDocument':
        return getDocument(ctx, params);
      case 'database.calculateDocument':
        return calculateDocument(ctx, params);
      case 'database.insertDocument':
        return insertDocument(ctx, params);
      case 'database.modifyDocument':
        return modifyDocument(ctx, params);
      case 'database.removeDocument':
        return removeDocument(ctx, params);
      case 'database.modifyAndReturnDoc':
        return modifyAndReturnDoc(ctx, params);
      case 'database.aggregateDocuments':
        return aggregateDocuments(ctx, params);
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
        commit(ctx, txm.use(String(params.transactionId ?? '')), envOf(ctx, params));
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
      requireCollection(ctx, collection);
      return select(ctx, collection, query, opts).map((m) => m.doc);
    },

    count(collection, query = {}) {
      requireCollection(ctx, collection);
      return countOf(ctx, collection, query);
    },

    insertMany(collection, docs) {
      requireCollection(ctx, collection);
      const prepared = docs.map((doc) => withId(ctx, doc));
      store.transaction(() => {
        for (const doc of prepared) writeRow(ctx, collection, ctx.defaultEnv, 'insert', doc);
      });
      noteChanges(
        ctx,
        prepared.map((doc) => ({ key: docKey(collection, doc._id as DocId), previous: null })),
      );
      return prepared.map((doc) => doc._id as DocId);
    },

    drop(collection) {
      requireCollection(ctx, collection);
      for (const tx of txm.active()) {
        if ([...tx.writes.values()].some((w) => w.collection === collection))
          txm.abort(tx, 'aborted');
      }
      store.drop(collection);
    },

    explain(collection, query = {}) {
      requireCollection(ctx, collection);
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
