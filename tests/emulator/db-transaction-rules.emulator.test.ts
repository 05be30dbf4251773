/**
 * The rules CloudBase (MongoDB) puts on a transaction, through the real wx-server-sdk:
 *  - one request at a time: MongoDB drivers do not support parallel operations inside a
 *    transaction, so `Promise.all` of two operations fails and aborts the transaction;
 *  - at most 30 s from start to commit (DATABASE_TRANSACTION_FAIL afterwards), however busy;
 *  - the conflict retry of cloudfunctions/_shared/db.ts recognises a conflict as the SDK's
 *    own error mapping surfaces the server's answer — checked against a stub server that
 *    answers with CloudBase's wording, not the emulator's.
 */
import { afterAll, beforeAll, beforeEach, describe, expect, it } from '@jest/globals';
import { startHarness, loadSdk, pointSdkAt, type Harness, type Sdk } from './support/sdk';
import { startTcbServer, type TcbTestServer } from '../../emulator/tcb/testServer';
import { isTransactionConflict, runTransaction } from '../../cloudfunctions/_shared/db';

type SdkError = { errCode?: number; errMsg?: string; code?: string };

describe('one request at a time inside a transaction', () => {
  let h: Harness;
  let db: Sdk;
  let _: Sdk;
  beforeAll(async () => {
    // a long round trip, so that the second of two parallel requests always arrives during
    // the first even on a loaded machine (the default, 20 ms, catches them only most of the time)
    h = await startHarness({ transactionOpMs: 150 });
    db = h.db;
    _ = db.command;
  });
  afterAll(async () => {
    await h?.close({ remove: true });
  });
  beforeEach(() => {
    for (const name of ['members', 'pointsLedger']) h.engine.drop(name);
    h.engine.insertMany('members', [{ _id: 'm1', phone: '13800000001', points: 100 }]);
  });
  const points = () => h.engine.find('members', { _id: 'm1' })[0].points;

  it('Promise.all of two writes fails with -501001, is not a conflict, and writes nothing', async () => {
    for (let round = 0; round < 10; round++) {
      const error = (await db
        .runTransaction(async (tx: Sdk) => {
          await Promise.all([
            tx
              .collection('members')
              .doc('m1')
              .update({ data: { points: _.inc(10) } }),
            tx.collection('pointsLedger').add({ data: { memberId: 'm1', delta: 10 } }),
          ]);
        }, 0)
        .catch((e: unknown) => e)) as SdkError;
      expect(error.errCode).toBe(-501001);
      expect(error.errMsg).toMatch(/NoSuchTransaction: .*one after another/);
      expect(isTransactionConflict(error)).toBe(false);
      expect(points()).toBe(100);
      expect(h.engine.count('pointsLedger')).toBe(0);
    }
  });

  it('two reads in parallel are refused too; the aborted transaction cannot commit', async () => {
    const tx = await db.startTransaction();
    const results = await Promise.allSettled([
      tx.collection('members').doc('m1').get(),
      tx.collection('members').doc('m1').get(),
    ]);
    expect(results.map((r) => r.status).sort()).toEqual(['fulfilled', 'rejected']);
    await expect(tx.commit()).rejects.toMatchObject({ code: 'DATABASE_TRANSACTION_FAIL' });
  });

  it('the same writes awaited one after another commit', async () => {
    await db.runTransaction(async (tx: Sdk) => {
      await tx
        .collection('members')
        .doc('m1')
        .update({ data: { points: _.inc(10) } });
      await tx.collection('pointsLedger').add({ data: { memberId: 'm1', delta: 10 } });
    }, 0);
    expect(points()).toBe(110);
    expect(h.engine.count('pointsLedger')).toBe(1);
  });
});

