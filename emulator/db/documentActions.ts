/**
 * The document actions of the SDK (`database.getDocument`, `calculateDocument`,
 * `insertDocument`, `modifyDocument`, `removeDocument`, `modifyAndReturnDoc`), each either
 * inside a transaction (one document by `_id`, pending until commit) or as a plain request
 * (one SQLite transaction, waiting out transaction locks), with the response bodies
 * @cloudbase/database parses.
 */
import type { DbContext } from './context';
import { encodeDoc, type Doc } from './ejson';
import { dbErrors } from './errors';
import { lockedBy, plainWrite, type Attempt } from './locks';
import { countOf, matches, select, type Match } from './reads';
import {
  clampLimit,
  collectionOf,
  decodeObject,
  docIdOf,
  envOf,
  isDocId,
  newDocument,
  transactionIdOf,
  type Params,
} from './request';
import { applyModifier, normalizeModifier, shape, upsertDocument } from './semantics';
import type { DocId } from './store';
import { docKey } from './transactions';
import { inTx, txRead, txWrite } from './transactionOps';
import type { ResponseBody } from './types';
import { writeRow } from './uniqueKeys';

/** What a plain write changes (all matches, or the first), or the transaction locking one of them. */
function writeTargets(
  ctx: DbContext,
  collection: string,
  query: Doc,
  multi: boolean,
): Attempt<Match[]> {
  const found = matches(ctx, collection, query, multi ? Infinity : 1);
  const holder = lockedBy(
    ctx,
    collection,
    found.map((m) => m.doc._id as DocId),
  );
  return holder ? { blocked: holder } : { value: found };
}

export async function getDocument(ctx: DbContext, params: Params): Promise<ResponseBody> {
  const collection = collectionOf(ctx, params);
  const query = decodeObject(ctx, params.query, 'query');
  const projection = decodeObject(ctx, params.projection, 'projection');
  const txId = transactionIdOf(params);
  if (txId) {
    const tx = ctx.txm.use(txId);
    if (params.queryType !== 'DOC') throw dbErrors.batchInTransaction();
    const doc = txRead(ctx, tx, collection, docIdOf(query));
    const list = doc ? shape([doc], { projection }).map((d) => encodeDoc(d)) : [];
    return { data: { list } };
  }
  const limit = clampLimit(params.limit);
  const offset = Math.max(0, Number(params.offset) || 0);
  const sort = decodeObject(ctx, params.order, 'order') as Record<string, 1 | -1>;
  const list = select(ctx, collection, query, { limit, skip: offset, sort, projection }).map(
    (m) => m.text ?? encodeDoc(m.doc),
  );
  return { data: { list, limit, offset } };
}

export async function calculateDocument(ctx: DbContext, params: Params): Promise<ResponseBody> {
  const collection = collectionOf(ctx, params);
  const query = decodeObject(ctx, params.query, 'query');
  return { data: { total: countOf(ctx, collection, query) } };
}

export async function insertDocument(ctx: DbContext, params: Params): Promise<ResponseBody> {
  const collection = collectionOf(ctx, params);
  const env = envOf(ctx, params);
  if (!Array.isArray(params.data) || params.data.length === 0)
    throw dbErrors.invalidParam('data must be a non-empty array');
  const docs = params.data.map((raw) => newDocument(ctx, raw));
  const insertedIds = docs.map((d) => d._id as DocId);
  const txId = transactionIdOf(params);
  if (txId) {
    const tx = ctx.txm.use(txId);
    inTx(ctx, tx, () => {
      for (const doc of docs) {
        if (txRead(ctx, tx, collection, doc._id as DocId)) {
          throw dbErrors.duplicateKey({
            env,
            collection,
            index: '_id_',
            key: { _id: doc._id },
            operation: 'insert',
          });
        }
        txWrite(ctx, tx, collection, env, doc._id as DocId, doc);
      }
    });
    return { data: { insertedIds } };
  }
  await plainWrite(ctx, (changes) => {
    const holder = lockedBy(ctx, collection, insertedIds);
    if (holder) return { blocked: holder };
    for (const doc of docs) {
      writeRow(ctx, collection, env, 'insert', doc);
      changes.push({ key: docKey(collection, doc._id as DocId), previous: null });
    }
    return { value: undefined };
  });
  return { data: { insertedIds } };
}

