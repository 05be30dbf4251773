/**
 * The emulated database through the real wx-server-sdk: result shapes, query semantics,
 * update operators, server dates and the errors a caller sees.
 */
import { afterAll, beforeAll, beforeEach, describe, expect, it } from '@jest/globals';
import { startHarness, type Harness, type Sdk } from './support/sdk';

const NOW = Date.parse('2026-11-20T02:00:00Z');

let h: Harness;
let db: Sdk;
let _: Sdk;
beforeAll(async () => {
  h = await startHarness({ clock: () => NOW });
  db = h.db;
  _ = db.command;
});
afterAll(async () => {
  await h?.close({ remove: true });
});
beforeEach(() => {
  for (const name of ['members', 'stores', 'orders', 'settings']) h.engine.drop(name);
});

describe('result shapes', () => {
  it('add → {_id} with a 32-hex generated id; add with _id keeps it', async () => {
    const added = await db.collection('stores').add({ data: { name: '徐汇店' } });
    expect(added).toEqual({
      _id: expect.stringMatching(/^[0-9a-f]{32}$/),
      errMsg: 'collection.add:ok',
    });
    const own = await db.collection('stores').add({ data: { _id: 's1', name: '静安店' } });
    expect(own._id).toBe('s1');
  });

  it('doc(id).get → {data: doc}; get() → {data: [docs]}; count() → {total}', async () => {
    await db.collection('stores').add({ data: { _id: 's1', name: '静安店', open: true } });
    expect(await db.collection('stores').doc('s1').get()).toEqual({
      data: { _id: 's1', name: '静安店', open: true },
      errMsg: 'document.get:ok',
    });
    const list = await db.collection('stores').where({ open: true }).get();
    expect(list).toEqual({
      data: [{ _id: 's1', name: '静安店', open: true }],
      errMsg: 'collection.get:ok',
    });
    expect(await db.collection('stores').count()).toEqual({
      total: 1,
      errMsg: 'collection.count:ok',
    });
  });

  it('doc(id).get of a missing document throws, unless throwOnNotFound: false', async () => {
    const error = await db
      .collection('stores')
      .doc('missing')
      .get()
      .catch((e: unknown) => e);
    expect(error).toMatchObject({
      errCode: -1,
      errMsg: 'document.get:fail document with _id missing does not exist',
    });
    const lenient = h.cloud.database({ throwOnNotFound: false });
    expect(await lenient.collection('stores').doc('missing').get()).toEqual({
      data: null,
      errMsg: 'document.get:ok',
    });
  });

  it('update → {stats: {updated}}: 1 when changed, 0 when nothing matched or nothing changed', async () => {
    await db.collection('stores').add({ data: { _id: 's1', name: 'a' } });
    expect(
      await db
        .collection('stores')
        .doc('s1')
        .update({ data: { name: 'b' } }),
    ).toEqual({
      stats: { updated: 1 },
      errMsg: 'document.update:ok',
    });
    expect(
      (
        await db
          .collection('stores')
          .doc('s1')
          .update({ data: { name: 'b' } })
      ).stats.updated,
    ).toBe(0);
    expect(
      (
        await db
          .collection('stores')
          .doc('nope')
          .update({ data: { name: 'b' } })
      ).stats.updated,
    ).toBe(0);
    const many = await db
      .collection('stores')
      .where({ name: 'b' })
      .update({ data: { name: 'c' } });
    expect(many).toEqual({ stats: { updated: 1 }, errMsg: 'collection.update:ok' });
  });

  it('set replaces the document (upsert): created 1 for a new id, updated 1 for an existing one', async () => {
    const created = await db
      .collection('stores')
      .doc('s9')
      .set({ data: { name: 'new', extra: 1 } });
    expect(created).toEqual({
      _id: 's9',
      stats: { updated: 0, created: 1 },
      errMsg: 'document.set:ok',
    });
    const replaced = await db
      .collection('stores')
      .doc('s9')
      .set({ data: { name: 'replaced' } });
    expect(replaced.stats).toEqual({ updated: 1, created: 0 });
    expect((await db.collection('stores').doc('s9').get()).data).toEqual({
      _id: 's9',
      name: 'replaced',
    });
  });

  it('remove → {stats: {removed}} for doc().remove and where().remove', async () => {
    await db.collection('stores').add({
      data: [
        { _id: 'a', k: 1 },
        { _id: 'b', k: 1 },
        { _id: 'c', k: 2 },
      ],
    });
    expect(await db.collection('stores').doc('c').remove()).toEqual({
      stats: { removed: 1 },
      errMsg: 'document.remove:ok',
    });
    expect(await db.collection('stores').where({ k: 1 }).remove()).toEqual({
      stats: { removed: 2 },
      errMsg: 'collection.remove:ok',
    });
    expect((await db.collection('stores').count()).total).toBe(0);
  });

  it('add of several documents → {_ids}', async () => {
    const added = await db
      .collection('stores')
      .add({ data: [{ name: 'x' }, { _id: 'y', name: 'y' }] });
    expect(added._ids).toEqual([expect.stringMatching(/^[0-9a-f]{32}$/), 'y']);
  });

  it('a collection that does not exist fails with -502005 (declared collections always exist)', async () => {
    const error = await db
      .collection('nosuch')
      .get()
      .catch((e: unknown) => e);
    expect(error).toMatchObject({ errCode: -502005 });
    expect(String((error as { errMsg: string }).errMsg)).toContain('Db or Table not exist');
    expect(await db.createCollection('scratch')).toMatchObject({ errMsg: 'createCollection:ok' });
    expect((await db.collection('scratch').get()).data).toEqual([]);
    const again = await db.createCollection('scratch').catch((e: unknown) => e);
    expect(String((again as { errMsg: string }).errMsg)).toContain('Table exist');
    h.engine.drop('scratch');
  });
});

