/**
 * The phone-tail migration (`npm run db:phone-tail`): members from before 我的顾客's search get
 * `phoneTail` through the real SDK, a tombstoned phone gets none, a member that has one is
 * left alone, and a second run writes nothing.
 */
import { afterAll, beforeAll, expect, it } from '@jest/globals';
import { startTestEmulator, type TestEmulator } from '../support/emulator';
import { loadSdk, pointSdkAt } from './support/sdk';
import { migratePhoneTails } from '../../scripts/db-phone-tail';
import type { Database } from '../../cloudfunctions/_shared/db';
import { find } from './support/loyalty';

let emu: TestEmulator;
let db: Database;

beforeAll(async () => {
  emu = await startTestEmulator();
  emu.database.insertMany('members', [
    { _id: 'm-old', memberNo: 1, phone: '13933330001', status: 'active', createdAt: 1 },
    { _id: 'm-gone', memberNo: 2, phone: 'deleted:m-gone', status: 'deleted', createdAt: 1 },
    {
      _id: 'm-new',
      memberNo: 3,
      phone: '13933330002',
      phoneTail: '0002',
      status: 'active',
      createdAt: 1,
    },
  ]);
  pointSdkAt(`${emu.url}/__tcb/phone-tail-migration`);
  db = loadSdk().database() as Database;
});
afterAll(async () => {
  await emu?.stop();
});

it('writes the tail of members without one, once', async () => {
  expect(await migratePhoneTails(db)).toEqual({ written: 2, seen: 3 });
  expect(find(emu, 'members', {}).map((m) => [m._id, m.phoneTail])).toEqual(
    expect.arrayContaining([
      ['m-old', '0001'],
      ['m-gone', null],
      ['m-new', '0002'],
    ]),
  );
  expect(await migratePhoneTails(db)).toEqual({ written: 0, seen: 3 });
});
