/**
 * Updates as CloudBase answers them, through the real SDK: nested objects merge (the SDK
 * flattens them to dot paths) unless wrapped in `_.set`, `_.inc`/`_.mul` create a missing
 * field, and the forms of `_.push`.
 */
import { describe, expect, it } from '@jest/globals';
import { semanticsHarness } from './support/semantics';

const s = semanticsHarness();
const doc = (id: string) => s.h().engine.find('sem', { _id: id })[0];

describe('update with nested objects', () => {
  it('update({a: {b: 5}}) sets only a.b; _.set({b: 5}) replaces a; set() replaces the document', async () => {
    const _ = s.db().command;
    const coll = s.fill([
      { _id: 'merge', a: { b: 1, c: 2 } },
      { _id: 'replace', a: { b: 1, c: 2 } },
      { _id: 'whole', a: { b: 1, c: 2 }, other: true },
    ]);
    await coll.doc('merge').update({ data: { a: { b: 5 } } });
    await coll.doc('replace').update({ data: { a: _.set({ b: 5 }) } });
    await coll.doc('whole').set({ data: { a: { b: 5 } } });
    expect(doc('merge')).toEqual({ _id: 'merge', a: { b: 5, c: 2 } });
    expect(doc('replace')).toEqual({ _id: 'replace', a: { b: 5 } });
    expect(doc('whole')).toEqual({ _id: 'whole', a: { b: 5 } });
  });
});

describe('inc and mul on missing fields', () => {
  it('inc creates the field (and its parents) with the increment; mul creates it as 0', async () => {
    const _ = s.db().command;
    const coll = s.fill([{ _id: 'm' }]);
    const res = await coll.doc('m').update({
      data: { points: _.inc(5), stats: { visits: _.inc(1) }, factor: _.mul(3) },
    });
    expect(res.stats.updated).toBe(1);
    expect(doc('m')).toEqual({ _id: 'm', points: 5, stats: { visits: 1 }, factor: 0 });
  });

  it('inc of a field that holds a string is a write error, not a silent no-op', async () => {
    const _ = s.db().command;
    const coll = s.fill([{ _id: 'm', points: 'many' }]);
    const error = (await coll
      .doc('m')
      .update({ data: { points: _.inc(1) } })
      .catch((e: unknown) => e)) as { errCode: number; errMsg: string };
    expect(error.errCode).toBe(-502001);
    expect(error.errMsg).toContain('Cannot apply $inc to a value of non-numeric type');
    expect(doc('m').points).toBe('many');
  });
});

describe('push', () => {
  it('push(value), push([values]) and push({each, position, slice, sort}); a missing array is created', async () => {
    const _ = s.db().command;
    const coll = s.fill([{ _id: 'p', a: [1, 2], b: [3, 1, 2], c: [1, 2, 3] }]);
    await coll.doc('p').update({
      data: {
        a: _.push(9),
        b: _.push({ each: [0], sort: 1 }),
        c: _.push({ each: [8, 9], position: 0, slice: 3 }),
        fresh: _.push([4, 5]),
      },
    });
    expect(doc('p')).toEqual({
      _id: 'p',
      a: [1, 2, 9],
      b: [0, 1, 2, 3],
      c: [8, 9, 1],
      fresh: [4, 5],
    });
  });

  it('push onto a field that is not an array is a write error', async () => {
    const _ = s.db().command;
    const coll = s.fill([{ _id: 'p', a: 'text' }]);
    const error = (await coll
      .doc('p')
      .update({ data: { a: _.push(1) } })
      .catch((e: unknown) => e)) as { errCode: number; errMsg: string };
    expect(error.errCode).toBe(-502001);
    expect(error.errMsg).toContain("The field 'a' must be an array");
  });
});
