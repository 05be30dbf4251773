/**
 * 门店数据 (`staff.storeFigures`) against the same data computed directly: purchases made at
 * the till (so orders, member stats and ownerHistory are what the order path writes) — before
 * the period, in it, across stores, refunded — plus new members, tasks and tickets. The
 * direct computation walks the data forwards (each order's owner from the member's history,
 * "bought before" from all the member's orders), not the way the function does. Roles: a
 * clerk sees no figures, a manager only their store's, HQ any store's.
 */
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { startTestEmulator, TEST_EPOCH, type TestEmulator } from '../support/emulator';
import type { Reply } from '../../src/contracts/reply';
import type { StoreFiguresView } from '../../src/contracts/manager';
import { parseShanghaiDate, DAY_MS } from '../../src/domain/calendar';
import { addMember, callCounted, data, find, FUNCTION_ENV, type AnyDoc } from './support/loyalty';

const CLERK = 'o_test_clerk_S001'; // C0011
const CLERK2 = 'o_fig_clerk2'; // C0019, same store
const CLERK_S2 = 'o_test_clerk_S002'; // C0021
const MANAGER = 'o_test_manager_S001';
const MANAGER2 = 'o_test_manager_S002';
const HQ = 'o_test_hq';
const HOUR_MS = 3_600_000;
const PERIOD = { kind: 'custom', from: '2026-11-19', to: '2026-11-25' } as const;
let emu: TestEmulator;
let n = 0;

const staff = <T>(action: string, input: Record<string, unknown>, openid: string) =>
  emu.call<Reply<T>>('staff', { action, ...input }, openid);
const buy = async (memberId: string, openid: string, amountFen = 10_000) =>
  data(
    await staff<{ orderId: string }>(
      'recordPurchase',
      { memberId, receiptNo: `F${++n}`, lines: [{ category: '家居清洁', amountFen }] },
      openid,
    ),
  ).orderId;
const refund = async (orderId: string, amountFen?: number) =>
  data(await staff('refund', { orderId, amountFen, requestId: `fig-refund-${++n}` }, MANAGER));

function joined(clerkId: string | null, storeId: string, at: number) {
  return addMember(emu, {
    clerkId,
    homeStoreId: storeId,
    fields: { source: { storeId, clerkId, channel: 'qr', at }, createdAt: at },
  });
}

beforeAll(async () => {
  emu = await startTestEmulator({ startsAt: TEST_EPOCH, functionEnv: FUNCTION_ENV });
  await emu.seedMinimal();
  emu.database.insertMany('staff', [
    {
      _id: 'C0019',
      name: '吴倩',
      storeId: 'S001',
      role: 'clerk',
      openid: CLERK2,
      unionid: null,
      active: true,
      createdAt: 0,
    },
  ]);
  const start = parseShanghaiDate(PERIOD.from);
  const m1 = addMember(emu, { clerkId: 'C0011', homeStoreId: 'S001' });
  const m2 = addMember(emu, { clerkId: null, homeStoreId: 'S001' });
  const m3 = addMember(emu, { clerkId: 'C0021', homeStoreId: 'S002' });
  const m4 = addMember(emu, { clerkId: 'C0011', homeStoreId: 'S001' });
  const m5 = addMember(emu, { clerkId: 'C0021', homeStoreId: 'S002' });
  // before the period (2026-11-18)
  await buy(m1._id, CLERK);
  await buy(m2._id, CLERK2); // first purchase: m2 becomes C0019's
  await buy(m3._id, CLERK_S2);
  emu.clock.set(start + 10 * HOUR_MS);
  // in the period
  await buy(m1._id, CLERK2, 12_000); // m1 is still C0011's: 业绩 C0011
  emu.clock.advance(HOUR_MS);
  await buy(m1._id, CLERK, 8_000);
  emu.clock.advance(HOUR_MS);
  const refunded = await buy(m1._id, CLERK, 5_000);
  await refund(refunded); // in full: does not count
  await buy(m2._id, CLERK, 6_600); // C0019's customer, served by C0011
  emu.clock.advance(HOUR_MS);
  await buy(m3._id, CLERK, 20_000); // cross-store: moves to C0011; the order is C0021's
  emu.clock.advance(DAY_MS);
  const partial = await buy(m3._id, CLERK, 9_000); // now C0011's
  await refund(partial, 1_500);
  await buy(m4._id, CLERK2, 4_000); // m4's first purchase: not repeat
  await buy(m5._id, CLERK_S2, 30_000); // another store: not in S001's figures
  emu.clock.advance(DAY_MS);

  const inPeriod = start + 2 * HOUR_MS;
  joined('C0011', 'S001', inPeriod);
  joined('C0011', 'S001', inPeriod + 1);
  joined('C0019', 'S001', inPeriod + 2);
  joined(null, 'S001', inPeriod + 3);
  joined('C0021', 'S002', inPeriod);
  joined('C0011', 'S001', start - DAY_MS); // before the period

  const task = (state: string, assigneeId: string, dueAt: number, storeId = 'S001') => ({
    _id: `fig-task-${++n}`,
    memberId: m1._id,
    storeId,
    assigneeId,
    assigneeRole: 'clerk',
    title: '回访',
    script: null,
    dueAt,
    state,
    source: { kind: 'manual', createdBy: 'M001' },
    createdAt: start - DAY_MS,
  });
  emu.database.insertMany('tasks', [
    task('done', 'C0011', inPeriod),
    task('done', 'C0011', inPeriod),
    task('open', 'C0011', inPeriod),
    task('pooled', 'C0019', inPeriod),
    task('expired', 'C0019', inPeriod),
    task('done', 'C0011', start - HOUR_MS), // due before the period
    task('open', 'C0021', inPeriod, 'S002'),
  ]);
  const ticket = (over: AnyDoc) => ({
    _id: `fig-ticket-${++n}`,
    memberId: m1._id,
    storeId: 'S001',
    kind: 'complaint',
    title: '投诉',
    description: '',
    state: 'resolved',
    openedBy: 'C0011',
    assigneeId: 'C0011',
    openedAt: inPeriod,
    resolvedAt: null,
    resolution: '已处理',
    handlingMs: null,
    rating: null,
    ...over,
  });
  emu.database.insertMany('tickets', [
    ticket({ handlingMs: 2 * HOUR_MS, rating: { score: 4, comment: null, at: inPeriod } }),
    ticket({ handlingMs: 6 * HOUR_MS, rating: { score: 5, comment: null, at: inPeriod } }),
    ticket({ handlingMs: 1 * HOUR_MS }),
    ticket({ state: 'open', assigneeId: 'C0019', resolution: null }),
    ticket({ state: 'open', assigneeId: null, resolution: null, openedAt: start - 5 * DAY_MS }),
    ticket({ storeId: 'S002', assigneeId: 'C0021', handlingMs: HOUR_MS }),
  ]);
});
afterAll(async () => {
  await emu?.stop();
});

