/**
 * Transactions through the real wx-server-sdk, following CloudBase's model: snapshot reads,
 * buffered writes with a lock per document, a conflicting transactional write fails at once,
 * a plain write waits for the lock, commit is atomic, abandoned transactions expire.
 *
 * Note on retries: wx-server-sdk wraps every failure of doc().get/update/set/remove into an
 * Error with errCode -501001 and drops the `code` field, so the runTransaction retry loop (it
 * checks `error.code === 'DATABASE_TRANSACTION_CONFLICT'`) only retries a conflict that the
 * callback rethrows with that code, or one raised by commit itself.
 */
import { afterAll, beforeAll, beforeEach, describe, expect, it } from '@jest/globals';
import { startHarness, type Harness, type Sdk } from './support/sdk';
import { waitFor } from '../support/waitFor';

let h: Harness;
let db: Sdk;
let _: Sdk;
beforeAll(async () => {
  h = await startHarness({ transactionTimeoutMs: 1_500, lockWaitMs: 4_000 });
  db = h.db;
  _ = db.command;
});
afterAll(async () => {
  await h?.close({ remove: true });
});
beforeEach(() => {
  for (const name of ['members', 'pointsLedger', 'counters']) h.engine.drop(name);
  h.engine.insertMany('members', [{ _id: 'm1', phone: '13800000001', points: 100 }]);
  h.engine.insertMany('counters', [{ _id: 'k', n: 0 }]);
});

const member = () => h.engine.find('members', { _id: 'm1' })[0];
const isConflict = (e: unknown) =>
  /TransactionConflict/.test(String((e as { errMsg?: string })?.errMsg ?? ''));

describe('commit and rollback', () => {
  it('commits all writes at once; until then they are invisible outside the transaction', async () => {
    const tx = await db.startTransaction();
    await tx
      .collection('members')
      .doc('m1')
      .update({ data: { points: _.inc(50) } });
    const added = await tx.collection('pointsLedger').add({ data: { memberId: 'm1', delta: 50 } });
    expect(added._id).toMatch(/^[0-9a-f]{32}$/);
    expect((await tx.collection('members').doc('m1').get()).data.points).toBe(150);
    expect(member().points).toBe(100);
    expect(h.engine.count('pointsLedger')).toBe(0);
    await tx.commit();
    expect(member().points).toBe(150);
    expect(h.engine.find('pointsLedger', {})).toEqual([
      { _id: added._id, memberId: 'm1', delta: 50 },
    ]);
  });

  it('a failed transaction (callback throws after two writes) leaves no partial writes', async () => {
    const run = db.runTransaction(async (tx: Sdk) => {
      await tx
        .collection('members')
        .doc('m1')
        .update({ data: { points: _.inc(10) } });
      await tx.collection('pointsLedger').add({ data: { memberId: 'm1', delta: 10 } });
      throw new Error('business rule failed');
    });
    await expect(run).rejects.toThrow('business rule failed');
    expect(member().points).toBe(100);
    expect(h.engine.count('pointsLedger')).toBe(0);
    // the lock went away with the rollback: a plain write goes through at once
    expect(
      (
        await db
          .collection('members')
          .doc('m1')
          .update({ data: { points: 1 } })
      ).stats.updated,
    ).toBe(1);
  });

  it('runTransaction returns the callback result; rollback(reason) rejects with the reason', async () => {
    expect(
      await db.runTransaction(
        async (tx: Sdk) => (await tx.collection('members').doc('m1').get()).data.points,
      ),
    ).toBe(100);
    const rolledBack = db.runTransaction(async (tx: Sdk) => {
      await tx
        .collection('members')
        .doc('m1')
        .update({ data: { points: 0 } });
      await tx.rollback('not enough points');
    });
    await expect(rolledBack).rejects.toBe('not enough points');
    expect(member().points).toBe(100);
  });

  it('set, remove and get of a missing document inside a transaction', async () => {
    const lenient = h.cloud.database({ throwOnNotFound: false });
    await lenient.runTransaction(async (tx: Sdk) => {
      expect((await tx.collection('members').doc('ghost').get()).data).toBeNull();
      await tx
        .collection('members')
        .doc('m2')
        .set({ data: { phone: '13800000002', points: 5 } });
      await tx.collection('members').doc('m1').remove();
      expect((await tx.collection('members').doc('m1').get()).data).toBeNull();
    });
    expect(h.engine.find('members', {})).toEqual([{ _id: 'm2', phone: '13800000002', points: 5 }]);
  });

  it('only single-document operations: where().get() inside a transaction is refused', async () => {
    const tx = await db.startTransaction();
    await expect(
      tx.collection('members').where({ phone: '13800000001' }).get(),
    ).rejects.toMatchObject({ errCode: -502001 });
    await tx.rollback();
  });
});

