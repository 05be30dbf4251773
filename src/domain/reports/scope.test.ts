import { describe, expect, it } from '@jest/globals';
import { reportScope } from './scope';

const hq = { staffId: 'HQ1', role: 'hq' as const, storeId: null };
const manager = { staffId: 'M1', role: 'manager' as const, storeId: 'S1' };
const clerk = { staffId: 'C1', role: 'clerk' as const, storeId: 'S1' };

describe('reportScope', () => {
  it('HQ reads the chain', () =>
    expect(reportScope(hq, { scope: 'chain' })).toEqual({
      ok: true,
      scope: 'chain',
      storeId: null,
      area: null,
    }));
  it('HQ reads an area it names', () => {
    expect(reportScope(hq, { scope: 'area', area: '上海区' })).toEqual({
      ok: true,
      scope: 'area',
      storeId: null,
      area: '上海区',
    });
    expect(reportScope(hq, { scope: 'area' })).toEqual({ ok: false, code: 'COMMON.INVALID_INPUT' });
  });
  it('a manager is refused an area', () =>
    expect(reportScope(manager, { scope: 'area', area: '上海区' })).toEqual({
      ok: false,
      code: 'AUTH.FORBIDDEN',
    }));
  it('HQ reads any store it names', () =>
    expect(reportScope(hq, { scope: 'store', storeId: 'S9' })).toEqual({
      ok: true,
      scope: 'store',
      storeId: 'S9',
      area: null,
    }));
  it('HQ must name the store', () =>
    expect(reportScope(hq, { scope: 'store' })).toEqual({
      ok: false,
      code: 'COMMON.INVALID_INPUT',
    }));
  it('a manager reads their own store by default', () =>
    expect(reportScope(manager, { scope: 'store' })).toMatchObject({ ok: true, storeId: 'S1' }));
  it('a manager is refused another store', () =>
    expect(reportScope(manager, { scope: 'store', storeId: 'S2' })).toEqual({
      ok: false,
      code: 'AUTH.WRONG_STORE',
    }));
  it('a manager is refused the chain', () =>
    expect(reportScope(manager, { scope: 'chain' })).toEqual({
      ok: false,
      code: 'AUTH.FORBIDDEN',
    }));
  it('a clerk reads no report', () =>
    expect(reportScope(clerk, { scope: 'store' })).toEqual({ ok: false, code: 'AUTH.FORBIDDEN' }));
});
