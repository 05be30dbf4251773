/**
 * Query planning at 100k documents: equality / $in on the leading fields of a declared index
 * is answered through that SQLite expression index (proved with EXPLAIN QUERY PLAN, not with
 * timings); other queries scan. The timings printed at the end are for the report only.
 */
import { performance } from 'node:perf_hooks';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { startHarness, type Harness } from './support/sdk';

const N = 100_000;
const phoneOf = (i: number) => `13${String(i).padStart(9, '0')}`;

let h: Harness;
const figures: Record<string, string> = {};

beforeAll(async () => {
  h = await startHarness();
  const started = performance.now();
  h.engine.insertMany(
    'members',
    Array.from({ length: N }, (_v, i) => ({
      _id: `m${i}`,
      phone: phoneOf(i),
      homeStoreId: `s${i % 50}`,
      clerkId: `c${i % 400}`,
      level: i % 4,
      name: `会员${i}`,
      joinedAt: new Date(Date.UTC(2025, 0, 1) + i * 60_000),
    })),
  );
  h.engine.insertMany(
    'orders',
    Array.from({ length: N }, (_v, i) => ({
      storeId: `s${i % 50}`,
      receiptNo: `R${i}`,
      memberId: `m${i % 20_000}`,
      amount: (i % 97) * 100,
      createdAt: new Date(Date.UTC(2026, 0, 1) + i * 1000),
    })),
  );
  figures['bulk insert (2 × 100k docs, insertMany)'] =
    `${Math.round(performance.now() - started)} ms`;
}, 120_000);

afterAll(async () => {
  console.log('db-plan figures:', figures);
  await h?.close({ remove: true });
});

describe('EXPLAIN QUERY PLAN at 100k documents', () => {
  it('equality on a unique field uses its index', () => {
    const explained = h.engine.explain('members', { phone: phoneOf(4242) });
    expect(explained).toMatchObject({ plan: 'index', index: 'phone_unique' });
    expect(explained.sqlitePlan.join('\n')).toMatch(
      /SEARCH col_members USING INDEX ix_members__phone_unique \(/,
    );
  });

  it('equality on the leading field of a compound index, plus other conditions, uses that index', () => {
    const explained = h.engine.explain('orders', { memberId: 'm17', amount: { $gte: 1000 } });
    expect(explained).toMatchObject({ plan: 'index', index: 'member_time' });
    expect(explained.sqlitePlan.join('\n')).toMatch(/USING INDEX ix_orders__member_time/);
  });

  it('both fields of a compound unique index, with $in, use it', () => {
    const explained = h.engine.explain('orders', {
      storeId: 's3',
      receiptNo: { $in: ['R3', 'R53', 'R103'] },
    });
    expect(explained).toMatchObject({ plan: 'index', index: 'receipt_unique' });
    expect(explained.sqlitePlan.join('\n')).toMatch(/USING INDEX ix_orders__receipt_unique/);
  });

  it('_id uses the primary key; an unindexed field scans', () => {
    const byId = h.engine.explain('members', { _id: 'm99999' });
    expect(byId.plan).toBe('primaryKey');
    expect(byId.sqlitePlan.join('\n')).toMatch(
      /SEARCH col_members USING INDEX sqlite_autoindex_col_members_1 \(id=\?\)/,
    );
    const byName = h.engine.explain('members', { name: '会员5' });
    expect(byName.plan).toBe('scan');
    expect(byName.sqlitePlan.join('\n')).toMatch(/SCAN col_members/);
  });

  it('a range on the leading field is not an equality: scan', () => {
    expect(h.engine.explain('orders', { memberId: { $gt: 'm1' } }).plan).toBe('scan');
  });
});

describe('answers at 100k documents', () => {
  it('indexed gets return the right document through the SDK', async () => {
    const col = h.db.collection('members');
    const one = await col.where({ phone: phoneOf(77_777) }).get();
    expect(one.data.map((d: { _id: string }) => d._id)).toEqual(['m77777']);
    const some = await h.db
      .collection('orders')
      .where({ memberId: 'm5', amount: h.db.command.gte(0) })
      .orderBy('createdAt', 'desc')
      .get();
    expect(some.data).toHaveLength(5);
    expect(some.data[0].receiptNo).toBe('R80005');

    const handleRuns = 2_000;
    let t = performance.now();
    for (let i = 0; i < handleRuns; i++) {
      const body = await h.engine.handle('database.getDocument', {
        collectionName: 'members',
        queryType: 'WHERE',
        query: JSON.stringify({ phone: phoneOf((i * 7919) % N) }),
        limit: 100,
      });
      expect((body.data as { list: string[] }).list).toHaveLength(1);
    }
    figures['indexed get by phone, engine.handle'] =
      `${((performance.now() - t) / handleRuns).toFixed(3)} ms/get`;

    const sdkRuns = 300;
    t = performance.now();
    for (let i = 0; i < sdkRuns; i++) {
      const res = await col.where({ phone: phoneOf((i * 104_729) % N) }).get();
      expect(res.data).toHaveLength(1);
    }
    figures['indexed get by phone, wx-server-sdk over HTTP'] =
      `${((performance.now() - t) / sdkRuns).toFixed(2)} ms/get`;

    t = performance.now();
    const count = await col.where({ homeStoreId: 's7' }).count();
    expect(count.total).toBe(N / 50);
    figures['count of 2 000 matches via homeStore index, SDK'] =
      `${(performance.now() - t).toFixed(1)} ms`;

    t = performance.now();
    const scanned = await col.where({ name: '会员99999' }).get();
    expect(scanned.data).toHaveLength(1);
    figures['unindexed get (full scan of 100k), SDK'] = `${(performance.now() - t).toFixed(0)} ms`;
  });

  it('stops using an index once its field has held an array (MongoDB matches array elements)', async () => {
    expect(h.engine.explain('members', { clerkId: 'c1' }).plan).toBe('index');
    await h.db
      .collection('members')
      .add({ data: { _id: 'multi', phone: '10000000000', clerkId: ['c1', 'c-temp'] } });
    expect(h.engine.explain('members', { clerkId: 'c1' }).plan).toBe('scan');
    const found = await h.db.collection('members').where({ clerkId: 'c-temp' }).get();
    expect(found.data.map((d: { _id: string }) => d._id)).toEqual(['multi']);
    expect((await h.db.collection('members').where({ clerkId: 'c1' }).count()).total).toBe(
      N / 400 + 1,
    );
  });
});
