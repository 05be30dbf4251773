import { describe, expect, it } from '@jest/globals';
import type { StaffViewer } from './ownership';
import { managedStore, mayUnbind } from './storeManagement';

const clerk = (staffId: string, storeId = 'S1'): StaffViewer => ({
  staffId,
  role: 'clerk',
  storeId,
});
const manager = (staffId: string, storeId = 'S1'): StaffViewer => ({
  staffId,
  role: 'manager',
  storeId,
});
const hq = (staffId = 'H1'): StaffViewer => ({ staffId, role: 'hq', storeId: null });

describe('which store an actor manages', () => {
  it.each([
    [
      'a manager, their own store by default',
      manager('M1'),
      undefined,
      { ok: true, storeId: 'S1' },
    ],
    ['a manager naming their own store', manager('M1'), 'S1', { ok: true, storeId: 'S1' }],
    [
      'a manager naming another store',
      manager('M1'),
      'S2',
      { ok: false, code: 'AUTH.WRONG_STORE' },
    ],
    ['a clerk, even their own store', clerk('C1'), 'S1', { ok: false, code: 'AUTH.FORBIDDEN' }],
    ['HQ, any store', hq(), 'S2', { ok: true, storeId: 'S2' }],
    ['HQ without a store', hq(), undefined, { ok: false, code: 'COMMON.INVALID_INPUT' }],
  ])('%s', (_case, actor, requested, expected) => {
    expect(managedStore(actor, requested)).toEqual(expected);
  });
});

describe('who may unbind whom', () => {
  it.each([
    ['a manager, a clerk of their store', manager('M1'), clerk('C1'), { ok: true }],
    [
      'a manager, a clerk of another store',
      manager('M1'),
      clerk('C2', 'S2'),
      { ok: false, code: 'AUTH.WRONG_STORE' },
    ],
    [
      'a manager, another manager',
      manager('M1'),
      manager('M2'),
      { ok: false, code: 'AUTH.FORBIDDEN' },
    ],
    ['a manager, HQ', manager('M1'), hq(), { ok: false, code: 'AUTH.FORBIDDEN' }],
    ['a manager, themselves', manager('M1'), manager('M1'), { ok: false, code: 'AUTH.FORBIDDEN' }],
    ['a clerk, another clerk', clerk('C1'), clerk('C2'), { ok: false, code: 'AUTH.FORBIDDEN' }],
    ['HQ, a manager of any store', hq(), manager('M2', 'S2'), { ok: true }],
    ['HQ, another HQ member', hq(), hq('H2'), { ok: true }],
    ['HQ, themselves', hq(), hq(), { ok: false, code: 'AUTH.FORBIDDEN' }],
  ])('%s', (_case, actor, target, expected) => {
    expect(mayUnbind(actor, target)).toEqual(expected);
  });
});
