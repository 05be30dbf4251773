/**
 * 我的顾客's search and last-purchase filter (staff.listCustomers): by the phone's last 4
 * digits (`members.phoneTail`) or the start of the name, within the caller's own customers
 * (a manager: the store's, by clerk); last purchase within 30 / 90 days, over 90, never;
 * combined with each other; a page is 2 requests.
 */
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { startTestEmulator, TEST_EPOCH, type TestEmulator } from '../support/emulator';
import type { MinimalSeed } from '../../scripts/seed/minimal';
import type { CustomerRow } from '../../src/contracts/staff';
import { DAY_MS } from '../../src/domain/calendar';
import { addMember, find, type TestMember } from './support/loyalty';
import { memberOk, signUp } from './support/memberJourney';

let emu: TestEmulator;
let seed: MinimalSeed;
let wang: TestMember; // 王小明, never bought
let wangda: TestMember; // 王大力, bought 10 days ago
let li: TestMember; // 李娜娜, bought 100 days ago
let odd: TestMember; // 张(三, a name with a pattern character
let others: TestMember; // another clerk's 王小红

type Reply<T> = { ok: true; data: T } | { ok: false; error: { code: string } };
const list = (openid: string, query: Record<string, unknown> = {}) =>
  emu.call<Reply<{ customers: CustomerRow[]; nextCursor: string | null }>>(
    'staff',
    { action: 'listCustomers', ...query },
    openid,
  );
const ids = (r: Reply<{ customers: CustomerRow[] }>) =>
  r.ok ? r.data.customers.map((c) => c.memberId).sort() : r.error.code;
const sorted = (...ms: TestMember[]) => ms.map((m) => m._id).sort();

beforeAll(async () => {
  emu = await startTestEmulator({ startsAt: TEST_EPOCH });
  seed = await emu.seedMinimal();
  const c1 = seed.clerks[0];
  const own = { clerkId: c1.id, homeStoreId: c1.storeId };
  wang = addMember(emu, { ...own, name: '王小明' });
  wangda = addMember(emu, {
    ...own,
    name: '王大力',
    stats: { orderCount: 1, lastOrderAt: TEST_EPOCH - 10 * DAY_MS },
  });
  li = addMember(emu, {
    ...own,
    name: '李娜娜',
    stats: { orderCount: 1, lastOrderAt: TEST_EPOCH - 100 * DAY_MS },
  });
  odd = addMember(emu, { ...own, name: '张(三' });
  others = addMember(emu, { clerkId: 'C0012', homeStoreId: c1.storeId, name: '王小红' });
});
afterAll(async () => {
  await emu?.stop();
});

describe('searching my customers', () => {
  it('by the start of the name', async () => {
    const openid = seed.clerks[0].openid;
    expect(ids(await list(openid, { q: '王' }))).toEqual(sorted(wang, wangda));
    expect(ids(await list(openid, { q: ' 王小 ' }))).toEqual(sorted(wang));
    expect(ids(await list(openid, { q: '小明' }))).toEqual([]);
    expect(ids(await list(openid, { q: '张(' }))).toEqual(sorted(odd));
    expect(ids(await list(openid, { q: '.' }))).toEqual([]);
  });

  it('by the last 4 digits of the phone, only among their own customers', async () => {
    const openid = seed.clerks[0].openid;
    expect(ids(await list(openid, { q: li.phone.slice(-4) }))).toEqual(sorted(li));
    expect(ids(await list(openid, { q: others.phone.slice(-4) }))).toEqual([]);
    expect(ids(await list(openid, { q: '123' }))).toBe('COMMON.INVALID_INPUT');
  });

  it("finds a member by the phone tail their signup wrote; a deleted one's is erased", async () => {
    const clerk = seed.clerks[1];
    const scene = emu.sceneFor(clerk.storeId, clerk.id);
    await signUp(emu, 'o_search_new', '13912345678', scene);
    const [doc] = find(emu, 'members', { phone: '13912345678' });
    expect(doc.phoneTail).toBe('5678');
    expect(ids(await list(clerk.openid, { q: '5678' }))).toEqual([doc._id]);
    await memberOk(emu, 'o_search_new', 'deleteAccount', { confirm: '注销' });
    expect(find(emu, 'members', { _id: doc._id })[0].phoneTail).toBeNull();
    expect(ids(await list(clerk.openid, { q: '5678' }))).toEqual([]);
  });

  it("the manager searches the store's customers, and one clerk's", async () => {
    const manager = seed.managers[0].openid;
    expect(ids(await list(manager, { q: '王小' }))).toEqual(sorted(wang, others));
    expect(ids(await list(manager, { q: '王小', clerkId: seed.clerks[0].id }))).toEqual(
      sorted(wang),
    );
    expect(ids(await list(seed.managers[1].openid, { q: '王小' }))).toEqual([]);
  });
});

describe('filtering by last purchase (Shanghai days including today)', () => {
  it.each([
    ['d30', () => sorted(wangda)],
    ['d90', () => sorted(wangda)],
    ['over90', () => sorted(li)],
    ['never', () => sorted(wang, odd)],
  ])('%s', async (lastPurchase, expected) => {
    expect(ids(await list(seed.clerks[0].openid, { lastPurchase }))).toEqual(expected());
  });

  it('combines with the search', async () => {
    const openid = seed.clerks[0].openid;
    expect(ids(await list(openid, { q: '王', lastPurchase: 'd30' }))).toEqual(sorted(wangda));
    expect(ids(await list(openid, { q: '王', lastPurchase: 'over90' }))).toEqual([]);
  });

  it('a page is 2 requests: the caller, and the members joined with their next task', async () => {
    const out = await emu.invoke(
      'staff',
      { action: 'listCustomers', q: '王', lastPurchase: 'd30' },
      { openid: seed.clerks[0].openid, source: 'wx_client' },
    );
    expect(out.ok && (out.result as Reply<unknown>).ok).toBe(true);
    expect(emu.stats.get(out.invocationId).total).toBe(2);
  });
});
