/**
 * Unique indexes. SQLite enforces them on every stored row (expression indexes over the
 * documents); this module writes rows and turns a constraint failure into the duplicate-key
 * error CloudBase (MongoDB E11000) answers, naming the index and key. Inside a transaction
 * nothing is stored until commit, so a write is checked against the stored documents and the
 * transaction's own pending writes at once (best effort: commit re-checks through SQLite).
 */
import type { DbContext } from './context';
import { encodeDoc, type Doc } from './ejson';
import { dbErrors, type DbError } from './errors';
import { tableNameOf, type IndexDef } from './indexSpec';
import { getPath, toSqlValue } from './indexValues';
import type { DocId } from './store';
import { docKey, type Tx } from './transactions';

function sqliteCode(error: unknown): string {
  const code = (error as { code?: unknown } | null)?.code;
  return typeof code === 'string' ? code : '';
}

function keyOf(doc: Doc, index: IndexDef): Doc {
  const key: Doc = {};
  for (const field of index.fields) key[field] = getPath(doc, field) ?? null;
  return key;
}

function duplicateError(
  ctx: DbContext,
  collection: string,
  env: string,
  doc: Doc,
  error: unknown,
  operation: 'insert' | 'update',
): DbError {
  const { store } = ctx;
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
  return dbErrors.duplicateKey({
    env,
    collection,
    index: index.name,
    key: keyOf(doc, index),
    operation,
  });
}

/**
 * Stores `doc` (a new row or a replacement); a unique-index clash throws CloudBase's
 * duplicate-key error for `operation` (an upsert inserts but reports 'update'). Answers the text stored.
 */
export function writeRow(
  ctx: DbContext,
  collection: string,
  env: string,
  kind: 'insert' | 'update',
  doc: Doc,
  operation: 'insert' | 'update' = kind,
): string {
  const text = encodeDoc(doc);
  try {
    if (kind === 'insert') ctx.store.insert(collection, doc._id as DocId, doc, text);
    else ctx.store.update(collection, doc._id as DocId, doc, text);
  } catch (error) {
    if (sqliteCode(error).startsWith('SQLITE_CONSTRAINT'))
      throw duplicateError(ctx, collection, env, doc, error, operation);
    throw error;
  }
  return text;
}

function uniqueKey(doc: Doc, index: IndexDef): string {
  return JSON.stringify(
    index.fields.map((f) => {
      const v = toSqlValue(getPath(doc, f));
      return Buffer.isBuffer(v) ? null : v;
    }),
  );
}

/** Best-effort unique check of a transactional write (commit re-checks through SQLite). */
export function checkUniqueInTx(
  ctx: DbContext,
  tx: Tx,
  collection: string,
  env: string,
  doc: Doc,
): void {
  for (const index of ctx.store.indexesOf(collection)) {
    if (!index.unique) continue;
    const key = uniqueKey(doc, index);
    const clash = (other: Doc) => uniqueKey(other, index) === key;
    const holder = ctx.store.findUniqueHolder(collection, index, doc, doc._id as DocId);
    let duplicate = false;
    if (holder !== undefined) {
      const pending = tx.writes.get(docKey(collection, holder));
      duplicate = !pending || (pending.doc !== null && clash(pending.doc));
    }
    for (const write of tx.writes.values()) {
      if (write.collection === collection && write.doc && write.id !== doc._id && clash(write.doc))
        duplicate = true;
    }
    if (duplicate) {
      throw dbErrors.duplicateKey({
        env,
        collection,
        index: index.name,
        key: keyOf(doc, index),
        operation: 'insert',
      });
    }
  }
}
