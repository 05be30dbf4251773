/*
 * A scratch collection for the db-semantics-* tests: a harness on the real SDK, and a fresh
 * collection `sem` per test filled with the given documents.
 */
import { afterAll, beforeAll } from '@jest/globals';
import { startHarness, type Harness, type Sdk } from './sdk';

export function semanticsHarness(): {
  h: () => Harness;
  db: () => Sdk;
  fill: (docs: Record<string, unknown>[]) => Sdk;
} {
  let h: Harness;
  beforeAll(async () => {
    h = await startHarness();
  });
  afterAll(async () => {
    await h?.close({ remove: true });
  });
  return {
    h: () => h,
    db: () => h.db,
    fill(docs) {
      if (h.engine.collections().some((c) => c.name === 'sem')) h.engine.drop('sem');
      h.engine.createCollection('sem');
      if (docs.length) h.engine.insertMany('sem', docs);
      return h.db.collection('sem');
    },
  };
}

/** The `_id`s of the documents a query answers, in answer order. */
export async function ids(query: Sdk): Promise<string[]> {
  const res = (await query.get()) as { data: { _id: string }[] };
  return res.data.map((d) => d._id);
}
