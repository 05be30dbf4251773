/**
 * Reading the parameters of one SDK request: the collection, the env, EJSON-encoded
 * queries and documents, ids and limits — each refused with the error CloudBase gives.
 */
import { isDate, isRegExp } from 'node:util/types';
import type { DbContext } from './context';
import { parseWire, type Doc } from './ejson';
import { dbErrors, DbError } from './errors';
import type { DocId } from './store';

export type Params = Record<string, unknown>;

const DEFAULT_LIMIT = 100;
const MAX_LIMIT = 1000;

export function isObject(value: unknown): value is Doc {
  return (
    value !== null &&
    typeof value === 'object' &&
    !Array.isArray(value) &&
    !isDate(value) &&
    !isRegExp(value)
  );
}

export function isDocId(value: unknown): value is DocId {
  return (
    (typeof value === 'string' && value.length > 0) ||
    (typeof value === 'number' && Number.isFinite(value))
  );
}

/** The transaction a request belongs to, if any. */
export function transactionIdOf(params: Params): string | undefined {
  return typeof params.transactionId === 'string' && params.transactionId
    ? params.transactionId
    : undefined;
}

export function envOf(ctx: DbContext, params: Params): string {
  return typeof params.envName === 'string' && params.envName ? params.envName : ctx.defaultEnv;
}

export function requireCollection(ctx: DbContext, name: string): void {
  if (!ctx.store.has(name)) throw dbErrors.collectionNotExist(name);
}

export function collectionOf(ctx: DbContext, params: Params): string {
  const name = params.collectionName;
  if (typeof name !== 'string' || !name) throw dbErrors.invalidParam('collectionName is required');
  requireCollection(ctx, name);
  return name;
}

export function decodeObject(ctx: DbContext, raw: unknown, what: string): Doc {
  const value = parseWire(raw, ctx.clock);
  if (value === undefined) return {};
  if (!isObject(value)) throw dbErrors.invalidParam(`${what} must be an object`);
  return value;
}

export function docIdOf(query: Doc): DocId {
  const id = query._id;
  if (!isDocId(id))
    throw dbErrors.invalidParam('a document operation needs a string or number _id');
  return id;
}

export function clampLimit(raw: unknown): number {
  const n = Number(raw);
  if (!Number.isFinite(n) || n <= 0) return DEFAULT_LIMIT;
  return Math.min(Math.floor(n), MAX_LIMIT);
}

/** A document to insert, `_id` first (generated when missing). */
export function withId(ctx: DbContext, doc: Doc): Doc {
  const id = doc._id === undefined ? ctx.newId() : doc._id;
  if (!isDocId(id)) throw dbErrors.invalidParam('_id must be a non-empty string or a number');
  const { _id: _ignored, ...rest } = doc;
  return { _id: id, ...rest };
}

export function newDocument(ctx: DbContext, raw: unknown): Doc {
  const doc = parseWire(raw, ctx.clock);
  if (!isObject(doc)) throw dbErrors.invalidParam('each document to insert must be an object');
  return withId(ctx, doc);
}

/** mingo rejecting a query or pipeline is a failed database request, as on CloudBase. */
export function asRequestFailure<T>(fn: () => T): T {
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
