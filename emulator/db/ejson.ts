import { isDate, isRegExp } from 'node:util/types';
/*
 * Value codecs of the database emulator.
 *
 * Wire (SDK → emulator): @cloudbase/database sends queries, updates, documents, sort and
 * projection specs as canonical EJSON strings (`{"$numberInt":"5"}`, `{"$date":{"$numberLong":…}}`,
 * `{"$regularExpression":…}`, and CloudBase's own `{"$tcb_server_date":{"offset":…}}`).
 * `parseWire` turns them into plain JS values (numbers, Date, RegExp); server dates are
 * resolved with the emulator clock at decode time, as CloudBase resolves them on arrival.
 *
 * Storage (SQLite) and the way back (emulator → SDK): JSON text where a Date is
 * `{"$date":<ms>}`, a RegExp is `{"$regularExpression":{pattern,options}}` and a non-finite
 * number is `{"$numberDouble":"NaN"}`. That text is valid relaxed EJSON, so a stored document
 * goes back to the SDK (which runs `EJSON.parse` on every list item) without re-encoding,
 * and `json_extract` over it yields scalars that expression indexes can use.
 */

export type Clock = () => number;
export type Doc = Record<string, unknown>;

const NUMBER_WRAPPERS = new Set(['$numberInt', '$numberLong', '$numberDouble', '$numberDecimal']);

function toNumber(raw: unknown): number {
  if (typeof raw === 'number') return raw;
  if (raw === 'Infinity') return Infinity;
  if (raw === '-Infinity') return -Infinity;
  return Number(raw);
}

function toRegExp(spec: unknown): RegExp | undefined {
  if (spec === null || typeof spec !== 'object') return undefined;
  const { pattern, options } = spec as { pattern?: unknown; options?: unknown };
  if (typeof pattern !== 'string') return undefined;
  // MongoDB options i m x s u; JavaScript keeps i m s u.
  const flags = [...String(options ?? '')].filter((f) => 'imsu'.includes(f)).join('');
  return new RegExp(pattern, flags);
}

function singleKey(value: object): string | undefined {
  let found: string | undefined;
  for (const key in value) {
    if (found !== undefined) return undefined;
    found = key;
  }
  return found;
}

/** Parses an EJSON string sent by the SDK. Empty or missing text means "no value". */
export function parseWire(text: unknown, clock: Clock): unknown {
  if (text === undefined || text === null || text === '') return undefined;
  if (typeof text !== 'string') return reviveWire(text, clock);
  return JSON.parse(text, wireReviver(clock));
}

/** Same conversion for values that already arrived as JSON (not as EJSON text). */
export function reviveWire(value: unknown, clock: Clock): unknown {
  return JSON.parse(JSON.stringify(value), wireReviver(clock));
}

function wireReviver(clock: Clock) {
  return function revive(_key: string, value: unknown): unknown {
    if (value === null || typeof value !== 'object' || Array.isArray(value)) return value;
    const key = singleKey(value);
    if (key === undefined || key[0] !== '$') return value;
    const inner = (value as Record<string, unknown>)[key];
    if (NUMBER_WRAPPERS.has(key)) return toNumber(inner);
    switch (key) {
      case '$date':
        if (typeof inner === 'number' || typeof inner === 'string') return new Date(inner);
        return value;
      case '$oid':
        return typeof inner === 'string' ? inner : value;
      case '$regularExpression':
        return toRegExp(inner) ?? value;
      case '$tcb_server_date': {
        const offset =
          inner && typeof inner === 'object'
            ? Number((inner as { offset?: unknown }).offset ?? 0)
            : 0;
        return new Date(clock() + (Number.isFinite(offset) ? offset : 0));
      }
      case '$undefined':
        return undefined;
      default:
        return value;
    }
  };
}

/** JSON text for storage and for the response to the SDK. */
export function encodeDoc(value: unknown): string {
  // A tree walk then a plain stringify is about twice as fast as a JSON.stringify replacer.
  return JSON.stringify(toStorable(value));
}

function toStorable(value: unknown): unknown {
  if (value === null || typeof value !== 'object') {
    return typeof value === 'number' && !Number.isFinite(value)
      ? { $numberDouble: String(value) }
      : value;
  }
  if (isDate(value)) return { $date: value.getTime() };
  if (isRegExp(value))
    return { $regularExpression: { pattern: value.source, options: value.flags } };
  if (Array.isArray(value)) return value.map(toStorable);
  if (typeof (value as { toJSON?: unknown }).toJSON === 'function')
    return toStorable((value as { toJSON(): unknown }).toJSON());
  const out: Record<string, unknown> = {};
  for (const key in value as Record<string, unknown>) {
    const item = (value as Record<string, unknown>)[key];
    if (item !== undefined && typeof item !== 'function') out[key] = toStorable(item);
  }
  return out;
}

/** Reads a stored document (or any value encoded by `encodeDoc`). */
export function decodeDoc<T = Doc>(text: string): T {
  const parsed: unknown = JSON.parse(text);
  // Most documents carry no wrapped values: skip the walk then.
  return (text.includes('"$') ? fromStorable(parsed) : parsed) as T;
}

function fromStorable(value: unknown): unknown {
  if (value === null || typeof value !== 'object') return value;
  if (Array.isArray(value)) {
    for (let i = 0; i < value.length; i++) value[i] = fromStorable(value[i]);
    return value;
  }
  const record = value as Record<string, unknown>;
  const key = singleKey(record);
  if (key !== undefined && key[0] === '$') {
    const inner = record[key];
    if (key === '$date' && typeof inner === 'number') return new Date(inner);
    if (key === '$regularExpression') return toRegExp(inner) ?? value;
    if (key === '$numberDouble') return toNumber(inner);
  }
  for (const k in record) record[k] = fromStorable(record[k]);
  return record;
}

/** The text `json_extract` yields for a stored Date, used to look dates up in an index. */
export function storedDateText(date: Date): string {
  return `{"$date":${date.getTime()}}`;
}
