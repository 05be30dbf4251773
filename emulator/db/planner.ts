/*
 * Access-path choice. A query's top-level equality / `$in` constraints (also inside a
 * top-level `$and`) select the candidates: `_id` → primary key; otherwise the declared index
 * whose leading fields are constrained (most fields wins, unique first) → SQL on that
 * expression index; otherwise a scan of the collection. Candidates are always a superset:
 * mingo filters them afterwards, so the plan never decides what matches, only what is read.
 * An index whose field has ever held an array is skipped (MongoDB matches array elements,
 * json_extract equality would not).
 */
import { isDate, isRegExp } from 'node:util/types';
import type { Doc } from './ejson';
import type { IndexDef } from './indexSpec';
import { toSqlValue, type SqlValue } from './indexValues';
import type { DocId, Store } from './store';

export type Plan =
  | { kind: 'primaryKey'; ids: DocId[] }
  | { kind: 'index'; index: IndexDef; values: SqlValue[][] }
  | { kind: 'scan' };

const MAX_LOOKUP_VALUES = 500;

function isPlainObject(value: unknown): value is Doc {
  return (
    value !== null &&
    typeof value === 'object' &&
    !Array.isArray(value) &&
    !isDate(value) &&
    !isRegExp(value)
  );
}

/** Alternatives each constrained field must equal, e.g. `{phone: ['138…']}`, `{status: ['a', 'b']}`. */
function equalityConstraints(query: Doc): Map<string, unknown[]> {
  const out = new Map<string, unknown[]>();
  const visit = (q: Doc) => {
    for (const [key, value] of Object.entries(q)) {
      if (key === '$and' && Array.isArray(value)) {
        for (const part of value) if (isPlainObject(part)) visit(part);
        continue;
      }
      if (key.startsWith('$') || out.has(key)) continue;
      const alternatives = alternativesOf(value);
      if (alternatives) out.set(key, alternatives);
    }
  };
  visit(query);
  return out;
}

function alternativesOf(value: unknown): unknown[] | undefined {
  if (isRegExp(value) || Array.isArray(value)) return undefined;
  if (!isPlainObject(value)) return [value];
  const keys = Object.keys(value);
  if (keys.length === 0 || !keys.every((k) => k.startsWith('$'))) return undefined; // sub-document equality
  if ('$eq' in value) return alternativesOf(value.$eq);
  if (
    Array.isArray(value.$in) &&
    value.$in.every((v) => !isRegExp(v) && !Array.isArray(v) && !isPlainObject(v))
  ) {
    return value.$in;
  }
  return undefined;
}

export function planQuery(store: Store, collection: string, query: Doc): Plan {
  const constraints = equalityConstraints(query);
  const ids = constraints.get('_id');
  if (
    ids &&
    ids.length <= MAX_LOOKUP_VALUES &&
    ids.every((id) => typeof id === 'string' || typeof id === 'number')
  ) {
    return { kind: 'primaryKey', ids: ids as DocId[] };
  }
  let best: { index: IndexDef; values: SqlValue[][] } | undefined;
  for (const index of store.indexesOf(collection)) {
    const values: SqlValue[][] = [];
    let total = 0;
    for (const field of index.fields) {
      const alternatives = constraints.get(field);
      if (!alternatives || store.isMultikey(collection, field)) break;
      const sqlValues = alternatives.map(toSqlValue);
      if (sqlValues.length === 0 || sqlValues.some((v) => v === undefined)) break;
      total += sqlValues.length;
      if (total > MAX_LOOKUP_VALUES) break;
      values.push(sqlValues as SqlValue[]);
    }
    if (values.length === 0) continue;
    const better =
      !best ||
      values.length > best.values.length ||
      (values.length === best.values.length && index.unique && !best.index.unique);
    if (better) best = { index, values };
  }
  return best ? { kind: 'index', ...best } : { kind: 'scan' };
}