export async function modifyDocument(ctx: DbContext, params: Params): Promise<ResponseBody> {
  const collection = collectionOf(ctx, params);
  const env = envOf(ctx, params);
  const query = decodeObject(ctx, params.query, 'query');
  const data = decodeObject(ctx, params.data, 'data');
  const merge = params.merge !== false;
  const upsert = params.upsert === true;
  const multi = params.multi === true && params.queryType !== 'DOC';
  if (!merge && Object.keys(data).some((k) => k.startsWith('$'))) {
    throw dbErrors.writeFailed('the replacement document must not contain update operators');
  }
  const modifier = merge ? normalizeModifier(data, ctx.clock) : undefined;
  const { _id: _dropped, ...replacement } = data;
  const replace = (id: unknown): Doc => ({ _id: id, ...replacement });

  const txId = transactionIdOf(params);
  if (txId) {
    const tx = ctx.txm.use(txId);
    if (params.queryType !== 'DOC') throw dbErrors.batchInTransaction();
    const id = docIdOf(query);
    return inTx(ctx, tx, () => {
      const current = txRead(ctx, tx, collection, id);
      if (modifier) {
        if (!current) return { data: { updated: 0 } };
        const next = applyModifier(current, modifier, query);
        if (!next.changed) return { data: { updated: 0 } };
        txWrite(ctx, tx, collection, env, id, next.doc);
        return { data: { updated: 1 } };
      }
      txWrite(ctx, tx, collection, env, id, replace(id));
      return current ? { data: { updated: 1 } } : { data: { updated: 0, upsert_id: id } };
    });
  }

  const result = await plainWrite<{ updated: number; upsert_id?: DocId }>(ctx, (changes) => {
    const targets = writeTargets(ctx, collection, query, multi);
    if ('blocked' in targets) return targets;
    const found = targets.value;
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
      const text = writeRow(ctx, collection, env, 'update', next);
      if (text === match.text) continue;
      changes.push({ key: docKey(collection, match.doc._id as DocId), previous: match.text });
      updated++;
    }
    if (found.length > 0 || !upsert) return { value: { updated } };
    const id = isDocId(query._id) ? query._id : ctx.newId();
    const upsertHolder = lockedBy(ctx, collection, [id]);
    if (upsertHolder) return { blocked: upsertHolder };
    const doc = modifier ? upsertDocument(id, query, modifier) : replace(id);
    writeRow(ctx, collection, env, 'insert', doc, 'update');
    changes.push({ key: docKey(collection, id), previous: null });
    return { value: { updated: 0, upsert_id: id } };
  });
  return { data: result };
}

export async function removeDocument(ctx: DbContext, params: Params): Promise<ResponseBody> {
  const collection = collectionOf(ctx, params);
  const query = decodeObject(ctx, params.query, 'query');
  const multi = params.multi === true && params.queryType !== 'DOC';
  const txId = transactionIdOf(params);
  if (txId) {
    const tx = ctx.txm.use(txId);
    if (params.queryType !== 'DOC') throw dbErrors.batchInTransaction();
    const id = docIdOf(query);
    return inTx(ctx, tx, () => {
      if (!txRead(ctx, tx, collection, id)) return { data: { deleted: 0 } };
      txWrite(ctx, tx, collection, envOf(ctx, params), id, null);
      return { data: { deleted: 1 } };
    });
  }
  const deleted = await plainWrite<number>(ctx, (changes) => {
    const targets = writeTargets(ctx, collection, query, multi);
    if ('blocked' in targets) return targets;
    const found = targets.value;
    for (const match of found) {
      ctx.store.remove(collection, match.doc._id as DocId);
      changes.push({ key: docKey(collection, match.doc._id as DocId), previous: match.text });
    }
    return { value: found.length };
  });
  return { data: { deleted } };
}

export async function modifyAndReturnDoc(ctx: DbContext, params: Params): Promise<ResponseBody> {
  const collection = collectionOf(ctx, params);
  const env = envOf(ctx, params);
  if (transactionIdOf(params)) throw dbErrors.batchInTransaction();
  const query = decodeObject(ctx, params.query, 'query');
  const modifier = normalizeModifier(decodeObject(ctx, params.data, 'data'), ctx.clock);
  const result = await plainWrite<{ updated: number; doc: string | null }>(ctx, (changes) => {
    const [match] = matches(ctx, collection, query, 1);
    if (!match) return { value: { updated: 0, doc: null } };
    const holder = lockedBy(ctx, collection, [match.doc._id as DocId]);
    if (holder) return { blocked: holder };
    const applied = applyModifier(match.doc, modifier, query);
    if (!applied.changed) return { value: { updated: 0, doc: match.text } };
    const text = writeRow(ctx, collection, env, 'update', applied.doc);
    changes.push({ key: docKey(collection, match.doc._id as DocId), previous: match.text });
    return { value: { updated: 1, doc: text } };
  });
  return { data: result };
}