describe('queries', () => {
  it('where({a: {b: 1}}) is a partial match on a.b, and update({a: {b}}) only sets a.b', async () => {
    await db
      .collection('stores')
      .add({ data: { _id: 's1', address: { city: '上海', district: '徐汇' } } });
    const found = await db
      .collection('stores')
      .where({ address: { city: '上海' } })
      .get();
    expect(found.data.map((d: { _id: string }) => d._id)).toEqual(['s1']);
    await db
      .collection('stores')
      .doc('s1')
      .update({ data: { address: { city: '北京' } } });
    expect((await db.collection('stores').doc('s1').get()).data.address).toEqual({
      city: '北京',
      district: '徐汇',
    });
    await db
      .collection('stores')
      .doc('s1')
      .update({ data: { address: _.set({ city: '广州' }) } });
    expect((await db.collection('stores').doc('s1').get()).data.address).toEqual({ city: '广州' });
  });

  it('an undefined value is dropped from where() and widens the query (SDK behaviour); all-undefined throws', async () => {
    h.engine.insertMany('members', [
      { _id: 'm1', homeStoreId: 's1', phone: '13800000001' },
      { _id: 'm2', homeStoreId: 's1', phone: '13800000002' },
      { _id: 'm3', homeStoreId: 's2', phone: '13800000003' },
    ]);
    const phone: string | undefined = undefined;
    const widened = await db.collection('members').where({ homeStoreId: 's1', phone }).get();
    expect(widened.data.map((d: { _id: string }) => d._id)).toEqual(['m1', 'm2']);
    expect(() => db.collection('members').where({ phone })).toThrow();
  });

  it('limit: 100 by default, at most 1000; orderBy, skip and field apply', async () => {
    h.engine.insertMany(
      'orders',
      Array.from({ length: 1200 }, (_v, i) => ({
        _id: `o${i}`,
        storeId: 's1',
        receiptNo: `r${i}`,
        n: i,
      })),
    );
    expect((await db.collection('orders').get()).data).toHaveLength(100);
    expect((await db.collection('orders').limit(1000).get()).data).toHaveLength(1000);
    expect((await db.collection('orders').limit(5000).get()).data).toHaveLength(1000);
    const page = await db
      .collection('orders')
      .where({ n: _.lt(10) })
      .orderBy('n', 'desc')
      .skip(2)
      .limit(3)
      .field({ n: true })
      .get();
    expect(page.data).toEqual([
      { _id: 'o7', n: 7 },
      { _id: 'o6', n: 6 },
      { _id: 'o5', n: 5 },
    ]);
  });

  it('commands: comparison, in/nin, and/or, exists, RegExp, elemMatch, size, dates', async () => {
    h.engine.insertMany('members', [
      {
        _id: 'm1',
        phone: '13800000001',
        level: 1,
        tags: ['vip', 'new'],
        birthday: new Date('1990-02-28T00:00:00Z'),
      },
      {
        _id: 'm2',
        phone: '13900000002',
        level: 3,
        tags: [],
        birthday: new Date('2001-05-01T00:00:00Z'),
      },
      { _id: 'm3', phone: '13700000003', level: 2 },
    ]);
    const ids = async (q: unknown) =>
      (await db.collection('members').where(q).get()).data
        .map((d: { _id: string }) => d._id)
        .sort();
    expect(await ids({ level: _.gte(2) })).toEqual(['m2', 'm3']);
    expect(await ids({ level: _.in([1, 3]) })).toEqual(['m1', 'm2']);
    expect(await ids(_.or([{ level: 1 }, { phone: db.RegExp({ regexp: '^139' }) }]))).toEqual([
      'm1',
      'm2',
    ]);
    expect(await ids({ tags: _.exists(false) })).toEqual(['m3']);
    expect(await ids({ tags: 'vip' })).toEqual(['m1']);
    expect(await ids({ tags: _.size(0) })).toEqual(['m2']);
    expect(await ids({ phone: /^137/ })).toEqual(['m3']);
    expect(await ids({ birthday: _.lt(new Date('2000-01-01T00:00:00Z')) })).toEqual(['m1']);
    expect(await ids({ level: _.neq(1).and(_.lt(3)) })).toEqual(['m3']);
  });

  it('dates come back as Date objects', async () => {
    await db
      .collection('stores')
      .add({ data: { _id: 's1', openedAt: new Date('2020-01-02T03:04:05.678Z') } });
    const doc = (await db.collection('stores').doc('s1').get()).data;
    expect(doc.openedAt).toBeInstanceOf(Date);
    expect(doc.openedAt.toISOString()).toBe('2020-01-02T03:04:05.678Z');
  });

  it('round-trips every stored type: dates (before 1970, whole seconds, nested), regexps, non-finite numbers', async () => {
    const data = {
      _id: 's1',
      at: new Date('2026-05-01T08:00:00.000Z'),
      born: new Date('1969-07-20T20:17:40.000Z'),
      history: [
        { at: new Date('2026-01-02T03:04:05.006Z'), n: 1.5 },
        { at: null, n: -2 },
      ],
      pattern: db.RegExp({ regexp: '^林', options: 'im' }),
      big: 2 ** 40,
      nan: NaN,
      inf: Infinity,
      ninf: -Infinity,
      nested: { deep: { list: [1, '二', true, null, { d: new Date(0) }] } },
    };
    await db.collection('stores').add({ data });
    const doc = (await db.collection('stores').doc('s1').get()).data;
    expect(doc.at).toEqual(data.at);
    expect(doc.born).toEqual(data.born);
    expect(doc.history).toEqual(data.history);
    // the SDK's EJSON.parse answers a BSONRegExp
    expect({ pattern: doc.pattern.pattern, options: doc.pattern.options }).toEqual({
      pattern: '^林',
      options: 'im',
    });
    expect([doc.big, doc.nan, doc.inf, doc.ninf]).toEqual([2 ** 40, NaN, Infinity, -Infinity]);
    expect(doc.nested).toEqual(data.nested);
    // the stored dates are found by equality through an index-free scan and by range
    expect((await db.collection('stores').where({ born: data.born }).count()).total).toBe(1);
    expect(
      (
        await db
          .collection('stores')
          .where({ 'history.at': _.gt(new Date('2026-01-01')) })
          .count()
      ).total,
    ).toBe(1);
    expect(
      (
        await db
          .collection('stores')
          .where({ pattern: _.exists(true) })
          .count()
      ).total,
    ).toBe(1);
  });
});

