/**
 * What an index expression over a stored document yields for a value:
 * `COALESCE(json_extract(doc, '$."a"."b"'), X'00')` (indexSpec.ts) gives SQLite scalars for strings, numbers and
 * booleans, the stored EJSON text for dates and sub-documents, and the sentinel for a missing
 * field or null — so equality lookups and unique checks compare like for like.
 */
import { isDate, isRegExp } from 'node:util/types';
import { encodeDoc, storedDateText } from './ejson';

export type SqlValue = string | number | Buffer;

/** What `json_extract(…)` coalesced to the sentinel yields for a missing field or null. */
const NULL_SENTINEL = Buffer.from([0]);

/** Converts a JS value to what the index expression yields for it (for equality lookups). */
export function toSqlValue(value: unknown): SqlValue | undefined {
  if (value === null || value === undefined) return NULL_SENTINEL;
  if (typeof value === 'string') return value;
  if (typeof value === 'number') return Number.isFinite(value) ? value : undefined;
  if (typeof value === 'boolean') return value ? 1 : 0;
  if (isDate(value)) return storedDateText(value);
  if (isRegExp(value)) return undefined;
  if (typeof value === 'object') return encodeDoc(value);
  return undefined;
}

export function getPath(doc: unknown, field: string): unknown {
  let current: unknown = doc;
  for (const segment of field.split('.')) {
    if (current === null || typeof current !== 'object' || Array.isArray(current)) return undefined;
    current = (current as Record<string, unknown>)[segment];
  }
  return current;
}

export function pathHasArray(doc: unknown, field: string): boolean {
  let current: unknown = doc;
  for (const segment of field.split('.')) {
    if (Array.isArray(current)) return true;
    if (current === null || typeof current !== 'object') return false;
    current = (current as Record<string, unknown>)[segment];
  }
  return Array.isArray(current);
}
