/**
 * Document operations inside a CloudBase transaction (bookkeeping: transactions.ts). A
 * transaction reads its own pending write, else its snapshot, else the stored document;
 * a write takes the document's lock and stays pending; commit stores every pending write
 * in one SQLite transaction, unless someone else changed one of those documents meanwhile.
 */
import type { DbContext } from './context';
import { decodeDoc, type Doc } from './ejson';
import { DbError, dbErrors } from './errors';
import { noteChanges, type Change } from './locks';
import type { DocId } from './store';
import { docKey, type Tx } from './transactions';
import { checkUniqueInTx, writeRow } from './uniqueKeys';

export function txRead(ctx: DbContext, tx: Tx, collection: string, id: DocId): Doc | null {
  const key = docKey(collection, id);
  const pending = tx.writes.get(key);
  if (pending) return pending.doc ? structuredClone(pending.doc) : null;
  if (tx.snapshot.has(key)) {
    const previous = tx.snapshot.get(key);
    return previous ? decodeDoc(previous) : null;
  }
  const text = ctx.store.get(collection, id);
  return text === undefined ? null : decodeDoc(text);
}

/** Runs a transactional operation; any failure other than a lookup aborts the transaction (MongoDB does). */
export function inTx<T>(ctx: DbContext, tx: Tx, fn: () => T): T {
  try {
    return fn();
  } catch (error) {
    ctx.txm.abort(
      tx,
      error instanceof DbError && error.code === 'DATABASE_TRANSACTION_CONFLICT'
        ? 'conflict'
        : 'failed',
    );
    throw error;
  }
}

/** A pending write (`null`: delete) of one document, under its lock. */
export function txWrite(
  ctx: DbContext,
  tx: Tx,
  collection: string,
  env: string,
  id: DocId,
  doc: Doc | null,
): void {
  const key = docKey(collection, id);
  ctx.txm.lockForWrite(tx, key);
  if (doc) checkUniqueInTx(ctx, tx, collection, env, doc);
  ctx.txm.recordWrite(tx, key, { collection, id, doc });
}

export function commit(ctx: DbContext, tx: Tx, env: string): void {
  const { store, txm } = ctx;
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
          writeRow(ctx, write.collection, env, previous === null ? 'insert' : 'update', write.doc);
        }
        changes.push({ key, previous });
      }
    });
  } catch (error) {
    txm.abort(tx, 'failed');
    throw error;
  }
  noteChanges(ctx, changes, tx);
  txm.commitDone(tx);
}
