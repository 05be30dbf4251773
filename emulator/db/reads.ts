/**
 * Which stored documents a query matches: the planner picks the candidates (primary key,
 * an index or a scan), mingo decides, in natural (insertion) order.
 */
import type { DbContext } from './context';
import { decodeDoc, type Doc } from './ejson';
import { planQuery } from './planner';
import { asRequestFailure } from './request';
import { compileQuery, shape } from './semantics';
import type { Row } from './store';
import type { FindOptions } from './types';

export interface Match {
  doc: Doc;
  /** the stored text, sent back as is when the document is returned untouched */
  text: string;
}

function candidates(ctx: DbContext, collection: string, query: Doc): Iterable<Row> {
  const plan = planQuery(ctx.store, collection, query);
  if (plan.kind === 'primaryKey') return ctx.store.getMany(collection, plan.ids);
  if (plan.kind === 'index') return ctx.store.lookup(collection, plan.index, plan.values);
  return ctx.store.scan(collection);
}

/** Matching documents in natural order; stops early when only the first `max` are needed. */
export function matches(ctx: DbContext, collection: string, query: Doc, max = Infinity): Match[] {
  const matchAll = Object.keys(query).length === 0;
  const compiled = matchAll ? undefined : asRequestFailure(() => compileQuery(query));
  const out: Match[] = [];
  if (max <= 0) return out;
  for (const row of candidates(ctx, collection, query)) {
    const doc = decodeDoc(row.doc);
    if (compiled && !compiled.test(doc)) continue;
    out.push({ doc, text: row.doc });
    if (out.length >= max) break;
  }
  return out;
}

/** find(): documents plus, where untouched, their stored text (sent back as is). */
export function select(
  ctx: DbContext,
  collection: string,
  query: Doc,
  opts: FindOptions,
): Array<{ doc: Doc; text?: string }> {
  const skip = Math.max(0, opts.skip ?? 0);
  const limit = opts.limit;
  const sorted = opts.sort && Object.keys(opts.sort).length > 0;
  const projected = opts.projection && Object.keys(opts.projection).length > 0;
  if (!sorted) {
    const page = matches(
      ctx,
      collection,
      query,
      limit === undefined ? Infinity : skip + limit,
    ).slice(skip);
    if (!projected) return page;
    return shape(
      page.map((m) => m.doc),
      { projection: opts.projection },
    ).map((doc) => ({ doc }));
  }
  const all = matches(ctx, collection, query).map((m) => m.doc);
  return shape(all, { sort: opts.sort, skip, limit, projection: opts.projection }).map((doc) => ({
    doc,
  }));
}

export function countOf(ctx: DbContext, collection: string, query: Doc): number {
  if (Object.keys(query).length === 0) return ctx.store.count(collection);
  return matches(ctx, collection, query).length;
}

/** Every document of a collection, decoded (aggregation input and `$lookup`). */
export function allDocs(ctx: DbContext, collection: string): Doc[] {
  return [...ctx.store.scan(collection)].map((r) => decodeDoc(r.doc));
}
