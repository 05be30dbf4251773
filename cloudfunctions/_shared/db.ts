/**
 * Small helpers over the CloudBase database API (wx-server-sdk), shared by all functions.
 * Only what the SDK lacks: a not-found-as-null get, duplicate-key detection, paging.
 */
/* eslint-disable @typescript-eslint/no-explicit-any */
/**
 * The subset of the CloudBase database API we use, typed by what it really answers
 * (the SDK's own typings mix in callback-style `void`). `cloud.database()` satisfies it.
 */
export type Doc = Record<string, any>;
export type Filter = Record<string, unknown>;
export interface Query {
  where(filter: Filter): Query;
  orderBy(field: string, direction: 'asc' | 'desc'): Query;
  limit(n: number): Query;
  skip(n: number): Query;
  field(projection: Record<string, boolean | 0 | 1>): Query;
  get(): Promise<{ data: Doc[] }>;
  count(): Promise<{ total: number }>;
  update(args: { data: Doc }): Promise<{ stats: { updated: number } }>;
  remove(): Promise<{ stats: { removed: number } }>;
}
export interface DocRef {
  get(): Promise<{ data: Doc }>;
  update(args: { data: Doc }): Promise<{ stats: { updated: number } }>;
  set(args: { data: Doc }): Promise<{ _id?: string; stats: { updated: number; created?: number } }>;
  remove(): Promise<{ stats: { removed: number } }>;
}
export interface Collection extends Query {
  doc(id: string): DocRef;
  add(args: { data: Doc }): Promise<{ _id: string }>;
  aggregate(): any;
}
export interface Transaction {
  collection(name: string): {
    doc(id: string): DocRef;
    add(args: { data: Doc }): Promise<{ _id: string }>;
  };
  rollback(reason?: unknown): Promise<unknown>;
}
export interface Database {
  collection(name: string): Collection;
  command: any;
  serverDate(): unknown;
  runTransaction<T>(fn: (tx: Transaction) => Promise<T>, retries?: number): Promise<T>;
}

/** CloudBase (MongoDB) reports a unique-index violation as E11000 "duplicate key". */
export function isDuplicateKeyError(e: unknown): boolean {
  if (typeof e !== 'object' || e === null) return false;
  const text = `${(e as { errMsg?: string }).errMsg ?? ''} ${(e as { message?: string }).message ?? ''}`;
  return /E11000|duplicate key/i.test(text);
}

/** `doc(id).get()` that answers null instead of throwing when the document is missing. */
export async function getById<T>(
  db: Database,
  collection: string,
  id: string,
): Promise<(T & { _id: string }) | null> {
  const res = await db.collection(collection).where({ _id: id }).limit(1).get();
  const doc = (res.data as unknown[])[0];
  return (doc as (T & { _id: string }) | undefined) ?? null;
}

/**
 * Insert a document whose `_id` is a key (an outbox message, a reminder); when the key was
 * used before, answer the stored document instead — intending something twice is a no-op.
 */
export async function addOrGet<T extends { _id: string }>(
  db: Database,
  collection: string,
  doc: T,
): Promise<{ doc: T; created: boolean }> {
  try {
    await db.collection(collection).add({ data: doc });
    return { doc, created: true };
  } catch (e) {
    if (!isDuplicateKeyError(e)) throw e;
  }
  const existing = await getById<T>(db, collection, doc._id);
  if (!existing) throw new Error(`${collection} ${doc._id}: duplicate key but no document`);
  return { doc: existing, created: false };
}

/** First document matching a (fully defined) filter, or null. */
export async function findOne<T>(
  db: Database,
  collection: string,
  filter: Record<string, unknown>,
): Promise<(T & { _id: string }) | null> {
  assertDefined(filter);
  const res = await db.collection(collection).where(filter).limit(1).get();
  const doc = (res.data as unknown[])[0];
  return (doc as (T & { _id: string }) | undefined) ?? null;
}

/**
 * The SDK silently drops undefined keys from a filter, widening it
 * (`where({storeId, phone: undefined})` matches the whole store). Refuse such filters.
 */
export function assertDefined(filter: Record<string, unknown>): void {
  for (const [key, value] of Object.entries(filter)) {
    if (value === undefined) throw new Error(`filter key ${key} is undefined`);
  }
}

/**
 * A transaction that collided with another one, as wx-server-sdk surfaces it. The server
 * answers `{code: 'DATABASE_TRANSACTION_CONFLICT', message: '[ResourceUnavailable.
 * TransactionConflict] Transaction is conflict, maybe resource operated by others. …'}`; on
 * a transactional doc().get/update/set/remove the SDK's toSDKError drops the code, leaving
 * errCode -501001 (a code it has no number for) and errMsg `document.update:fail -501001
 * resource system error. <server message>`; commit and runTransaction keep `code`.
 * An expired transaction (DATABASE_TRANSACTION_FAIL) or a refused parallel request is not a
 * conflict: retrying it would not help.
 */
export function isTransactionConflict(e: unknown): boolean {
  if (typeof e !== 'object' || e === null) return false;
  if ((e as { code?: unknown }).code === 'DATABASE_TRANSACTION_CONFLICT') return true;
  if ((e as { errCode?: unknown }).errCode !== -501001) return false;
  const errMsg = String((e as { errMsg?: unknown }).errMsg ?? '');
  return /\[ResourceUnavailable\.TransactionConflict\]|Transaction is conflict/.test(errMsg);
}

/**
 * `db.runTransaction` that really retries conflicts. wx-server-sdk's own retry loop only
 * recognises a conflict reported at commit (`code: DATABASE_TRANSACTION_CONFLICT`), but
 * CloudBase reports most conflicts on the conflicting write as a plain -501001 error; this
 * wrapper retries both, with a short jittered back-off, and rethrows anything else
 * (including AppErrors thrown by `fn` to abort).
 */
export async function runTransaction<T>(
  db: Database,
  fn: (tx: Transaction) => Promise<T>,
  { attempts = 5, backoffMs = 15 }: { attempts?: number; backoffMs?: number } = {},
): Promise<T> {
  for (let attempt = 1; ; attempt++) {
    try {
      return await db.runTransaction(fn, 0); // 0: no SDK retry; this loop retries (after the SDK rolled back)
    } catch (e) {
      if (!isTransactionConflict(e) || attempt >= attempts) throw e;
      await new Promise((r) =>
        setTimeout(r, backoffMs * attempt + Math.floor(Math.random() * backoffMs)),
      );
    }
  }
}
