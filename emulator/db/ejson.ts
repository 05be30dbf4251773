/*
 * Value codecs of the database emulator, over the `bson` package's EJSON — the library
 * @cloudbase/database itself uses on both ends (bson 4.7, as the SDK depends on).
 *
 * Wire (SDK → emulator): the SDK sends queries, updates, documents, sort and projection
 * specs as canonical EJSON text (`{"$numberInt":"5"}`, `{"$date":{"$numberLong":…}}`,
 * `{"$regularExpression":…}`). `parseWire` reads it with `EJSON.parse` (relaxed: numbers
 * come back as numbers) and adds the thin layer of what BSON leaves to the emulator:
 *  - CloudBase's own `{"$tcb_server_date":{"offset":…}}` (db.serverDate()) becomes a Date
 *    on the emulator clock at decode time, as CloudBase resolves it on arrival;
 *  - BSON classes the query engine (mingo) cannot compare become plain JS values: a
 *    BSONRegExp a RegExp (MongoDB options i m x s u; JavaScript keeps i m s u), an ObjectId
 *    its hex string, a Decimal128 or Long a number.
 *
 * Storage (SQLite) and the way back (emulator → SDK): relaxed EJSON text, as
 * `EJSON.stringify(value, {relaxed: true})` writes each value (a Date is
 * `{"$date":"2026-05-01T08:00:00Z"}`, a RegExp `{"$regularExpression":…}`, NaN
 * `{"$numberDouble":"NaN"}`), so a stored document goes back to the SDK (which runs
 * `EJSON.parse` on every list item) without re-encoding, and `json_extract` over it yields
 * scalars that expression indexes can use. Properties holding `undefined` are left out
 * (bson would write null). Reading parses the JSON and hands each wrapper to bson.
 */
import { EJSON, type Document } from 'bson';
import { isDate, isRegExp } from 'node:util/types';

export type Clock = () => number;
export type Doc = Record<string, unknown>;

const RELAXED = { relaxed: true } as const;

function singleKey(value: object): string | undefined {
  let found: string | undefined;
  for (const key in value) {
    if (found !== undefined) return undefined;
    found = key;
  }
  return found;
}

/** A BSON value mingo can work with, or undefined when it stays as bson made it. */
function plainOfBson(value: { _bsontype: string }): unknown {
  const bson = value as unknown as {
    _bsontype: string;
    pattern: string;
    options: string;
    toHexString(): string;
    toNumber(): number;
    toString(): string;
  };
  switch (bson._bsontype) {
    case 'BSONRegExp':
      return new RegExp(bson.pattern, [...bson.options].filter((f) => 'imsu'.includes(f)).join(''));
    case 'ObjectID':
    case 'ObjectId':
      return bson.toHexString();
    case 'Long':
      return bson.toNumber();
    case 'Decimal128':
    case 'Int32':
    case 'Double':
      return Number(bson.toString());
    default:
      return undefined;
  }
}

/** Replaces, in place, what EJSON.parse made that the emulator works with differently. */
function toPlain(value: unknown, clock?: Clock): unknown {
  if (value === null || typeof value !== 'object' || isDate(value)) return value;
  if (Array.isArray(value)) {
    for (let i = 0; i < value.length; i++) value[i] = toPlain(value[i], clock);
    return value;
  }
  const record = value as Record<string, unknown>;
  if (typeof record._bsontype === 'string')
    return plainOfBson(record as { _bsontype: string }) ?? value;
  if (clock && singleKey(record) === '$tcb_server_date') {
    const spec = record.$tcb_server_date as { offset?: unknown } | null;
    const offset = Number(spec?.offset ?? 0);
    return new Date(clock() + (Number.isFinite(offset) ? offset : 0));
  }
  for (const key in record) record[key] = toPlain(record[key], clock);
  return record;
}

/** Parses an EJSON string sent by the SDK. Empty or missing text means "no value". */
export function parseWire(text: unknown, clock: Clock): unknown {
  if (text === undefined || text === null || text === '') return undefined;
  const value =
    typeof text === 'string'
      ? EJSON.parse(text, RELAXED)
      : EJSON.deserialize(text as Document, RELAXED);
  return toPlain(value, clock);
}

/** One value as relaxed EJSON (a JSON-ready tree), `undefined` properties left out. */
function toEJSON(value: unknown): unknown {
  if (value === null || typeof value !== 'object') {
    return typeof value === 'number' && !Number.isFinite(value)
      ? EJSON.serialize(value, RELAXED)
      : value;
  }
  if (Array.isArray(value)) return value.map(toEJSON);
  if (isDate(value) || isRegExp(value) || typeof (value as Doc)._bsontype === 'string')
    return EJSON.serialize(value as Document, RELAXED);
  if (typeof (value as { toJSON?: unknown }).toJSON === 'function')
    return toEJSON((value as { toJSON(): unknown }).toJSON());
  const out: Record<string, unknown> = {};
  for (const key in value as Doc) {
    const item = (value as Doc)[key];
    if (item !== undefined && typeof item !== 'function') out[key] = toEJSON(item);
  }
  return out;
}

/** Relaxed EJSON text for storage and for the response to the SDK. */
export function encodeDoc(value: unknown): string {
  return JSON.stringify(toEJSON(value));
}

/** Reads a stored document (or any value encoded by `encodeDoc`). */
export function decodeDoc<T = Doc>(text: string): T {
  const parsed: unknown = JSON.parse(text);
  // Most documents carry no wrapped values: skip the walk then.
  return (text.includes('"$') ? fromStored(parsed) : parsed) as T;
}

/** Hands each EJSON wrapper (`{"$date": …}`: one `$` key, as `encodeDoc` writes them) to bson. */
function fromStored(value: unknown): unknown {
  if (value === null || typeof value !== 'object') return value;
  if (Array.isArray(value)) {
    for (let i = 0; i < value.length; i++) value[i] = fromStored(value[i]);
    return value;
  }
  const record = value as Record<string, unknown>;
  const key = singleKey(record);
  if (key !== undefined && key[0] === '$') return toPlain(EJSON.deserialize(record, RELAXED));
  for (const k in record) record[k] = fromStored(record[k]);
  return record;
}

/** The text `json_extract` yields for a stored Date, used to look dates up in an index. */
export function storedDateText(date: Date): string {
  return encodeDoc(date);
}
