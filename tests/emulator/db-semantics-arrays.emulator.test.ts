/**
 * Array queries as CloudBase answers them (facts from the real-service tests in
 * TencentCloudBase/node-sdk test/database/unit/advanced-operator.test.ts; see docs/emulator.md).
 */
import { describe, expect, it } from '@jest/globals';
import { ids, semanticsHarness } from './support/semantics';

const s = semanticsHarness();
const DOCS = [
  { _id: 'strings', tags: ['Go', 'C#'] },
  { _id: 'go', tags: ['Go'] },
  { _id: 'numbers', tags: [1, 2, 3, 4, 5, 6, 7, 8, 9] },
  { _id: 'embedded', tags: [{ value: 1 }, { value: 7 }] },
  { _id: 'scalar', tags: 7 },
];

describe('elemMatch', () => {
  it('with field conditions matches only elements that are documents (mingo also matched plain values)', async () => {
    const _ = s.db().command;
    const coll = s.fill(DOCS);
    expect(await ids(coll.where({ tags: _.elemMatch({ value: _.gt(0) }) }))).toEqual(['embedded']);
    expect(await ids(coll.where({ tags: _.elemMatch({ value: _.exists(true) }) }))).toEqual([
      'embedded',
    ]);
    expect(await ids(coll.where({ tags: _.elemMatch({ value: _.mod([4, 3]) }) }))).toEqual([
      'embedded',
    ]);
    expect(await ids(coll.where({ tags: _.elemMatch({ value: 1 }) }))).toEqual(['embedded']);
  });

  it('with operators on the values matches plain values of the same type only', async () => {
    const _ = s.db().command;
    const coll = s.fill(DOCS);
    expect(await ids(coll.where({ tags: _.elemMatch(_.gt(2)) }))).toEqual(['numbers']);
    // no element other than 'Go': ['Go'] is not returned
    expect(await ids(coll.where({ tags: _.elemMatch(_.neq('Go')) }))).toEqual([
      'strings',
      'numbers',
      'embedded',
    ]);
    // elemMatch never matches a field that is not an array
    expect(await ids(coll.where({ tags: _.elemMatch(_.eq(7)) }))).toEqual(['numbers']);
  });
});

describe('all and size', () => {
  it('all and size match as on CloudBase', async () => {
    const _ = s.db().command;
    const coll = s.fill(DOCS);
    expect(await ids(coll.where({ tags: _.all(['Go']) }))).toEqual(['strings', 'go']);
    expect(await ids(coll.where({ tags: _.size(2) }))).toEqual(['strings', 'embedded']);
    // an equality on an array field matches an element
    expect(await ids(coll.where({ tags: 7 }))).toEqual(['numbers', 'scalar']);
  });
});
