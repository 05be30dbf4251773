/**
 * Who sees what (domain/ownership.ts, the one rule): the member's own clerk, a second clerk
 * of the same store, a clerk of another store and the store's manager, over the staff
 * actions that return member data (the till's lookup, the store's orders, 我的顾客, the
 * customer's page, the pool's tasks, tickets). Masked replies never carry the full name or phone.
 */
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { startTestEmulator, TEST_EPOCH, type TestEmulator } from '../support/emulator';
import type { MinimalSeed } from '../../scripts/seed/minimal';
import { addMember, type TestMember } from './support/loyalty';
import { find } from './support/staffMessages';

let emu: TestEmulator;
let seed: MinimalSeed;
let member: TestMember;
let phone: string;
const second = { id: 'C0012', openid: 'o_test_second_clerk' };

type Reply = { ok: boolean; data?: unknown; error?: { code: string } };
const call = (openid: string, body: Record<string, unknown>) =>
  emu.call<Reply>('staff', body, openid);

type Viewer = 'own clerk' | 'second clerk' | 'other store clerk' | 'manager';
const openidOf = (v: Viewer): string =>
  ({
    'own clerk': seed.clerks[0].openid,
    'second clerk': second.openid,
    'other store clerk': seed.clerks[1].openid,
    manager: seed.managers[0].openid,
  })[v];

beforeAll(async () => {
  emu = await startTestEmulator({ startsAt: TEST_EPOCH });
  seed = await emu.seedMinimal();
  const own = seed.clerks[0];
  emu.database.insertMany('staff', [
    {
      _id: second.id,
      name: '第二店员',
      storeId: own.storeId,
      role: 'clerk',
      openid: second.openid,
      unionid: 'u_test_second',
      active: true,
      createdAt: TEST_EPOCH,
    },
  ]);
  member = addMember(emu, {
    name: '张三丰',
    gender: 'female',
    clerkId: own.id,
    homeStoreId: own.storeId,
    birthday: { month: 3, day: 9, year: 1990 },
  });
  phone = find(emu, 'members', { _id: member._id })[0].phone as string;
  const sale = await call(own.openid, {
    action: 'recordPurchase',
    memberId: member._id,
    receiptNo: 'WSW-1',
    lines: [{ category: '家居清洁', amountFen: 5_000 }],
  });
  if (!sale.ok) throw new Error(JSON.stringify(sale.error));
  // a task left in the store's pool and a ticket of the own clerk, both about the member
  const now = emu.clock.now();
  emu.database.insertMany('tasks', [
    {
      _id: 'WSW-task',
      memberId: member._id,
      storeId: own.storeId,
      assigneeId: 'C_GONE',
      assigneeRole: 'clerk',
      title: '30天回访',
      script: null,
      state: 'pooled',
      pooledAt: now,
      dueAt: now - 8 * 86_400_000,
      source: { kind: 'manual', createdBy: 'M001' },
      createdAt: now - 10 * 86_400_000,
    },
  ]);
  emu.database.insertMany('tickets', [
    {
      _id: 'WSW-ticket',
      memberId: member._id,
      storeId: own.storeId,
      kind: 'complaint',
      title: '包装破损',
      description: '',
      state: 'open',
      openedBy: own.id,
      assigneeId: own.id,
      openedAt: now,
      resolvedAt: null,
      resolution: null,
      handlingMs: null,
      rating: null,
    },
  ]);
});
afterAll(async () => {
  await emu?.stop();
});

describe.each<[Viewer, boolean]>([
  ['own clerk', true],
  ['second clerk', false],
  ['other store clerk', false],
  ['manager', true],
])('%s', (viewer, full) => {
  const name = full ? '张女士' : '张**';

  it(`lookupMember: ${full ? 'in full' : 'masked'}, the phone always masked`, async () => {
    const reply = await call(openidOf(viewer), { action: 'lookupMember', phone });
    expect(reply).toMatchObject({ ok: true, data: { member: { displayName: name } } });
    const shown = (reply.data as { member: { birthdayText: string } }).member.birthdayText;
    expect(shown === '已登记').toBe(!full);
    const text = JSON.stringify(reply);
    expect(text).not.toContain(phone);
    expect(text.includes('三丰')).toBe(false);
  });

  it(`listStoreOrders: ${full ? 'in full' : 'masked'} (only the store's own orders)`, async () => {
    const reply = await call(openidOf(viewer), { action: 'listStoreOrders', limit: 20 });
    const orders = (reply.data as { orders: { memberId?: string; memberDisplayName: string }[] })
      .orders;
    const names = orders.map((o) => o.memberDisplayName);
    expect(names).toEqual(viewer === 'other store clerk' ? [] : [name]);
    expect(JSON.stringify(reply)).not.toContain(phone);
  });

  it('listCustomers: only the own clerk and the manager list the customer', async () => {
    const reply = await call(openidOf(viewer), { action: 'listCustomers' });
    const rows = (reply.data as { customers: { memberId: string; displayName: string }[] })
      .customers;
    expect(rows.map((r) => r.displayName)).toEqual(full ? [name] : []);
    expect(JSON.stringify(reply)).not.toContain(phone);
  });

  it('getCustomer: the details in full only for the own clerk; the name as at the till', async () => {
    const reply = await call(openidOf(viewer), { action: 'getCustomer', memberId: member._id });
    const own = viewer === 'own clerk';
    expect(reply).toMatchObject({
      ok: true,
      data: { displayName: name, name: { masked: !own }, phone: { masked: !own } },
    });
    const text = JSON.stringify(reply);
    expect(text.includes(phone)).toBe(own);
    expect(text.includes('三丰')).toBe(own);
  });

  it('listPool: the store’s pooled task, the name per the rule; another store none', async () => {
    const reply = await call(openidOf(viewer), { action: 'listPool' });
    const tasks = (reply.data as { tasks: { memberDisplayName: string }[] }).tasks;
    expect(tasks.map((t) => t.memberDisplayName)).toEqual(
      viewer === 'other store clerk' ? [] : [name],
    );
    expect(JSON.stringify(reply)).not.toContain(phone);
    expect(JSON.stringify(reply).includes('三丰')).toBe(false);
  });

  it('listTickets: the own clerk’s ticket to them and the manager; nobody else', async () => {
    const scope = viewer === 'manager' ? 'store' : 'mine';
    const reply = await call(openidOf(viewer), { action: 'listTickets', scope });
    const tickets = (reply.data as { tickets: { memberDisplayName: string }[] }).tickets;
    expect(tickets.map((t) => t.memberDisplayName)).toEqual(full ? [name] : []);
    expect(JSON.stringify(reply)).not.toContain(phone);
    expect(JSON.stringify(reply).includes('三丰')).toBe(false);
  });
});
