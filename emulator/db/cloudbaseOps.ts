/*
 * Where mingo and CloudBase (MongoDB) disagree, the emulator takes CloudBase's answer. These
 * operators replace mingo's own in the operator context `mingoOptions` gives; each is
 * pinned by a tests/emulator/db-semantics-*.emulator.test.ts and listed in docs/emulator.md.
 *
 *  - `$elemMatch` with field conditions (`{value: _.gt(0)}`) matches only array elements that
 *    are documents. mingo also matched plain values ([1, 2, 3], ['Go']); CloudBase does not
 *    (TencentCloudBase/node-sdk test/database/unit/advanced-operator.test.ts: `_.elemMatch(
 *    {value: _.exists(true)})` and `{value: _.mod(4, 3)}` each return only the embedded doc).
 *  - `$week`: MongoDB's %U, weeks starting on Sunday, the days before the year's first Sunday
 *    in week 0 (2019-05-14 → 19, node-sdk aggregation.test.ts). mingo answered one week on
 *    (20), and week 1 for 31 December. Computed from `$dayOfYear` and `$dayOfWeek`, so a
 *    `timezone` is honoured the same way.
 *  - the `$sort` stage orders array fields as find() does (sortOrder.ts).
 *  - `$substr` / `$substrBytes` with a negative length answer the rest of the string
 *    (`$substr(['1999/12/12', 8, -1])` → '12', node-sdk command.test.ts); mingo threw.
 */
import { isDate, isRegExp } from 'node:util/types';
import { Context } from 'mingo';
import * as accumulatorOperators from 'mingo/operators/accumulator';
import * as expressionOperators from 'mingo/operators/expression';
import { evalExpr } from 'mingo/core';
import { $dayOfWeek, $dayOfYear } from 'mingo/operators/expression/date';
import {
  $substr as mingoSubstr,
  $substrBytes as mingoSubstrBytes,
} from 'mingo/operators/expression/string';
import * as pipelineOperators from 'mingo/operators/pipeline';
import * as projectionOperators from 'mingo/operators/projection';
import * as queryOperators from 'mingo/operators/query';
import { $elemMatch as mingoElemMatch } from 'mingo/operators/query/array';
import * as windowOperators from 'mingo/operators/window';
import { Lazy, type Iterator } from 'mingo/lazy';
import { Query } from 'mingo/query';
import type { ExpressionOperator, Options, QueryOperator } from 'mingo/types';
import { resolve } from 'mingo/util';
import type { Doc } from './ejson';
import { sortDocuments } from './sortOrder';

type AnyObject = Record<string, unknown>;

function isDocument(value: unknown): value is AnyObject {
  return (
    value !== null &&
    typeof value === 'object' &&
    !Array.isArray(value) &&
    !isDate(value) &&
    !isRegExp(value)
  );
}

/** `{value: …}` (conditions on fields of the elements) rather than `{$gt: …}` (on the values). */
function hasFieldConditions(criteria: AnyObject): boolean {
  return Object.keys(criteria).some(
    (k) => !k.startsWith('$') || k === '$and' || k === '$or' || k === '$nor',
  );
}

const $elemMatch: QueryOperator = (selector: string, criteria: unknown, options: Options) => {
  if (!isDocument(criteria) || !hasFieldConditions(criteria))
    return mingoElemMatch(selector, criteria as AnyObject, options);
  const query = new Query(criteria, options);
  return (doc: AnyObject) => {
    const value = resolve(doc, selector);
    return Array.isArray(value) && value.some((el) => isDocument(el) && query.test(el));
  };
};

type DatePart = (obj: AnyObject, expr: unknown, options: Options) => unknown;

const $week = ((obj: AnyObject, expr: unknown, options: Options): number | null => {
  const day = ($dayOfYear as DatePart)(obj, expr, options);
  const weekday = ($dayOfWeek as DatePart)(obj, expr, options);
  if (typeof day !== 'number' || typeof weekday !== 'number') return null;
  return Math.floor((day - weekday + 7) / 7);
}) as unknown as ExpressionOperator;

/** A negative length means "to the end of the string", as in MongoDB. */
function restOfStringWhenNegative(op: ExpressionOperator): ExpressionOperator {
  const wrapped = (obj: AnyObject, expr: unknown, options: Options): unknown => {
    const args = evalExpr(obj, expr, options) as unknown;
    if (Array.isArray(args) && args.length === 3 && typeof args[2] === 'number' && args[2] < 0) {
      const [text, start] = args as [unknown, number];
      const rest =
        typeof text === 'string' ? Math.max(0, Buffer.byteLength(text) - Number(start)) : 0;
      return (op as unknown as typeof wrapped)(obj, [{ $literal: text }, start, rest], options);
    }
    return (op as unknown as typeof wrapped)(obj, expr, options);
  };
  return wrapped as unknown as ExpressionOperator;
}

const $sort = (coll: Iterator, sortKeys: Record<string, 1 | -1>): Iterator =>
  Lazy(sortDocuments(coll.collect<Doc>(), sortKeys));

/**
 * mingo's operators with CloudBase's answers where they differ. Use it with mingo's base
 * classes (`mingo/query`, `mingo/aggregator`): the `mingo` entry point merges its own
 * operators over any given context, so an override there would never win.
 */
export const CLOUDBASE_CONTEXT = Context.init({
  accumulator: accumulatorOperators,
  expression: {
    ...expressionOperators,
    $week,
    $substr: restOfStringWhenNegative(mingoSubstr),
    $substrBytes: restOfStringWhenNegative(mingoSubstrBytes),
  },
  pipeline: { ...pipelineOperators, $sort },
  projection: projectionOperators,
  query: { ...queryOperators, $elemMatch },
  window: windowOperators,
} as unknown as Parameters<typeof Context.init>[0]);
