import { describe, expect, it } from '@jest/globals';
import { mayCloseStore, nextStoreId, storeChanges, storeFormSchema } from './chainStores';

describe('nextStoreId', () => {
  it.each([
    [[], 'S001'],
    [['S001', 'S002'], 'S003'],
    [['S001', 'S007', 'S003'], 'S008'],
    [['S999'], 'S1000'],
    [['S001', 'HQ', 'x12'], 'S002'],
  ])('after %j: %s', (ids, next) => expect(nextStoreId(ids)).toBe(next));
});

describe('storeFormSchema', () => {
  it('trims and accepts a store', () => {
    expect(
      storeFormSchema.parse({
        name: ' 徐家汇店 ',
        city: '上海',
        address: '上海市徐汇区漕溪北路 1 号',
      }),
    ).toEqual({ name: '徐家汇店', city: '上海', address: '上海市徐汇区漕溪北路 1 号', area: '' });
  });
  it.each([
    [{ name: '店', city: '上海', address: '上海市某路 1 号' }, '门店名称至少 2 个字'],
    [{ name: '徐家汇店', city: '', address: '上海市某路 1 号' }, '城市至少 2 个字'],
    [{ name: '徐家汇店', city: '上海', address: '一号' }, '地址至少 4 个字'],
    [{ name: '徐'.repeat(21), city: '上海', address: '上海市某路 1 号' }, '门店名称最多 20 个字'],
  ])('refuses %j: %s', (input, message) => {
    const r = storeFormSchema.safeParse(input);
    expect(r.success).toBe(false);
    expect(r.error?.issues[0].message).toBe(message);
  });
});

describe('storeChanges', () => {
  const before = { name: '南京西路店', city: '上海', address: '南京西路 1266 号', area: '' };
  it('lists only what changed, in form order', () => {
    expect(
      storeChanges(before, { ...before, address: '南京西路 1788 号', name: '静安店' }),
    ).toEqual([
      { field: 'name', label: '名称', before: '南京西路店', after: '静安店' },
      { field: 'address', label: '地址', before: '南京西路 1266 号', after: '南京西路 1788 号' },
    ]);
  });
  it('an area set is a change', () =>
    expect(storeChanges(before, { ...before, area: '上海区' })).toEqual([
      { field: 'area', label: '区域', before: '', after: '上海区' },
    ]));
  it('is empty for the same store', () => expect(storeChanges(before, { ...before })).toEqual([]));
});

describe('mayCloseStore', () => {
  it('closes an empty store', () => expect(mayCloseStore(0)).toEqual({ ok: true }));
  it('keeps a store with bound staff open', () =>
    expect(mayCloseStore(3)).toEqual({ ok: false, code: 'STORE.HAS_STAFF', staff: 3 }));
});
