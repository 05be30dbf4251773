/*
 * MongoDB semantics for the emulator, from mingo: query matching (`Query`), update operators
 * (`update`), aggregation (`Aggregator`). One options object is shared by all three.
 *
 * useStrictMode stays ON: CloudBase runs on MongoDB, and strict mode is mingo's MongoDB
 * behaviour (e.g. "" is truthy in $cond/$and, $type names). Scripts ($where, $function,
 * $accumulator) are disabled: CloudBase does not run user JavaScript in queries.
 *
 * mingo silently skips some updates MongoDB rejects (creating `a.b` under `a: null`, `$inc` of a
 * string, `$push` to a non-array, two operators on one path). CloudBase reports those as write
 * errors, and production code has tripped on them, so `checkModifier` rejects them first with
 * MongoDB's messages. It only validates; mingo still performs the update.
 */
import { isDate, isRegExp } from 'node:util/types';
import { Aggregator } from 'mingo/aggregator';
import { Query } from 'mingo/query';
import type { Options } from 'mingo/types';
import { update } from 'mingo/updater';
import type { Clock, Doc } from './ejson';
import { dbErrors } from './errors';
import { CLOUDBASE_CONTEXT } from './cloudbaseOps';
import { sortDocuments } from './sortOrder';

export type Resolver = (collection: string) => Doc[];

export function mingoOptions(collectionResolver?: Resolver): Partial<Options> {
  return {
    idKey: '_id',
    useStrictMode: true,
    scriptEnabled: false,
    context: CLOUDBASE_CONTEXT,
    ...(collectionResolver
      ? { collectionResolver: collectionResolver as Options['collectionResolver'] }
      : {}),
  };
}

const OPTIONS = mingoOptions();

export function compileQuery(query: Doc): Query {
  return new Query(query, OPTIONS);
}

export function runPipeline(docs: Doc[], pipeline: Doc[], resolver: Resolver): Doc[] {
  return new Aggregator(pipeline, mingoOptions(resolver)).run(docs) as Doc[];
}

/** Sort (MongoDB's order, sortOrder.ts), then projection / skip / limit with mingo's cursor. */
export function shape(
  docs: Doc[],
  opts: { sort?: Record<string, 1 | -1>; skip?: number; limit?: number; projection?: Doc },
): Doc[] {
  const sorted = opts.sort && Object.keys(opts.sort).length ? sortDocuments(docs, opts.sort) : docs;
  let cursor = new Query({}, OPTIONS).find<Doc>(
    sorted,
    opts.projection && Object.keys(opts.projection).length ? opts.projection : undefined,
  );
  if (opts.skip) cursor = cursor.skip(opts.skip);
  if (opts.limit !== undefined) cursor = cursor.limit(opts.limit);
  return cursor.all();
}

const UPDATE_OPERATORS = new Set([
  '$set',
  '$unset',
  '$inc',
  '$mul',
  '$min',
  '$max',
  '$rename',
  '$push',
  '$pop',
  '$pull',
  '$pullAll',
  '$addToSet',
  '$bit',
  '$currentDate',
]);
const CREATES_PATH = new Set([
  '$set',
  '$inc',
  '$mul',
  '$min',
  '$max',
  '$push',
  '$addToSet',
  '$bit',
  '$currentDate',
]);
const NUMERIC = new Set(['$inc', '$mul']);
const ARRAY_TARGET = new Set(['$push', '$addToSet', '$pop', '$pull', '$pullAll']);

/** `{a: 1}` (merge update without operators) means `{$set: {a: 1}}`; `$currentDate` uses the emulator clock. */
export function normalizeModifier(data: Doc, clock: Clock): Doc {
  const keys = Object.keys(data);
  const hasOperators = keys.some((k) => k.startsWith('$'));
  if (!hasOperators) return { $set: data };
  if (keys.some((k) => !k.startsWith('$'))) {
    throw dbErrors.writeFailed('Unknown modifier: cannot mix update operators and plain fields');
  }
  if (!data.$currentDate) return data;
  const { $currentDate, ...rest } = data as { $currentDate: Record<string, unknown> } & Doc;
  const set = { ...((rest.$set as Doc | undefined) ?? {}) };
  for (const field of Object.keys($currentDate)) set[field] = new Date(clock());
  return { ...rest, $set: set };
}

function mongoTypeName(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'array';
  if (isDate(value)) return 'date';
  if (isRegExp(value)) return 'regex';
  if (typeof value === 'boolean') return 'bool';
  if (typeof value === 'number') return Number.isInteger(value) ? 'int' : 'double';
  return typeof value;
}

function show(value: unknown): string {
  if (value === undefined) return 'undefined';
  if (isDate(value)) return `new Date(${value.getTime()})`;
  if (typeof value === 'string') return JSON.stringify(value);
  if (value !== null && typeof value === 'object') {
    const entries = Object.entries(value as Doc).map(([k, v]) => `${k}: ${show(v)}`);
    return Array.isArray(value)
      ? `[ ${(value as unknown[]).map(show).join(', ')} ]`
      : `{ ${entries.join(', ')} }`;
  }
  return String(value);
}