/** The figures computed straight from the database, walking forwards. */
function direct(storeId: string, from: number, to: number) {
  const orders = find(emu, 'orders', { storeId, createdAt: { $gte: from, $lt: to } });
  const ownerAt = (memberId: string, at: number): string | null => {
    const rows = find(emu, 'ownerHistory', { memberId }).sort((a, b) => a.at - b.at);
    const before = rows.filter((r) => r.at < at);
    if (before.length) return before[before.length - 1].clerkId;
    if (rows.length) return rows[0].previousClerkId;
    return find(emu, 'members', { _id: memberId })[0].clerkId;
  };
  const perClerk: Record<string, { repeatOrders: number; repeatFen: number; buys: AnyDoc }> = {};
  const storeBuys: Record<string, number> = {};
  let repeatOrders = 0;
  let repeatFen = 0;
  for (const o of orders) {
    if (o.status === 'refunded') continue;
    const earlier = find(emu, 'orders', { memberId: o.memberId, createdAt: { $lt: o.createdAt } });
    const owner = ownerAt(o.memberId, o.createdAt);
    const amount = o.paidFen - o.refundedFen;
    storeBuys[o.memberId] = (storeBuys[o.memberId] ?? 0) + 1;
    const c = owner ? (perClerk[owner] ??= { repeatOrders: 0, repeatFen: 0, buys: {} }) : null;
    if (c) c.buys[o.memberId] = (c.buys[o.memberId] ?? 0) + 1;
    if (earlier.length) {
      repeatOrders++;
      repeatFen += amount;
      if (c) {
        c.repeatOrders++;
        c.repeatFen += amount;
      }
    }
  }
  const rate = (buys: Record<string, number>) => {
    const v = Object.values(buys);
    return v.length ? v.filter((x) => x >= 2).length / v.length : null;
  };
  const tasks = find(emu, 'tasks', {
    storeId,
    state: { $in: ['open', 'pooled', 'done'] },
    dueAt: { $gte: from, $lt: to },
  });
  const tickets = find(emu, 'tickets', { storeId, openedAt: { $gte: from, $lt: to } });
  const resolved = tickets.filter((t) => t.state === 'resolved');
  const rated = tickets.filter((t) => t.rating);
  return {
    store: {
      newMembers: find(emu, 'members', {
        'source.storeId': storeId,
        createdAt: { $gte: from, $lt: to },
      }).length,
      repeatRate: rate(storeBuys),
      repeatOrders,
      repeatFen,
      tasksDue: tasks.length,
      tasksDone: tasks.filter((t) => t.state === 'done').length,
      openTickets: find(emu, 'tickets', { storeId, state: 'open' }).length,
      avgHandlingMs: resolved.reduce((s, t) => s + t.handlingMs, 0) / resolved.length,
      avgRating: rated.reduce((s, t) => s + t.rating.score, 0) / rated.length,
    },
    clerks: Object.fromEntries(
      Object.entries(perClerk).map(([id, c]) => [
        id,
        { repeatOrders: c.repeatOrders, repeatFen: c.repeatFen, repeatRate: rate(c.buys) },
      ]),
    ),
  };
}

