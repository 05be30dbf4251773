/**
 * aggregate() through the real SDK: pipeline semantics from mingo, result `{list}`, and the
 * 20-document default when no $limit stage is given.
 */
import { afterAll, beforeAll, expect, it } from '@jest/globals';
import { startHarness, type Harness, type Sdk } from './support/sdk';

let h: Harness;
let db: Sdk;
let $: Sdk;
beforeAll(async () => {
  h = await startHarness();
  db = h.db;
  $ = db.command.aggregate;
  const day = (d: number) => new Date(Date.UTC(2026, 10, d));
  h.engine.insertMany('orders', [
    {
      storeId: 's1',
      receiptNo: '1',
      memberId: 'm1',
      amount: 1200,
      status: 'paid',
      createdAt: day(1),
    },
    {
      storeId: 's1',
      receiptNo: '2',
      memberId: 'm2',
      amount: 800,
      status: 'paid',
      createdAt: day(2),
    },
    {
      storeId: 's2',
      receiptNo: '1',
      memberId: 'm1',
      amount: 5000,
      status: 'paid',
      createdAt: day(2),
    },
    {
      storeId: 's2',
      receiptNo: '2',
      memberId: 'm3',
      amount: 300,
      status: 'refunded',
      createdAt: day(3),
    },
    {
      storeId: 's3',
      receiptNo: '1',
      memberId: 'm3',
      amount: 100,
      status: 'paid',
      createdAt: day(3),
    },
  ]);
  h.engine.insertMany('members', [
    { _id: 'm1', phone: '1', name: '甲' },
    { _id: 'm2', phone: '2', name: '乙' },
  ]);
});
afterAll(async () => {
  await h?.close({ remove: true });
});

it('$match / $group / $sort / $limit', async () => {
  const result = await db
    .collection('orders')
    .aggregate()
    .match({ status: 'paid', createdAt: db.command.gte(new Date(Date.UTC(2026, 10, 2))) })
    .group({ _id: '$storeId', total: $.sum('$amount'), orders: $.sum(1) })
    .sort({ total: -1 })
    .limit(2)
    .end();
  expect(result).toEqual({
    list: [
      { _id: 's2', total: 5000, orders: 1 },
      { _id: 's1', total: 800, orders: 1 },
    ],
    errMsg: 'collection.aggregate:ok',
  });
});

it('$lookup joins another collection; $project computes fields', async () => {
  const { list } = await db
    .collection('orders')
    .aggregate()
    .match({ memberId: 'm1' })
    .lookup({ from: 'members', localField: 'memberId', foreignField: '_id', as: 'member' })
    .project({
      _id: 0,
      receiptNo: 1,
      amountYuan: $.divide(['$amount', 100]),
      name: $.arrayElemAt(['$member.name', 0]),
    })
    .end();
  expect(list).toEqual([
    { receiptNo: '1', amountYuan: 12, name: '甲' },
    { receiptNo: '1', amountYuan: 50, name: '甲' },
  ]);
});

it('returns 20 documents when the pipeline has no $limit', async () => {
  h.engine.insertMany(
    'counters',
    Array.from({ length: 30 }, (_v, i) => ({ _id: `k${i}`, n: i })),
  );
  expect((await db.collection('counters').aggregate().sort({ n: 1 }).end()).list).toHaveLength(20);
  expect(
    (await db.collection('counters').aggregate().sort({ n: 1 }).limit(25).end()).list,
  ).toHaveLength(25);
});