/** Rejects the updates MongoDB (and so CloudBase) rejects but mingo would skip silently. */
function checkModifier(doc: Doc, modifier: Doc): void {
  const paths: string[] = [];
  for (const [op, spec] of Object.entries(modifier)) {
    if (!UPDATE_OPERATORS.has(op))
      throw dbErrors.writeFailed(
        `Unknown modifier: ${op}. Expected a valid update modifier or pipeline-style update specified as an array`,
      );
    if (spec === null || typeof spec !== 'object' || Array.isArray(spec)) {
      throw dbErrors.writeFailed(
        `Modifiers operate on fields but we found type ${mongoTypeName(spec)} instead.`,
      );
    }
    for (const [field, operand] of Object.entries(spec as Doc)) {
      paths.push(field);
      if (op === '$rename' && typeof operand === 'string') paths.push(operand);
      if (NUMERIC.has(op) && typeof operand !== 'number') {
        throw dbErrors.writeFailed(
          `Cannot ${op === '$inc' ? 'increment' : 'multiply'} with non-numeric argument: {${field}: ${show(operand)}}`,
        );
      }
      checkPath(doc, op, field);
    }
  }
  const sorted = [...paths].sort();
  for (let i = 1; i < sorted.length; i++) {
    const a = sorted[i - 1];
    const b = sorted[i];
    if (a === b || b.startsWith(`${a}.`))
      throw dbErrors.writeFailed(`Updating the path '${b}' would create a conflict at '${a}'`);
  }
}

function checkPath(doc: Doc, op: string, field: string): void {
  const segments = field.split('.');
  if (segments.some((s) => s.startsWith('$'))) return; // positional updates: mingo resolves them
  let current: unknown = doc;
  for (let i = 0; i < segments.length - 1; i++) {
    const next: unknown = (current as Doc)[segments[i]];
    if (next === undefined || Array.isArray(next)) return;
    if (next === null || typeof next !== 'object' || isDate(next) || isRegExp(next)) {
      if (CREATES_PATH.has(op)) {
        throw dbErrors.writeFailed(
          `Cannot create field '${segments[i + 1]}' in element {${segments[i]}: ${show(next)}}`,
        );
      }
      return;
    }
    current = next;
  }
  const last = segments[segments.length - 1];
  const target = (current as Doc)[last];
  if (target === undefined) return;
  if (NUMERIC.has(op) && typeof target !== 'number') {
    throw dbErrors.writeFailed(
      `Cannot apply ${op} to a value of non-numeric type. {_id: ${show(doc._id)}} has the field '${last}' of non-numeric type ${mongoTypeName(target)}`,
    );
  }
  if (ARRAY_TARGET.has(op) && !Array.isArray(target)) {
    throw dbErrors.writeFailed(
      `The field '${last}' must be an array but is of type ${mongoTypeName(target)} in document {_id: ${show(doc._id)}}`,
    );
  }
}

/** Applies an update modifier to a copy of `doc`. `changed` is false when nothing changed (MongoDB nModified 0). */
export function applyModifier(
  doc: Doc,
  modifier: Doc,
  query?: Doc,
): { doc: Doc; changed: boolean } {
  checkModifier(doc, modifier);
  const copy = structuredClone(doc);
  const positional = Object.values(modifier).some((spec) =>
    Object.keys(spec as Doc).some((f) => f.includes('.$')),
  );
  let fields: string[];
  try {
    fields = update(copy, modifier as never, undefined, positional ? (query as never) : undefined, {
      queryOptions: OPTIONS,
    });
  } catch (error) {
    throw dbErrors.writeFailed(error instanceof Error ? error.message : String(error));
  }
  if (!sameValue(copy._id, doc._id)) {
    throw dbErrors.writeFailed(
      "Performing an update on the path '_id' would modify the immutable field '_id'",
    );
  }
  return { doc: copy, changed: fields.length > 0 };
}

function sameValue(a: unknown, b: unknown): boolean {
  return (
    a === b ||
    (typeof a === 'number' && typeof b === 'number' && Number.isNaN(a) && Number.isNaN(b))
  );
}

/** Equality fields of a query, used to seed the document an upsert creates. */
function equalityFields(query: Doc): Doc {
  const out: Doc = {};
  for (const [key, value] of Object.entries(query)) {
    if (key.startsWith('$')) continue;
    if (
      value !== null &&
      typeof value === 'object' &&
      !isDate(value) &&
      !isRegExp(value) &&
      !Array.isArray(value)
    ) {
      const ops = Object.keys(value as Doc);
      if (ops.length > 0 && ops.every((k) => k.startsWith('$'))) {
        if ('$eq' in (value as Doc)) out[key] = (value as Doc).$eq;
        continue;
      }
    }
    if (isRegExp(value)) continue;
    out[key] = value;
  }
  return out;
}

/** Builds the document an upsert inserts: query equalities, then the modifier. */
export function upsertDocument(id: unknown, query: Doc, modifier: Doc): Doc {
  const base: Doc = { _id: id };
  const seed = equalityFields(query);
  delete seed._id;
  if (Object.keys(seed).length)
    update(base, { $set: seed } as never, undefined, undefined, { queryOptions: OPTIONS });
  return applyModifier(base, modifier).doc;
}
