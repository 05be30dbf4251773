/**
 * 我的顾客 (staff.listCustomers): a clerk sees only their own customers, a second clerk of
 * the same store and a clerk of another store not them, the manager the store's customers
 * by clerk; filters by tag and lifecycle; pages without gaps; each row carries tags with
 * reasons and the next open task; names are masked by the one rule.
 */
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { startTestEmulator, TEST_EPOCH, type TestEmulator } from '../support/emulator';
import type { MinimalSeed } from '../../scripts/seed/minimal';
import type { CustomerRow } from '../../src/contracts/staff';
import { addMember, type TestMember } from './support/loyalty';

let emu: TestEmulator;
let seed: MinimalSeed;
let mine: TestMember[];
let vip: TestMember;

type Reply<T> = { ok: true; data: T } | { ok: false; error: { code: string } };
const list = (openid: string, query: Record<string, unknown> = {}) =>
  emu.call<Reply<{ customers: CustomerRow[]; nextCursor: string | null }>>(
    'staff',
    { action: 'listCustomers', ...query },
    openid,
  );
const ids = (r: Reply<{ customers: CustomerRow[] }>) =>
  r.ok ? r.data.customers.map((c) => c.memberId).sort() : r.error.code;

beforeAll(async () => {
  emu = await startTestEmulator({ startsAt: TEST_EPOCH });
  seed = await emu.seedMinimal();
  const c1 = seed.clerks[0];
  const vipTag = { value: 'VIP', reason: '金卡会员', since: 0, ruleVersion: 1 };
  vip = addMember(emu, {
    name: '李四光',
    gender: 'male',
    clerkId: c1.id,
    homeStoreId: c1.storeId,
    fields: { tags: { lifecycle: vipTag }, tagKeys: ['lifecycle:VIP'], manualTags: ['爱喝茶'] },
  });
  mine = [
    vip,
    ...Array.from({ length: 4 }, () => addMember(emu, { clerkId: c1.id, homeStoreId: c1.storeId })),
  ];
  addMember(emu, { clerkId: 'C0012', homeStoreId: c1.storeId }); // a second clerk's customer
  addMember(emu, { clerkId: seed.clerks[1].id, homeStoreId: seed.clerks[1].storeId });
  emu.database.insertMany('tasks', [
    {
      _id: 't2',
      memberId: vip._id,
      storeId: c1.storeId,
      assigneeId: c1.id,
      assigneeRole: 'clerk',
      title: '生日回访',
      script: null,
      dueAt: TEST_EPOCH + 2e8,
      state: 'open',
      source: 'manual',
      createdAt: TEST_EPOCH,
    },
    {
      _id: 't1',
      memberId: vip._id,
      storeId: c1.storeId,
      assigneeId: c1.id,
      assigneeRole: 'clerk',
      title: '30天回访',
      script: null,
      dueAt: TEST_EPOCH + 1e8,
      state: 'open',
      source: 'manual',
      createdAt: TEST_EPOCH,
    },
    {
      _id: 't0',
      memberId: vip._id,
      storeId: c1.storeId,
      assigneeId: c1.id,
      assigneeRole: 'clerk',
      title: '已完成',
      script: null,
      dueAt: TEST_EPOCH,
      state: 'done',
      source: 'manual',
      createdAt: TEST_EPOCH,
    },
  ]);
});
afterAll(async () => {
  await emu?.stop();
});

describe('我的顾客', () => {
  it('shows a clerk their own customers in full, with tags, reasons and the next open task', async () => {
    const reply = await list(seed.clerks[0].openid);
    expect(ids(reply)).toEqual(mine.map((m) => m._id).sort());
    const row = reply.ok ? reply.data.customers.find((c) => c.memberId === vip._id) : undefined;
    expect(row).toMatchObject({
      displayName: '李先生',
      ownCustomer: true,
      tags: [{ family: 'lifecycle', value: 'VIP', reason: '金卡会员' }],
      manualTags: ['爱喝茶'],
      nextTask: { title: '30天回访', dueAt: TEST_EPOCH + 1e8 },
    });
    expect(row?.phoneMasked).toMatch(/^\d{3}\*{4}\d{4}$/);
  });

  it('shows another clerk none of them, and refuses a clerk asking for another clerk', async () => {
    expect(ids(await list(seed.clerks[1].openid))).toHaveLength(1);
    expect(ids(await list(seed.clerks[1].openid, { clerkId: seed.clerks[0].id }))).toBe(
      'AUTH.FORBIDDEN',
    );
  });

  it("shows the manager the store's customers, by clerk", async () => {
    const manager = seed.managers[0].openid;
    expect(ids(await list(manager))).toHaveLength(mine.length + 1);
    expect(ids(await list(manager, { clerkId: seed.clerks[0].id }))).toEqual(
      mine.map((m) => m._id).sort(),
    );
    expect(ids(await list(seed.managers[1].openid, { clerkId: seed.clerks[0].id }))).toEqual([]);
  });

  it('filters by lifecycle and tag', async () => {
    const openid = seed.clerks[0].openid;
    expect(ids(await list(openid, { lifecycle: 'VIP' }))).toEqual([vip._id]);
    expect(ids(await list(openid, { tag: 'lifecycle:VIP' }))).toEqual([vip._id]);
    expect(ids(await list(openid, { tag: 'lifecycle:流失' }))).toEqual([]);
  });

  it('pages without gaps or repeats', async () => {
    const seen: string[] = [];
    let cursor: string | undefined;
    for (let i = 0; i < 10; i++) {
      const reply = await list(seed.clerks[0].openid, { limit: 2, ...(cursor ? { cursor } : {}) });
      if (!reply.ok) throw new Error(reply.error.code);
      seen.push(...reply.data.customers.map((c) => c.memberId));
      if (!reply.data.nextCursor) break;
      cursor = reply.data.nextCursor;
    }
    expect(seen).toEqual(mine.map((m) => m._id).sort());
  });
});