describe('update operators', () => {
  beforeEach(async () => {
    await db.collection('members').add({
      data: {
        _id: 'm1',
        points: 10,
        tags: ['a', 'b'],
        profile: { nick: 'x', city: 'sh' },
        old: 1,
      },
    });
  });
  const get = async () => (await db.collection('members').doc('m1').get()).data;

  it('inc, mul, min, max, remove, rename', async () => {
    await db
      .collection('members')
      .doc('m1')
      .update({ data: { points: _.inc(5), score: _.inc(1) } });
    expect(await get()).toMatchObject({ points: 15, score: 1 });
    await db
      .collection('members')
      .doc('m1')
      .update({ data: { points: _.mul(2) } });
    await db
      .collection('members')
      .doc('m1')
      .update({ data: { low: _.min(3), high: _.max(9) } });
    // $rename takes the full new path: profile.nick → nickname (top level)
    await db
      .collection('members')
      .doc('m1')
      .update({ data: { old: _.remove(), profile: { nick: _.rename('nickname') } } });
    const doc = await get();
    expect(doc).toMatchObject({
      points: 30,
      low: 3,
      high: 9,
      nickname: 'x',
      profile: { city: 'sh' },
    });
    expect(doc).not.toHaveProperty('old');
  });

  it('push, pop, shift, unshift, pull, pullAll, addToSet', async () => {
    const tags = async (data: unknown) => {
      await db
        .collection('members')
        .doc('m1')
        .update({ data: { tags: data } });
      return (await get()).tags;
    };
    expect(await tags(_.push(['c']))).toEqual(['a', 'b', 'c']);
    expect(await tags(_.push({ each: ['z'], position: 0 }))).toEqual(['z', 'a', 'b', 'c']);
    expect(await tags(_.pop())).toEqual(['z', 'a', 'b']);
    expect(await tags(_.shift())).toEqual(['a', 'b']);
    expect(await tags(_.unshift(['y']))).toEqual(['y', 'a', 'b']);
    expect(await tags(_.pull('y'))).toEqual(['a', 'b']);
    expect(await tags(_.addToSet('a'))).toEqual(['a', 'b']);
    expect(await tags(_.addToSet('c'))).toEqual(['a', 'b', 'c']);
    expect(await tags(_.pullAll(['a', 'c']))).toEqual(['b']);
  });

  it('fails like CloudBase when a path runs through null or $inc hits a string (-502001)', async () => {
    await db
      .collection('members')
      .doc('m1')
      .update({ data: { review: null, name: 'n' } });
    const throughNull = await db
      .collection('members')
      .doc('m1')
      .update({ data: { review: { content: 'x' } } })
      .catch((e: unknown) => e);
    expect(throughNull).toMatchObject({ errCode: -502001 });
    expect((throughNull as { errMsg: string }).errMsg).toContain(
      "Cannot create field 'content' in element {review: null}",
    );
    const incString = await db
      .collection('members')
      .doc('m1')
      .update({ data: { name: _.inc(1) } })
      .catch((e: unknown) => e);
    expect((incString as { errMsg: string }).errMsg).toContain(
      'Cannot apply $inc to a value of non-numeric type',
    );
    expect((await get()).name).toBe('n');
  });
});

describe('server dates', () => {
  it('db.serverDate() is the emulator clock, offset included', async () => {
    await db.collection('stores').add({
      data: {
        _id: 's1',
        createdAt: db.serverDate(),
        expiresAt: db.serverDate({ offset: 60_000 }),
      },
    });
    const doc = (await db.collection('stores').doc('s1').get()).data;
    expect(doc.createdAt.getTime()).toBe(NOW);
    expect(doc.expiresAt.getTime()).toBe(NOW + 60_000);
    await db
      .collection('stores')
      .doc('s1')
      .update({ data: { touchedAt: db.serverDate() } });
    expect((await db.collection('stores').doc('s1').get()).data.touchedAt.getTime()).toBe(NOW);
    const due = await db
      .collection('stores')
      .where({ expiresAt: _.gt(db.serverDate()) })
      .count();
    expect(due.total).toBe(1);
  });
});