describe('the total lifetime of a transaction', () => {
  let h: Harness;
  beforeAll(async () => {
    // idle timeout far away: only the lifetime can end this transaction
    h = await startHarness({ transactionLifetimeMs: 1_200, transactionTimeoutMs: 60_000 });
  });
  afterAll(async () => {
    await h?.close({ remove: true });
  });

  it('a busy transaction past its lifetime fails with DATABASE_TRANSACTION_FAIL and releases its locks', async () => {
    h.engine.insertMany('counters', [{ _id: 'k', n: 0 }]);
    const _ = h.db.command;
    const tx = await h.db.startTransaction();
    const started = Date.now();
    await tx
      .collection('counters')
      .doc('k')
      .update({ data: { n: _.inc(1) } });
    let error: SdkError | undefined;
    while (!error) {
      await new Promise((r) => setTimeout(r, 200)); // active every 200 ms: never idle
      error = await tx
        .collection('counters')
        .doc('k')
        .get()
        .then(() => undefined)
        .catch((e: SdkError) => e);
    }
    expect(Date.now() - started).toBeGreaterThanOrEqual(1_200);
    expect(error.errCode).toBe(-501001);
    expect(error.errMsg).toContain('must be committed or aborted within 30 seconds');
    expect(isTransactionConflict(error)).toBe(false);
    await expect(tx.commit()).rejects.toMatchObject({ code: 'DATABASE_TRANSACTION_FAIL' });
    const plain = await h.db
      .collection('counters')
      .doc('k')
      .update({ data: { n: _.inc(5) } });
    expect(plain.stats.updated).toBe(1);
    expect(h.engine.find('counters', { _id: 'k' })[0].n).toBe(5);
  });
});

/** CloudBase's own answer to a conflicting transactional write (TencentCloudBase/node-sdk tests). */
const CLOUDBASE_CONFLICT = {
  code: 'DATABASE_TRANSACTION_CONFLICT',
  message:
    '[ResourceUnavailable.TransactionConflict] Transaction is conflict, maybe resource operated by others. Please check your request, but if the problem persists, contact us.',
};

describe('conflict recognition through the SDK’s own error mapping', () => {
  let server: TcbTestServer;
  let conflictsLeft = 0;
  const seen: string[] = [];
  beforeAll(async () => {
    server = await startTcbServer({
      database: {
        async handle(action, params) {
          seen.push(action);
          if (action === 'database.startTransaction') return { transactionId: `t${seen.length}` };
          if (action === 'database.modifyDocument' && params.transactionId && conflictsLeft > 0) {
            conflictsLeft--;
            return CLOUDBASE_CONFLICT;
          }
          if (action === 'database.modifyDocument') return { data: { updated: 1 } };
          return {};
        },
      },
    });
  });
  afterAll(async () => {
    await server?.close();
  });
  beforeEach(() => {
    seen.length = 0;
    loadSdk();
    pointSdkAt(server.urlFor('stub'));
  });

  it('a conflicting doc().update surfaces as -501001 with the server message, and is a conflict', async () => {
    conflictsLeft = 1;
    const db = loadSdk().database();
    const tx = await db.startTransaction();
    const error = (await tx
      .collection('members')
      .doc('m1')
      .update({ data: { points: 1 } })
      .catch((e: unknown) => e)) as SdkError;
    expect(error.code).toBeUndefined();
    expect(error.errCode).toBe(-501001);
    expect(error.errMsg).toBe(
      `document.update:fail -501001 resource system error. ${CLOUDBASE_CONFLICT.message}`,
    );
    expect(isTransactionConflict(error)).toBe(true);
  });

  it('runTransaction retries such a conflict and then succeeds', async () => {
    conflictsLeft = 2;
    const db = loadSdk().database();
    let attempts = 0;
    const result = await runTransaction(
      db,
      async (tx) => {
        attempts++;
        await tx
          .collection('members')
          .doc('m1')
          .update({ data: { points: 1 } });
        return 'done';
      },
      { backoffMs: 1 },
    );
    expect(result).toBe('done');
    expect(attempts).toBe(3);
    expect(seen.filter((a) => a === 'database.startTransaction')).toHaveLength(3);
    expect(seen.filter((a) => a === 'database.commitTransaction')).toHaveLength(1);
  });

  it('other failures are not conflicts: duplicate key, expired transaction, plain errors', () => {
    expect(
      isTransactionConflict({
        errCode: -502001,
        errMsg: 'document.update:fail -502001 database request fail. E11000 duplicate key error',
      }),
    ).toBe(false);
    expect(
      isTransactionConflict({
        errCode: -501001,
        errMsg:
          'document.get:fail -501001 resource system error. [ResourceNotFound.Transaction] transaction t1 does not exist',
      }),
    ).toBe(false);
    expect(isTransactionConflict(new Error('TransactionConflict'))).toBe(false);
    expect(isTransactionConflict(null)).toBe(false);
  });
});