describe('isolation and conflicts', () => {
  it('reads see the snapshot taken at start; writing a document changed since then conflicts', async () => {
    const tx = await db.startTransaction();
    expect((await tx.collection('members').doc('m1').get()).data.points).toBe(100);
    await db
      .collection('members')
      .doc('m1')
      .update({ data: { points: 500 } });
    expect((await tx.collection('members').doc('m1').get()).data.points).toBe(100);
    const error = await tx
      .collection('members')
      .doc('m1')
      .update({ data: { points: _.inc(1) } })
      .catch((e: unknown) => e);
    expect(error).toMatchObject({ errCode: -501001 });
    expect(isConflict(error)).toBe(true);
    // CloudBase aborts a transaction that hit a conflict: commit now fails with the conflict code
    await expect(tx.commit()).rejects.toMatchObject({ code: 'DATABASE_TRANSACTION_CONFLICT' });
    expect(member().points).toBe(500);
  });

  it('a second transaction writing a locked document fails at once; wx-server-sdk does not retry it', async () => {
    let attempts = 0;
    const first = await db.startTransaction();
    await first
      .collection('counters')
      .doc('k')
      .update({ data: { n: _.inc(1) } });
    const second = db.runTransaction(async (tx: Sdk) => {
      attempts++;
      await tx
        .collection('counters')
        .doc('k')
        .update({ data: { n: _.inc(10) } });
    });
    const error = await second.catch((e: unknown) => e);
    expect(attempts).toBe(1);
    expect(error).toMatchObject({ errCode: -501001 });
    expect((error as { errMsg: string }).errMsg).toMatch(
      /^document\.update:fail -501001 .*\[ResourceUnavailable\.TransactionConflict\]/,
    );
    await first.commit();
    expect(h.engine.find('counters', { _id: 'k' })[0].n).toBe(1);
  });

  it('conflicting transactions: one commits, the other is retried by runTransaction and sees the new value', async () => {
    const seen: Record<string, number[]> = { a: [], b: [] };
    let bothRead!: () => void;
    const barrier = new Promise<void>((resolve) => (bothRead = resolve));
    let readers = 0;
    const increment = (label: 'a' | 'b') =>
      db.runTransaction(async (tx: Sdk) => {
        const { data } = await tx.collection('counters').doc('k').get();
        seen[label].push(data.n);
        if (++readers === 2) bothRead();
        await barrier; // both read n = 0 before either writes
        try {
          await tx
            .collection('counters')
            .doc('k')
            .update({ data: { n: data.n + 1 } });
        } catch (error) {
          // hand the conflict back to runTransaction's retry loop with the code it checks
          if (isConflict(error))
            throw {
              code: 'DATABASE_TRANSACTION_CONFLICT',
              message: (error as { errMsg: string }).errMsg,
            };
          throw error;
        }
        return data.n + 1;
      });
    const results = await Promise.all([increment('a'), increment('b')]);
    expect(h.engine.find('counters', { _id: 'k' })[0].n).toBe(2);
    expect(results.sort()).toEqual([1, 2]);
    const loser = seen.a.length > 1 ? seen.a : seen.b;
    expect(loser[0]).toBe(0);
    expect(loser[loser.length - 1]).toBe(1);
  });

  it('a plain update of a locked document waits for the commit, then applies on top of it', async () => {
    const tx = await db.startTransaction();
    await tx
      .collection('members')
      .doc('m1')
      .update({ data: { points: 300 } });
    const modifies = () => h.stats.get('test').byAction['database.modifyDocument'] ?? 0;
    const before = modifies();
    let finished = false;
    const plain = db
      .collection('members')
      .doc('m1')
      .update({ data: { points: _.inc(1) } })
      .then((r: Sdk) => {
        finished = true;
        return r;
      });
    // the request has reached the engine, whose first attempt runs before it can wait
    await waitFor(() => expect(modifies()).toBe(before + 1));
    expect(finished).toBe(false);
    expect(member().points).toBe(100);
    await tx.commit();
    expect((await plain).stats.updated).toBe(1);
    expect(member().points).toBe(301);
  });

  it('an abandoned transaction expires: its lock is released and its commit fails', async () => {
    const tx = await db.startTransaction();
    await tx
      .collection('members')
      .doc('m1')
      .update({ data: { points: 1 } });
    const started = Date.now();
    expect(
      (
        await db
          .collection('members')
          .doc('m1')
          .update({ data: { points: _.inc(1) } })
      ).stats.updated,
    ).toBe(1);
    expect(Date.now() - started).toBeGreaterThanOrEqual(1_000);
    expect(member().points).toBe(101);
    // CloudBase: the transaction no longer exists on the server (DATABASE_TRANSACTION_FAIL)
    await expect(tx.commit()).rejects.toMatchObject({ code: 'DATABASE_TRANSACTION_FAIL' });
  });

  it('a duplicate key inside a transaction fails the write and leaves nothing', async () => {
    const run = db.runTransaction(async (tx: Sdk) => {
      await tx.collection('pointsLedger').add({ data: { memberId: 'm1', delta: 1 } });
      await tx.collection('members').add({ data: { phone: '13800000001' } });
    });
    const error = await run.catch((e: unknown) => e);
    expect(error).toMatchObject({ errCode: -502001 });
    expect((error as { errMsg: string }).errMsg).toContain('E11000 duplicate key error');
    expect(h.engine.count('pointsLedger')).toBe(0);
    expect(h.engine.count('members')).toBe(1);
  });
});
