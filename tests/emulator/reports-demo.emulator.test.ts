/**
 * The demo chain (`npm start`'s data) comes with daily rollups: HQ's 90-day report is
 * populated, groups category sales by the stores' areas, and its orders and revenue agree
 * with the seeded orders of the period; a manager's store report likewise.
 */
import { afterAll, beforeAll, expect, it } from '@jest/globals';
import { startTestEmulator, type TestEmulator } from '../support/emulator';
import { seedDemo } from '../../scripts/seed/demo';
import { localFunctionEnv } from '../../scripts/local-cloud';
import type { Reply } from '../../src/contracts/reply';
import type { ReportView } from '../../src/contracts/reports';
import { shanghaiDate } from '../../src/domain/calendar';
import { data, find } from './support/loyalty';

let emu: TestEmulator;
beforeAll(async () => {
  emu = await startTestEmulator();
  await seedDemo(emu.database, emu.clock.now(), localFunctionEnv(emu.url).CRM_PII_HASH_SECRET, 80);
});
afterAll(async () => {
  await emu?.stop();
});

const report = async (input: Record<string, unknown>, openid: string) =>
  data(await emu.call<Reply<ReportView>>('staff', { action: 'getReport', ...input }, openid));

function seeded(storeId: string | null, from: number, to: number) {
  const orders = find(emu, 'orders').filter(
    (o) => (!storeId || o.storeId === storeId) && o.createdAt >= from && o.createdAt < to,
  );
  return { orders: orders.length, revenueFen: orders.reduce((s, o) => s + o.paidFen, 0) };
}

it('HQ’s chain report is populated and agrees with the seeded orders', async () => {
  const view = await report({ scope: 'chain', days: 90 }, 'o_demo_hq');
  expect(view.figures.current.orders).toBeGreaterThan(0);
  expect(view.figures.previous.orders).toBeGreaterThan(0);
  for (const p of ['current', 'previous'] as const)
    expect({
      orders: view.figures[p].orders,
      revenueFen: view.figures[p].revenueFen,
    }).toEqual(seeded(null, view[p].from, view[p].to));
  expect(view.areas.map((a) => a.area).sort()).toEqual(['上海区', '江苏区', '浙江区'].sort());
  expect(view.clerks.length).toBeGreaterThan(0);
  expect(view.figures.current.repeatRate).not.toBeNull();
  // LTV and tag completeness: the snapshot of each period's last night
  for (const p of ['current', 'previous'] as const) {
    const m = view.members[p];
    const end = view[p].to;
    const members = find(emu, 'members').filter((x) => x.createdAt < end && x.homeStoreId);
    expect(m.asOf).toBe(shanghaiDate(end - 1));
    expect(m.members).toBe(members.length);
    expect(m.ltvFen).toBeGreaterThan(0);
    expect(m.tagCompleteness).toBeGreaterThan(0);
    expect(m.coverage.map((c) => c.name)).toEqual([
      '购买频次',
      '品类偏好',
      '价格敏感度',
      '高价值',
      '生命周期',
      '高价值沉默',
      'RFM',
      '店员标签',
    ]);
  }
  expect(view.members.previous.members).toBeLessThan(view.members.current.members);
});

it('a manager’s store report agrees too', async () => {
  const view = await report({ scope: 'store', days: 30 }, 'o_demo_manager_S001');
  expect(view.title).toBe('南京西路店');
  expect({
    orders: view.figures.current.orders,
    revenueFen: view.figures.current.revenueFen,
  }).toEqual(seeded('S001', view.current.from, view.current.to));
});

it('follow-up completion and complaint handling time agree with the seeded tasks and tickets', async () => {
  for (const [input, openid, storeId] of [
    [{ scope: 'chain', days: 90 }, 'o_demo_hq', null],
    [{ scope: 'store', days: 90 }, 'o_demo_manager_S001', 'S001'],
  ] as const) {
    const view = await report(input, openid);
    for (const p of ['current', 'previous'] as const) {
      const { from, to } = view[p];
      const inScope = (d: { storeId?: unknown }) => !storeId || d.storeId === storeId;
      const tasks = find(emu, 'tasks').filter(
        (t) => inScope(t) && t.state !== 'expired' && t.dueAt >= from && t.dueAt < to,
      );
      const resolved = find(emu, 'tickets').filter(
        (t) => inScope(t) && t.openedAt >= from && t.openedAt < to && t.state === 'resolved',
      );
      const done = tasks.filter((t) => t.state === 'done').length;
      const ms = resolved.reduce((s, t) => s + (t.resolvedAt - t.openedAt), 0);
      expect(view.service[p]).toEqual({
        tasksDue: tasks.length,
        tasksDone: done,
        completionRate: tasks.length ? done / tasks.length : null,
        resolvedTickets: resolved.length,
        avgHandlingMs: resolved.length ? Math.round(ms / resolved.length) : null,
      });
    }
    expect(view.service.current.tasksDue).toBeGreaterThan(0);
    expect(view.service.current.resolvedTickets).toBeGreaterThan(0);
  }
});

it('an area is its stores: 江苏区 against its seeded orders, its tasks, its clerks', async () => {
  const areaStores = find(emu, 'stores')
    .filter((s) => s.area === '江苏区')
    .map((s) => s._id);
  expect(areaStores.length).toBe(2);
  const view = await report({ scope: 'area', area: '江苏区', days: 90 }, 'o_demo_hq');
  expect({ scope: view.scope, area: view.area, title: view.title }).toEqual({
    scope: 'area',
    area: '江苏区',
    title: '江苏区',
  });
  for (const p of ['current', 'previous'] as const) {
    const sum = areaStores
      .map((s) => seeded(s, view[p].from, view[p].to))
      .reduce((a, b) => ({ orders: a.orders + b.orders, revenueFen: a.revenueFen + b.revenueFen }));
    expect({ orders: view.figures[p].orders, revenueFen: view.figures[p].revenueFen }).toEqual(sum);
  }
  expect(view.figures.current.orders).toBeGreaterThan(0);
  expect(view.areas.map((a) => a.area)).toEqual(['江苏区']);
  expect(view.clerks.every((c) => areaStores.includes(c.storeId))).toBe(true);
  const tasks = find(emu, 'tasks').filter(
    (t) =>
      areaStores.includes(t.storeId) &&
      t.state !== 'expired' &&
      t.dueAt >= view.current.from &&
      t.dueAt < view.current.to,
  );
  expect(view.service.current.tasksDue).toBe(tasks.length);
  const members = find(emu, 'members').filter(
    (m) => areaStores.includes(m.homeStoreId) && m.createdAt < view.current.to,
  );
  expect(view.members.current.members).toBe(members.length);
});

it('an area is HQ’s: a manager is refused, an unknown area is not found', async () => {
  const call = (input: Record<string, unknown>, openid: string) =>
    emu.call<Reply<ReportView>>('staff', { action: 'getReport', ...input }, openid);
  const manager = await call({ scope: 'area', area: '上海区', days: 30 }, 'o_demo_manager_S001');
  expect(manager).toMatchObject({ ok: false, error: { code: 'AUTH.FORBIDDEN' } });
  const unknown = await call({ scope: 'area', area: '西北区', days: 30 }, 'o_demo_hq');
  expect(unknown).toMatchObject({ ok: false, error: { code: 'COMMON.NOT_FOUND' } });
  const missing = await call({ scope: 'area', days: 30 }, 'o_demo_hq');
  expect(missing).toMatchObject({ ok: false, error: { code: 'COMMON.INVALID_INPUT' } });
});
