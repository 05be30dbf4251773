/**
 * Queries as CloudBase answers them, through the real SDK (docs/emulator.md lists the sources):
 * partial matches of nested objects, neq/nin/exists on missing fields, regular expressions,
 * the sort order of mixed types, and the limit defaults and caps.
 */
import { describe, expect, it } from '@jest/globals';
import { ids, semanticsHarness } from './support/semantics';

const s = semanticsHarness();

describe('where() on nested objects', () => {
  it('where({a: {b: 1}}) is a partial match on a.b (the SDK sends {"a.b": 1}), not an exact sub-document', async () => {
    const coll = s.fill([
      { _id: 'more', a: { b: 1, c: 2 } },
      { _id: 'exact', a: { b: 1 } },
      { _id: 'other', a: { b: 2 } },
      { _id: 'inArray', a: [{ b: 1 }, { b: 3 }] },
    ]);
    expect(await ids(coll.where({ a: { b: 1 } }))).toEqual(['more', 'exact', 'inArray']);
    expect(await ids(coll.where({ 'a.c': 2 }))).toEqual(['more']);
  });
});

describe('missing fields', () => {
  const DOCS = [
    { _id: 'one', n: 1 },
    { _id: 'two', n: 2 },
    { _id: 'null', n: null },
    { _id: 'missing' },
  ];

  it('neq and nin also match documents without the field', async () => {
    const _ = s.db().command;
    const coll = s.fill(DOCS);
    expect(await ids(coll.where({ n: _.neq(1) }))).toEqual(['two', 'null', 'missing']);
    expect(await ids(coll.where({ n: _.nin([1, 2]) }))).toEqual(['null', 'missing']);
  });

  it('eq(null) matches null and missing; exists(true) counts a null as present', async () => {
    const _ = s.db().command;
    const coll = s.fill(DOCS);
    expect(await ids(coll.where({ n: _.eq(null) }))).toEqual(['null', 'missing']);
    expect(await ids(coll.where({ n: _.exists(true) }))).toEqual(['one', 'two', 'null']);
    expect(await ids(coll.where({ n: _.exists(false) }))).toEqual(['missing']);
  });
});

describe('regular expressions', () => {
  it('db.RegExp with options and a JS RegExp both match strings only', async () => {
    const db = s.db();
    const coll = s.fill([
      { _id: 'upper', name: 'ABCDEF 12结尾' },
      { _id: 'lower', name: 'abcdef 3结尾' },
      { _id: 'number', name: 12 },
      { _id: 'multiline', name: 'x\nabcdef 1结尾' },
    ]);
    expect(
      await ids(coll.where({ name: db.RegExp({ regexp: '^abcdef.*\\d+结尾$', options: 'i' }) })),
    ).toEqual(['upper', 'lower']);
    expect(
      await ids(coll.where({ name: db.RegExp({ regexp: '^abcdef.*\\d+结尾$', options: 'im' }) })),
    ).toEqual(['upper', 'lower', 'multiline']);
    expect(await ids(coll.where({ name: /^abc/ }))).toEqual(['lower']);
  });
});

describe('sort', () => {
  const MIXED = [
    { _id: 'str', v: 'b' },
    { _id: 'ten', v: 10 },
    { _id: 'null', v: null },
    { _id: 'missing' },
    { _id: 'bool', v: true },
    { _id: 'date', v: new Date(0) },
    { _id: 'obj', v: { a: 1 } },
    { _id: 'arr', v: [5, 20] },
    { _id: 'half', v: 2.5 },
    { _id: 'strA', v: 'A' },
    { _id: 'empty', v: [] },
  ];

  it('ascending: BSON type order, an array by its smallest element, [] before null', async () => {
    const coll = s.fill(MIXED);
    expect(await ids(coll.orderBy('v', 'asc'))).toEqual([
      'empty',
      'null',
      'missing',
      'half',
      'arr',
      'ten',
      'strA',
      'str',
      'obj',
      'bool',
      'date',
    ]);
  });

  it('descending: an array by its largest element (mingo compared it whole), [] still last', async () => {
    const coll = s.fill(MIXED);
    expect(await ids(coll.orderBy('v', 'desc'))).toEqual([
      'date',
      'bool',
      'obj',
      'str',
      'strA',
      'arr',
      'ten',
      'half',
      'null',
      'missing',
      'empty',
    ]);
  });
});

describe('sort in an aggregation', () => {
  it('the $sort stage orders arrays the same way (largest element descending)', async () => {
    const coll = s.fill([
      { _id: 'ten', v: 10 },
      { _id: 'arr', v: [5, 20] },
      { _id: 'half', v: 2.5 },
      { _id: 'empty', v: [] },
    ]);
    const order = async (dir: 1 | -1) =>
      ((await coll.aggregate().sort({ v: dir }).end()) as { list: { _id: string }[] }).list.map(
        (d) => d._id,
      );
    expect(await order(-1)).toEqual(['arr', 'ten', 'half', 'empty']);
    expect(await order(1)).toEqual(['empty', 'half', 'arr', 'ten']);
  });
});

describe('limits', () => {
  const many = (n: number) =>
    Array.from({ length: n }, (_, i) => ({ _id: `d${String(i).padStart(4, '0')}`, i }));

  it('get() answers 100 by default, at most 1000; count() is not capped; aggregate answers 20 by default', async () => {
    const coll = s.fill(many(1001));
    expect((await coll.get()).data).toHaveLength(100);
    expect((await coll.limit(101).get()).data).toHaveLength(101);
    expect((await coll.limit(1000).get()).data).toHaveLength(1000);
    expect((await coll.limit(1001).get()).data).toHaveLength(1000);
    expect((await coll.count()).total).toBe(1001);
    expect((await coll.where({ i: s.db().command.gte(500) }).count()).total).toBe(501);
    expect((await coll.aggregate().match({}).end()).list).toHaveLength(20);
    expect((await coll.aggregate().limit(1000).end()).list).toHaveLength(1000);
  });
});
