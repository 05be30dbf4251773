/**
 * Concurrent writers through the real SDK: atomic operators and conditional updates must
 * serialize exactly (the litemall double-redemption bug must not be reproducible).
 */
import { afterAll, beforeAll, beforeEach, expect, it } from '@jest/globals';
import { startHarness, type Harness, type Sdk } from './support/sdk';

let h: Harness;
let db: Sdk;
let _: Sdk;
beforeAll(async () => {
  h = await startHarness();
  db = h.db;
  _ = db.command;
});
afterAll(async () => {
  await h?.close({ remove: true });
});
beforeEach(() => {
  for (const name of ['counters', 'coupons']) h.engine.drop(name);
});

it('_.inc under 100 concurrent updates gives the exact total', async () => {
  h.engine.insertMany('counters', [{ _id: 'visits', n: 0, byStore: { s1: 0 } }]);
  const results = await Promise.all(
    Array.from({ length: 100 }, (_v, i) =>
      db
        .collection('counters')
        .doc('visits')
        .update({ data: { n: _.inc(1), byStore: { s1: _.inc(i % 2 === 0 ? 2 : 0) } } }),
    ),
  );
  expect(results.every((r: Sdk) => r.stats.updated === 1)).toBe(true);
  expect(h.engine.find('counters', { _id: 'visits' })[0]).toEqual({
    _id: 'visits',
    n: 100,
    byStore: { s1: 100 },
  });
});

it("conditional update where({_id, status: 'unused'}) succeeds for exactly one of 50 concurrent callers", async () => {
  h.engine.insertMany('coupons', [{ _id: 'c1', code: 'C0001', memberId: 'm1', status: 'unused' }]);
  const results = await Promise.all(
    Array.from({ length: 50 }, (_v, i) =>
      db
        .collection('coupons')
        .where({ _id: 'c1', status: 'unused' })
        .update({ data: { status: 'used', usedBy: `order-${i}` } }),
    ),
  );
  const winners = results.filter((r: Sdk) => r.stats.updated === 1);
  expect(winners).toHaveLength(1);
  expect(results.filter((r: Sdk) => r.stats.updated === 0)).toHaveLength(49);
  expect(h.engine.find('coupons', { _id: 'c1' })[0]).toMatchObject({
    status: 'used',
    usedBy: expect.stringMatching(/^order-\d+$/),
  });
});

it('a multi-document update applies to every match in one step', async () => {
  h.engine.insertMany(
    'coupons',
    Array.from({ length: 30 }, (_v, i) => ({
      _id: `c${i}`,
      code: `C${i}`,
      memberId: 'm1',
      status: 'unused',
    })),
  );
  const [expire, count] = await Promise.all([
    db
      .collection('coupons')
      .where({ memberId: 'm1', status: 'unused' })
      .update({ data: { status: 'expired' } }),
    db.collection('coupons').where({ status: 'unused' }).count(),
  ]);
  expect(expire.stats.updated).toBe(30);
  expect([0, 30]).toContain(count.total); // before or after, never half-way
  expect(h.engine.count('coupons', { status: 'expired' })).toBe(30);
});
