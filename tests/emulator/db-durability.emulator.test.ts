/**
 * Storage is an SQLite file in WAL mode: what the SDK wrote is there after the database is
 * closed and opened again (and so after an emulator restart).
 */
import { rmSync } from 'node:fs';
import { dirname } from 'node:path';
import { afterAll, expect, it } from '@jest/globals';
import { startHarness, tempDbFile } from './support/sdk';

const file = tempDbFile();
afterAll(() => rmSync(dirname(file), { recursive: true, force: true }));

it('data survives closing and reopening the SQLite file', async () => {
  const first = await startHarness({ file });
  const _ = first.db.command;
  await first.db.collection('members').add({
    data: {
      _id: 'm1',
      phone: '13800000001',
      points: 1,
      joinedAt: new Date('2026-01-01T00:00:00Z'),
    },
  });
  await first.db
    .collection('members')
    .doc('m1')
    .update({ data: { points: _.inc(41), tags: _.push(['vip']) } });
  await first.db.createCollection('campaigns');
  await first.db.collection('campaigns').add({ data: { _id: 'c1', name: '双十一' } });
  await first.close();

  const second = await startHarness({ file });
  try {
    expect((await second.db.collection('members').doc('m1').get()).data).toEqual({
      _id: 'm1',
      phone: '13800000001',
      points: 42,
      joinedAt: new Date('2026-01-01T00:00:00Z'),
      tags: ['vip'],
    });
    expect((await second.db.collection('campaigns').get()).data).toEqual([
      { _id: 'c1', name: '双十一' },
    ]);
    // the unique index is still enforced after reopening
    const duplicate = await second.db
      .collection('members')
      .add({ data: { phone: '13800000001' } })
      .catch((e: { errCode: number }) => e);
    expect(duplicate).toMatchObject({ errCode: -502001 });
    expect(second.sqlite.pragma('journal_mode', { simple: true })).toBe('wal');
  } finally {
    await second.close();
  }
});
