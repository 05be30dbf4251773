/**
 * Unique indexes from indexes.json, enforced by SQLite expression indexes, and the error a
 * caller of wx-server-sdk sees on a duplicate: errCode -502001 with MongoDB's E11000 text.
 */
import Database from 'better-sqlite3';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from '@jest/globals';
import { createDatabase } from '../../emulator/db';
import { PROJECT_INDEXES, startHarness, type Harness, type Sdk } from './support/sdk';

let h: Harness;
let db: Sdk;
beforeAll(async () => {
  h = await startHarness();
  db = h.db;
});
afterAll(async () => {
  await h?.close({ remove: true });
});
beforeEach(() => {
  for (const name of ['members', 'orders', 'coupons']) h.engine.drop(name);
});

const errorOf = (p: Promise<unknown>) =>
  p.then(
    () => undefined,
    (e: unknown) => e as { errCode: number; errMsg: string },
  );

describe('unique indexes', () => {
  it('reject a duplicate add with -502001 and an E11000 message naming index and key', async () => {
    await db.collection('members').add({ data: { phone: '13800000001', name: 'a' } });
    const error = await errorOf(
      db.collection('members').add({ data: { phone: '13800000001', name: 'b' } }),
    );
    expect(error?.errCode).toBe(-502001);
    expect(error?.errMsg).toBe(
      'collection.add:fail -502001 database request fail. [FailedOperation.Insert] bulk write error: ' +
        '[{E11000 duplicate key error collection: local.members index: phone_unique dup key: { phone: "13800000001" }}]',
    );
    expect(h.engine.count('members')).toBe(1);
  });

  it('let exactly one of 20 concurrent adds of the same key win', async () => {
    const outcomes = await Promise.all(
      Array.from({ length: 20 }, (_v, i) =>
        db
          .collection('members')
          .add({ data: { phone: '13900000000', attempt: i } })
          .then(
            () => 'ok',
            (e: { errMsg: string }) => (e.errMsg.includes('E11000') ? 'duplicate' : e.errMsg),
          ),
      ),
    );
    expect(outcomes.filter((o) => o === 'ok')).toHaveLength(1);
    expect(outcomes.filter((o) => o === 'duplicate')).toHaveLength(19);
    expect(h.engine.count('members', { phone: '13900000000' })).toBe(1);
  });

  it('enforce a compound unique index (storeId + receiptNo) and allow the same receipt in another store', async () => {
    await db.collection('orders').add({ data: { storeId: 's1', receiptNo: 'R-1', amount: 100 } });
    await db.collection('orders').add({ data: { storeId: 's2', receiptNo: 'R-1', amount: 100 } });
    const error = await errorOf(
      db.collection('orders').add({ data: { storeId: 's1', receiptNo: 'R-1', amount: 999 } }),
    );
    expect(error?.errMsg).toContain(
      'index: receipt_unique dup key: { storeId: "s1", receiptNo: "R-1" }',
    );
    expect(h.engine.count('orders')).toBe(2);
  });

  it('treat a missing field as null: two documents without the unique field collide', async () => {
    await db.collection('coupons').add({ data: { memberId: 'm1' } });
    const error = await errorOf(db.collection('coupons').add({ data: { memberId: 'm2' } }));
    expect(error?.errMsg).toContain('index: code_unique dup key: { code: null }');
    const explicitNull = await errorOf(
      db.collection('coupons').add({ data: { memberId: 'm3', code: null } }),
    );
    expect(explicitNull?.errCode).toBe(-502001);
  });

  it('make a multi-document add atomic: one duplicate inserts nothing', async () => {
    await db.collection('members').add({ data: { phone: '13800000009' } });
    const error = await errorOf(
      db.collection('members').add({
        data: [{ phone: '13800000010' }, { phone: '13800000011' }, { phone: '13800000009' }],
      }),
    );
    expect(error?.errCode).toBe(-502001);
    expect(h.engine.count('members')).toBe(1);
  });

  it('reject an update that would duplicate a key, and leave a multi-document update unapplied', async () => {
    h.engine.insertMany('coupons', [
      { _id: 'a', code: 'A', memberId: 'm1', status: 'unused' },
      { _id: 'b', code: 'B', memberId: 'm1', status: 'unused' },
    ]);
    const single = await errorOf(
      db
        .collection('coupons')
        .doc('b')
        .update({ data: { code: 'A' } }),
    );
    expect(single?.errMsg).toContain(
      'document.update:fail -502001 database request fail. [FailedOperation] multiple write errors: [{write errors: [{E11000 duplicate key error collection: local.coupons index: code_unique dup key: { code: "A" }}]}, {<nil>}]',
    );
    const multi = await errorOf(
      db
        .collection('coupons')
        .where({ memberId: 'm1' })
        .update({ data: { status: 'used', code: 'Z' } }),
    );
    expect(multi?.errCode).toBe(-502001);
    expect(
      h.engine.find('coupons', {}, { sort: { _id: 1 } }).map((c) => [c.code, c.status]),
    ).toEqual([
      ['A', 'unused'],
      ['B', 'unused'],
    ]);
  });

  it('reject a duplicate _id the same way (index _id_)', async () => {
    await db.collection('orders').add({ data: { _id: 'o1', storeId: 's1', receiptNo: '1' } });
    const error = await errorOf(
      db.collection('orders').add({ data: { _id: 'o1', storeId: 's1', receiptNo: '2' } }),
    );
    expect(error?.errMsg).toContain('index: _id_ dup key: { _id: "o1" }');
  });
});

describe('index declarations', () => {
  it("load the project's database/indexes.json and create every index in SQLite", () => {
    const sqlite = new Database(':memory:');
    const engine = createDatabase({ sqlite, indexes: PROJECT_INDEXES, clock: () => 0 });
    const declared = (PROJECT_INDEXES as { collections: Record<string, Array<{ name: string }>> })
      .collections;
    const infos = engine.collections();
    for (const [name, indexes] of Object.entries(declared)) {
      const info = infos.find((c) => c.name === name);
      expect(info?.indexes.map((i) => i.name)).toEqual(indexes.map((i) => i.name));
    }
    const sqlIndexes = sqlite
      .prepare("SELECT name FROM sqlite_master WHERE type = 'index' AND name LIKE 'ix_%'")
      .all();
    expect(sqlIndexes).toHaveLength(Object.values(declared).flat().length);
    sqlite.close();
  });

  it('refuse to start when stored documents violate a newly declared unique index', () => {
    const sqlite = new Database(':memory:');
    const loose = createDatabase({
      sqlite,
      indexes: { collections: { people: [] } },
      clock: () => 0,
    });
    loose.insertMany('people', [{ email: 'x@example.com' }, { email: 'x@example.com' }]);
    expect(() =>
      createDatabase({
        sqlite,
        indexes: {
          collections: { people: [{ name: 'email_unique', keys: { email: 1 }, unique: true }] },
        },
        clock: () => 0,
      }),
    ).toThrow(/cannot create unique index people\.email_unique/);
    sqlite.close();
  });
});
