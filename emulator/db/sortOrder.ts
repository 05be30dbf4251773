/*
 * MongoDB's (so CloudBase's) sort of a field that holds arrays: ascending compares each
 * array's smallest element, descending its largest; an empty array sorts before null and
 * missing fields in both directions (MongoDB manual, "Comparison/Sort Order"). mingo compares
 * the arrays whole, which puts `[5, 20]` after `10` in a descending sort. Values of different
 * types compare in BSON order (null < numbers < strings < objects < arrays < booleans <
 * dates), as mingo's `compare` does; ties keep their stored order.
 */
import { compare, resolve } from 'mingo/util';
import type { Doc } from './ejson';

const BELOW_ALL = Symbol('empty array');

function sortKey(value: unknown, direction: 1 | -1): unknown {
  if (!Array.isArray(value)) return value === undefined ? null : value;
  if (value.length === 0) return BELOW_ALL;
  let best: unknown = value[0];
  for (const el of value) if (compare(el, best) * direction < 0) best = el;
  return best;
}

function compareKeys(a: unknown, b: unknown): number {
  if (a === BELOW_ALL || b === BELOW_ALL) return a === b ? 0 : a === BELOW_ALL ? -1 : 1;
  return compare(a, b);
}

/** `docs` sorted by `sort` (`{field: 1 | -1, …}`), stable. */
export function sortDocuments(docs: Doc[], sort: Record<string, 1 | -1>): Doc[] {
  const fields = Object.entries(sort).map(([f, d]) => [f, d === -1 ? -1 : 1] as const);
  return docs
    .map((doc, index) => ({
      doc,
      index,
      keys: fields.map(([field, dir]) => sortKey(resolve(doc, field), dir)),
    }))
    .sort((a, b) => {
      for (let i = 0; i < fields.length; i++) {
        const c = compareKeys(a.keys[i], b.keys[i]);
        if (c !== 0) return c * fields[i][1];
      }
      return a.index - b.index;
    })
    .map((entry) => entry.doc);
}