describe('store figures', () => {
  it('match a direct computation over the same data, per store and per clerk', async () => {
    const { reply, requests } = await callCounted<StoreFiguresView>(
      emu,
      'staff',
      { action: 'storeFigures', period: PERIOD },
      MANAGER,
    );
    const figures = data(reply);
    const from = parseShanghaiDate(PERIOD.from);
    const to = parseShanghaiDate(PERIOD.to) + DAY_MS;
    expect(figures.period).toEqual({ from, to, label: '2026年11月19日–11月25日' });
    const want = direct('S001', from, to);
    expect(figures.store).toMatchObject(want.store);
    const byId = Object.fromEntries(figures.clerks.map((c) => [c.staffId, c]));
    expect(byId.C0011).toMatchObject(want.clerks.C0011);
    expect(byId.C0019).toMatchObject(want.clerks.C0019);
    expect(byId.C0021).toBeUndefined(); // a clerk of another store gets no row here

    // and the numbers themselves, so that a mistake shared by both computations shows
    expect(figures.store).toMatchObject({
      newMembers: 4,
      buyers: 4,
      repeatBuyers: 2, // m1 (2 kept orders), m3 (2)
      repeatOrders: 5, // m1 ×2, m2, m3 ×2 (m4's first is not)
      repeatFen: 12_000 + 8_000 + 6_600 + 20_000 + 7_500,
      tasksDue: 4,
      tasksDone: 2,
      completionRate: 0.5,
      openTickets: 2,
      resolvedTickets: 3,
      avgHandlingMs: 3 * 3_600_000,
      ratedTickets: 2,
      avgRating: 4.5,
    });
    expect(byId.C0011).toMatchObject({
      name: '王芳',
      role: 'clerk',
      active: true,
      newMembers: 2,
      repeatOrders: 3, // m1 ×2, m3's second (the first was C0021's)
      repeatFen: 12_000 + 8_000 + 7_500,
      tasksDue: 3,
      tasksDone: 2,
      avgRating: 4.5,
    });
    expect(byId.C0019).toMatchObject({
      newMembers: 1,
      repeatOrders: 1, // m2, served by C0011
      repeatFen: 6_600,
      tasksDue: 1,
      tasksDone: 0,
      openTickets: 1,
    });
    expect(figures.clerks.map((c) => c.role)[0]).toBe('manager');
    // 1 caller + 6 parallel reads + 1 page of orders + members and owner history
    expect(requests).toBe(10);
  });

  it('HQ reads any store; a clerk none; a manager only their own', async () => {
    const s2 = data(
      await staff<StoreFiguresView>('storeFigures', { storeId: 'S002', period: PERIOD }, HQ),
    );
    expect(s2).toMatchObject({ storeId: 'S002', store: { newMembers: 1, tasksDue: 1 } });
    expect(s2.clerks.find((c) => c.staffId === 'C0021')).toMatchObject({ tasksDue: 1 });
    for (const [who, storeId, code] of [
      [CLERK, undefined, 'AUTH.FORBIDDEN'],
      [CLERK, 'S002', 'AUTH.FORBIDDEN'],
      [MANAGER2, 'S001', 'AUTH.WRONG_STORE'],
      [HQ, undefined, 'COMMON.INVALID_INPUT'],
    ] as const)
      expect(await staff('storeFigures', { storeId, period: PERIOD }, who)).toMatchObject({
        ok: false,
        error: { code },
      });
    expect(
      await staff(
        'storeFigures',
        { period: { kind: 'custom', from: '2026-11-25', to: '2026-11-19' } },
        MANAGER,
      ),
    ).toMatchObject({
      ok: false,
      error: { code: 'COMMON.INVALID_INPUT', message: '结束日期不能早于开始日期' },
    });
  });

  it('this month and last month are Shanghai calendar months', async () => {
    const month = data(
      await staff<StoreFiguresView>('storeFigures', { period: { kind: 'thisMonth' } }, MANAGER),
    );
    expect(month.period.label).toBe('2026年11月');
    const from = parseShanghaiDate('2026-11-01');
    const to = parseShanghaiDate('2026-12-01');
    expect(month.store).toMatchObject(direct('S001', from, to).store);
    const last = data(
      await staff<StoreFiguresView>('storeFigures', { period: { kind: 'lastMonth' } }, MANAGER),
    );
    expect(last.period.label).toBe('2026年10月');
    expect(last.store).toMatchObject({ buyers: 0, repeatRate: null, newMembers: 0 });
  });
});
