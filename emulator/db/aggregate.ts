/**
 * `database.aggregateDocuments`: the SDK's stages (`{stageKey, stageValue}`) run by mingo
 * over the collection (a leading `$match` uses the planner); without a `$limit` CloudBase
 * answers at most 20 documents.
 */
import type { DbContext } from './context';
import { encodeDoc, parseWire, type Doc } from './ejson';
import { dbErrors } from './errors';
import { allDocs, matches } from './reads';
import { asRequestFailure, collectionOf, isObject, type Params } from './request';
import { runPipeline } from './semantics';
import type { ResponseBody } from './types';

const DEFAULT_AGGREGATE_LIMIT = 20;

export async function aggregateDocuments(ctx: DbContext, params: Params): Promise<ResponseBody> {
  const collection = collectionOf(ctx, params);
  if (!Array.isArray(params.stages)) throw dbErrors.invalidParam('stages must be an array');
  const pipeline: Doc[] = params.stages.map((stage) => {
    const { stageKey, stageValue } = (stage ?? {}) as {
      stageKey?: unknown;
      stageValue?: unknown;
    };
    if (typeof stageKey !== 'string' || !stageKey.startsWith('$'))
      throw dbErrors.invalidParam('invalid aggregation stage');
    if (stageKey === '$out' || stageKey === '$merge')
      throw dbErrors.invalidParam(`${stageKey} is not supported`);
    return { [stageKey]: parseWire(stageValue, ctx.clock) };
  });
  const first = pipeline[0];
  const leadingMatch = first && isObject(first.$match) ? first.$match : undefined;
  const input = leadingMatch
    ? matches(ctx, collection, leadingMatch).map((m) => m.doc)
    : allDocs(ctx, collection);
  const resolver = (name: string) => (ctx.store.has(name) ? allDocs(ctx, name) : []);
  let list = asRequestFailure(() => runPipeline(input, pipeline, resolver));
  if (!pipeline.some((stage) => '$limit' in stage)) list = list.slice(0, DEFAULT_AGGREGATE_LIMIT);
  return { data: { list: list.map((d) => encodeDoc(d)) } };
}
