/**
 * 经营报表 (`staff.getReport`) from `dailyRollups`, against a direct computation over the
 * same orders, refunds and members (done here from the raw documents, forwards, without the
 * domain code). Orders are made through the real order path (till and pos): first orders,
 * repeat purchases, a cross-store purchase, a full and a partial refund, a receipt sent 20
 * times at once, an order whose instance dies before its rollup increment (the nightly pass
 * corrects it). Roles and bad input are refused, and a report costs a fixed number of
 * requests whatever the data.
 */
import ExcelJS from 'exceljs';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { startTestEmulator, type TestEmulator } from '../support/emulator';
import type { Reply } from '../../src/contracts/reply';
import type { ReportView } from '../../src/contracts/reports';
import type { PurchaseResult } from '../../src/contracts/staff';
import type { StoreFiguresView } from '../../src/contracts/manager';
import { DAY_MS, shanghaiDate, shanghaiTime } from '../../src/domain/calendar';
import {
  addMember,
  callCounted,
  callPos,
  data,
  find,
  FUNCTION_ENV,
  posEvent,
  type AnyDoc,
} from './support/loyalty';
import type { InvocationResult } from '../../emulator/functions/runner';

const CLERK = 'o_test_clerk_S001'; // C0011
const CLERK_S2 = 'o_test_clerk_S002'; // C0021
const MANAGER = 'o_test_manager_S001';
const HQ = 'o_test_hq';
const HOUR = 3_600_000;
const START = shanghaiTime(2026, 11, 12, 10); // previous period begins 11-11
let emu: TestEmulator;
let n = 0;
let killedOrderId = '';

const staff = <T>(action: string, input: Record<string, unknown>, openid: string) =>
  emu.call<Reply<T>>('staff', { action, ...input }, openid);
const buy = async (memberId: string, openid: string, amountFen: number, category = '家居清洁') =>
  data(
    await staff<PurchaseResult>(
      'recordPurchase',
      { memberId, receiptNo: `RP${++n}`, lines: [{ category, amountFen }] },
      openid,
    ),
  ).orderId;
const refund = async (orderId: string, amountFen?: number) =>
  data(await staff('refund', { orderId, amountFen, requestId: `rep-refund-${++n}` }, MANAGER));
const report = (input: Record<string, unknown>, openid: string) =>
  callCounted<ReportView>(emu, 'staff', { action: 'getReport', ...input }, openid);

async function fireDaily(): Promise<InvocationResult> {
  const trigger = emu.scheduler.schedule().find((t) => t.functionName === 'daily')!;
  return (await emu.scheduler.fireNow(trigger)).result;
}
/** 02:00 of each night up to `until` (the `daily` pass closes the day before). */
async function nightsUntil(until: number) {
  let night = shanghaiTime(2026, 11, 13, 2);
  while (night <= until) {
    if (night > emu.clock.now()) {
      emu.clock.set(night);
      const out = await fireDaily();
      if (!out.ok) throw new Error(`daily: ${out.errCode} ${out.errMsg}`);
    }
    night += DAY_MS;
  }
}
/** The day's time `h` hours after 10:00 Shanghai, running the nights before it. */
async function at(y: number, mo: number, d: number, h = 0) {
  const t = shanghaiTime(y, mo, d, 10) + h * HOUR;
  await nightsUntil(t);
  emu.clock.set(t);
}

function joined(clerkId: string | null, storeId: string, createdAt: number) {
  return addMember(emu, {
    clerkId,
    homeStoreId: storeId,
    fields: { source: { storeId, clerkId, channel: 'qr', at: createdAt }, createdAt },
  });
}

// ---- the direct computation, from the raw documents ----
const BANDS = [0, 5_000, 10_000, 20_000, 50_000];
function direct(storeIds: string[] | null, from: number, to: number) {
  const inScope = (s: string) => storeIds === null || storeIds.includes(s);
  const orders = find(emu, 'orders');
  const refunds = find(emu, 'refunds');
  const members = find(emu, 'members');
  const firstOrderOf = new Map<string, AnyDoc>();
  for (const o of [...orders].sort((a, b) => a.createdAt - b.createdAt))
    if (!firstOrderOf.has(o.memberId)) firstOrderOf.set(o.memberId, o);
  const period = orders.filter(
    (o) => inScope(o.storeId) && o.createdAt >= from && o.createdAt < to,
  );
  const counted = period.filter((o) => o.status !== 'refunded');
  const amount = (o: AnyDoc) => o.paidFen - o.refundedFen;
  const revenueFen = counted.reduce((s, o) => s + amount(o), 0);
  const buys = new Map<string, number>();
  for (const o of counted) buys.set(o.memberId, (buys.get(o.memberId) ?? 0) + 1);
  const isRepeat = (o: AnyDoc) =>
    orders.some((p) => p.memberId === o.memberId && p.createdAt < o.createdAt);
  const repeat = counted.filter(isRepeat);
  const newMembers = members.filter(
    (m) => m.source && inScope(m.source.storeId) && m.createdAt >= from && m.createdAt < to,
  );
  const ordered = newMembers.filter((m) => {
    const f = firstOrderOf.get(m._id);
    return f && inScope(f.storeId) && f.createdAt >= from && f.createdAt < to;
  });
  const categories: Record<string, number> = {};
  for (const o of period) {
    for (const l of o.lines) categories[l.category] = (categories[l.category] ?? 0) + l.amountFen;
    for (const r of refunds.filter((x) => x.orderId === o._id))
      for (const l of r.lines) categories[l.category] -= l.amountFen;
  }
  const bands = BANDS.map(
    (min, i) =>
      counted.filter(
        (o) => o.paidFen >= min && (i === BANDS.length - 1 || o.paidFen < BANDS[i + 1]),
      ).length,
  );
  return {
    orders: counted.length,
    memberOrders: counted.length,
    revenueFen,
    avgOrderFen: counted.length ? Math.round(revenueFen / counted.length) : null,
    buyers: buys.size,
    repeatBuyers: [...buys.values()].filter((x) => x >= 2).length,
    repeatOrders: repeat.length,
    repeatFen: repeat.reduce((s, o) => s + amount(o), 0),
    newMembers: newMembers.length,
    newMembersOrdered: ordered.length,
    categories: Object.fromEntries(Object.entries(categories).filter(([, v]) => v !== 0)),
    bands,
  };
}

function expectAgrees(view: ReportView, storeIds: string[] | null) {
  for (const p of ['current', 'previous'] as const) {
    const d = direct(storeIds, view[p].from, view[p].to);
    const f = view.figures[p];
    expect({
      orders: f.orders,
      memberOrders: f.memberOrders,
      revenueFen: f.revenueFen,
      avgOrderFen: f.avgOrderFen,
      buyers: f.buyers,
      repeatBuyers: f.repeatBuyers,
      repeatOrders: f.repeatOrders,
      repeatFen: f.repeatFen,
      newMembers: f.newMembers,
      newMembersOrdered: f.newMembersOrdered,
    }).toEqual({
      orders: d.orders,
      memberOrders: d.memberOrders,
      revenueFen: d.revenueFen,
      avgOrderFen: d.avgOrderFen,
      buyers: d.buyers,
      repeatBuyers: d.repeatBuyers,
      repeatOrders: d.repeatOrders,
      repeatFen: d.repeatFen,
      newMembers: d.newMembers,
      newMembersOrdered: d.newMembersOrdered,
    });
    expect(f.repeatRate).toBe(d.buyers ? d.repeatBuyers / d.buyers : null);
    expect(f.captureRate).toBe(d.orders ? 1 : null);
    expect(view.bands[p].map((b) => b.orders)).toEqual(d.bands);
    expect(view.series[p].reduce((s, x) => s + x.revenueFen, 0)).toBe(d.revenueFen);
    if (p === 'current') {
      const cats: Record<string, number> = {};
      for (const a of view.areas)
        for (const c of a.categories) cats[c.category] = (cats[c.category] ?? 0) + c.fen;
      expect(cats).toEqual(d.categories);
    }
  }
}

beforeAll(async () => {
  emu = await startTestEmulator({ startsAt: START, functionEnv: FUNCTION_ENV });
  await emu.seedMinimal();
  const m1 = addMember(emu, { clerkId: 'C0011', homeStoreId: 'S001' });
  const m2 = addMember(emu, { clerkId: null, homeStoreId: 'S001' });
  const m5 = addMember(emu, { clerkId: 'C0021', homeStoreId: 'S002' });
  // previous period
  await buy(m1._id, CLERK, 10_000);
  await buy(m2._id, CLERK, 6_000, '个人护理'); // m2 becomes C0011's
  await buy(m5._id, CLERK_S2, 4_500);
  await at(2026, 11, 14);
  await buy(m1._id, CLERK, 8_000);
  joined('C0011', 'S001', emu.clock.now());
  // current period
  await at(2026, 11, 18);
  const m3 = joined('C0011', 'S001', emu.clock.now() - HOUR);
  const m4 = joined('C0021', 'S002', emu.clock.now() - HOUR);
  joined('C0011', 'S001', emu.clock.now()); // never buys
  await buy(m1._id, CLERK, 12_000);
  await buy(m3._id, CLERK, 4_000, '个人护理'); // m3's first order
  await buy(m4._id, CLERK_S2, 30_000, '厨房用品');
  await at(2026, 11, 19);
  await refund(await buy(m1._id, CLERK, 5_000)); // in full: not counted
  await refund(await buy(m3._id, CLERK, 9_000, '厨房用品'), 1_500);
  await buy(m5._id, CLERK, 20_000); // cross-store: C0021's customer buys at S001
  await at(2026, 11, 20);
  // an order whose instance dies before its rollup increment: no retry comes
  const probe = await callCounted<PurchaseResult>(
    emu,
    'staff',
    {
      action: 'recordPurchase',
      memberId: m2._id,
      receiptNo: `RP${++n}`,
      lines: [{ category: '家居清洁', amountFen: 3_000 }],
    },
    CLERK,
  );
  emu.faults.arm({ fn: 'staff', afterRequest: probe.requests - 1 });
  const killedNo = `RP${++n}`;
  await emu
    .call(
      'staff',
      {
        action: 'recordPurchase',
        memberId: m2._id,
        receiptNo: killedNo,
        lines: [{ category: '家居清洁', amountFen: 7_000 }],
      },
      CLERK,
    )
    .catch(() => undefined);
  killedOrderId = `S001.${killedNo}`;
}, 120_000);

afterAll(async () => {
  await emu?.stop();
});

describe('the order path keeps the rollup current', () => {
  it('the killed order is in orders but not yet in its day’s rollup', () => {
    expect(find(emu, 'orders', { _id: killedOrderId })).toHaveLength(1);
    const r = find(emu, 'dailyRollups', { _id: '2026-11-20:S001' })[0];
    expect(r.orderIds).not.toContain(killedOrderId);
    expect(r.orders).toBe(1); // the probe only
  });

  it('a receipt sent 20 times at once through pos and again at the till counts once', async () => {
    const m = addMember(emu, { clerkId: 'C0011', homeStoreId: 'S001' });
    const body = {
      storeId: 'S001',
      receiptNo: `RPOS${++n}`,
      phone: m.phone,
      lines: [{ category: '季节限定', amountFen: 25_800 }],
    };
    const before = find(emu, 'dailyRollups', { _id: '2026-11-20:S001' })[0];
    const results = await Promise.all(
      Array.from({ length: 20 }, () => callPos<PurchaseResult>(emu, posEvent(body))),
    );
    expect(results.every((r) => r.status === 200)).toBe(true);
    const again = data(
      await staff<PurchaseResult>(
        'recordPurchase',
        { memberId: m._id, receiptNo: body.receiptNo, lines: body.lines },
        CLERK,
      ),
    );
    expect(again.duplicate).toBe(true);
    const after = find(emu, 'dailyRollups', { _id: '2026-11-20:S001' })[0];
    expect(after.orders).toBe(before.orders + 1);
    expect(after.revenueFen).toBe(before.revenueFen + 25_800);
    expect(after.buyers[m._id]).toBe(1);
    expect(after.categories['季节限定']).toBe(25_800);
    expect(after.orderIds.filter((id: string) => id === `S001.${body.receiptNo}`)).toHaveLength(1);
  });

  it('the nightly pass recounts yesterday from the orders (the killed one included) and closes it', async () => {
    await at(2026, 11, 21);
    const r = find(emu, 'dailyRollups', { _id: '2026-11-20:S001' })[0];
    const day = shanghaiTime(2026, 11, 20);
    expect(r.closed).toBe(true);
    expect(r.orderIds).toContain(killedOrderId);
    expect(r.orders).toBe(direct(['S001'], day, day + DAY_MS).orders);
    expect(r.orders).toBe(3); // probe, killed, pos
    // today's rollups are open and empty before the first order
    expect(find(emu, 'dailyRollups', { _id: '2026-11-21:S002' })[0]).toMatchObject({
      orders: 0,
      closed: false,
    });
    // a retry of the killed receipt now: answered as a duplicate, not counted again
    await staff(
      'recordPurchase',
      {
        memberId: find(emu, 'orders', { _id: killedOrderId })[0].memberId,
        receiptNo: killedOrderId.slice(5),
        lines: [{ category: '家居清洁', amountFen: 7_000 }],
      },
      CLERK,
    );
    expect(find(emu, 'dailyRollups', { _id: '2026-11-20:S001' })[0].orders).toBe(3);
  });
});

describe('staff.getReport', () => {
  beforeAll(async () => {
    await at(2026, 11, 21, 1);
    const m6 = joined('C0021', 'S002', emu.clock.now());
    await buy(m6._id, CLERK_S2, 60_000, '厨房用品');
    await at(2026, 11, 25);
    expect(shanghaiDate(emu.clock.now())).toBe('2026-11-25');
  });

  it('a store’s report agrees with a direct computation over its orders and members', async () => {
    const { reply } = await report({ scope: 'store', storeId: 'S001', days: 7 }, MANAGER);
    const view = data(reply);
    expect(view.current.label).toBe('11月18日–11月24日');
    expect(view.previous.label).toBe('11月11日–11月17日');
    expect(view.figures.current.orders).toBeGreaterThan(0);
    expectAgrees(view, ['S001']);
  });

  it('the chain’s report agrees too (a member buying in two stores is one buyer)', async () => {
    const view = data((await report({ scope: 'chain', days: 30 }, HQ)).reply);
    expect(view.title).toBe('全部门店');
    expectAgrees(view, null);
    const store7 = data((await report({ scope: 'chain', days: 7 }, HQ)).reply);
    expectAgrees(store7, null);
  });

  it('LTV and tag completeness are the members as the last night counted them', async () => {
    // nothing changed a member since the night of 11-25 02:00, which closed 11-24
    const PROFILE = ['frequency', 'category', 'priceSensitivity', 'lifecycle', 'rfm'];
    const FAMILIES = [...PROFILE.slice(0, 3), 'highValue', 'lifecycle', 'highValueSilent', 'rfm'];
    for (const storeIds of [['S001'], ['S002'], null]) {
      const members = find(emu, 'members').filter(
        (m) =>
          m.status === 'active' && m.homeStoreId && (!storeIds || storeIds.includes(m.homeStoreId)),
      );
      const has = (m: AnyDoc, key: string) => m.tags?.[key]?.value != null;
      const buyers = members.filter((m) => m.stats.orderCount > 0);
      const spend = members.reduce((sum, m) => sum + m.stats.totalSpendFen, 0);
      const view = storeIds
        ? data((await report({ scope: 'store', storeId: storeIds[0], days: 7 }, HQ)).reply)
        : data((await report({ scope: 'chain', days: 7 }, HQ)).reply);
      const m = view.members.current;
      expect(m.asOf).toBe('2026-11-24');
      expect(m.members).toBeGreaterThan(0);
      expect({
        members: m.members,
        buyers: m.buyers,
        ltvFen: m.ltvFen,
        tagCompleteness: m.tagCompleteness,
        coverage: Object.fromEntries(m.coverage.map((c) => [c.key, c.members])),
      }).toEqual({
        members: members.length,
        buyers: buyers.length,
        ltvFen: buyers.length ? Math.round(spend / buyers.length) : null,
        tagCompleteness:
          members.filter((x) => PROFILE.every((k) => has(x, k))).length / members.length,
        coverage: {
          ...Object.fromEntries(FAMILIES.map((k) => [k, members.filter((x) => has(x, k)).length])),
          manual: members.filter((x) => (x.manualTags ?? []).length > 0).length,
        },
      });
      // the period before ends on 11-17: its own night's snapshot
      expect(view.members.previous.asOf).toBe('2026-11-17');
    }
  });

  it('the clerk leaderboard is 门店数据’s 业绩 for the same days (one rule)', async () => {
    const view = data((await report({ scope: 'store', storeId: 'S001', days: 7 }, MANAGER)).reply);
    const figures = data(
      await staff<StoreFiguresView>(
        'storeFigures',
        { storeId: 'S001', period: { kind: 'custom', from: '2026-11-18', to: '2026-11-24' } },
        MANAGER,
      ),
    );
    const fromFigures = figures.clerks
      .filter((c) => c.repeatOrders > 0)
      .map((c) => [c.staffId, c.repeatOrders, c.repeatFen]);
    const fromReport = view.clerks
      .filter((c) => c.repeatOrders > 0)
      .map((c) => [c.clerkId, c.repeatOrders, c.repeatFen]);
    expect(fromReport).toEqual(fromFigures);
    expect(fromReport.length).toBeGreaterThan(0);
    expect(view.figures.current.buyers).toBe(figures.store.buyers);
    expect(view.figures.current.repeatRate).toBe(figures.store.repeatRate);
    expect(view.clerks.every((c) => c.storeId === 'S001')).toBe(true);
    expect(view.service.current).toMatchObject({
      tasksDue: figures.store.tasksDue,
      tasksDone: figures.store.tasksDone,
      completionRate: figures.store.completionRate,
      resolvedTickets: figures.store.resolvedTickets,
      avgHandlingMs: figures.store.avgHandlingMs,
    });
  });

  it('reads only rollups: a fixed number of requests, days × stores documents at most', async () => {
    const store = await report({ scope: 'store', storeId: 'S001', days: 90 }, MANAGER);
    // the caller, stores, rollups, response rollups, tasks, tickets, clerks' names
    expect(store.requests).toBeLessThanOrEqual(7);
    expect(store.byAction['database.getDocument'] ?? 0).toBeLessThanOrEqual(5);
    expect(data(store.reply).rollupsRead).toBeLessThanOrEqual(180);
    const chain = await report({ scope: 'chain', days: 90 }, HQ);
    expect(chain.requests).toBeLessThanOrEqual(7);
    expect(data(chain.reply).rollupsRead).toBeLessThanOrEqual(180 * 3);
  });

  it('exports the report to an .xlsx whose numbers are the report’s; audited; a clerk is refused', async () => {
    const input = { scope: 'store', storeId: 'S001', days: 7 };
    const view = data((await report(input, MANAGER)).reply);
    const out = data(
      await emu.call<Reply<{ tempFileURL: string; sheets: number }>>(
        'sheets',
        { action: 'exportReport', ...input },
        MANAGER,
      ),
    );
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(await (await fetch(encodeURI(out.tempFileURL))).arrayBuffer());
    expect(wb.worksheets.map((w) => w.name)).toEqual([
      '指标对比',
      '每日销售额',
      '品类销售（按区域）',
      '价格带',
      '店员排行',
      '标签覆盖',
      '活动与自动化效果',
    ]);
    const rowOf = (sheet: string, first: string) => {
      let found: unknown[] = [];
      wb.getWorksheet(sheet)!.eachRow((r) => {
        const v = (r.values as unknown[]).slice(1);
        if (v[0] === first) found = v;
      });
      return found;
    };
    const f = view.figures;
    expect(rowOf('指标对比', '销售额（元）').slice(1, 3)).toEqual([
      f.current.revenueFen / 100,
      f.previous.revenueFen / 100,
    ]);
    expect(rowOf('指标对比', '订单数').slice(1, 3)).toEqual([f.current.orders, f.previous.orders]);
    const revenue = (wb.getWorksheet('每日销售额')!.getColumn(3).values as unknown[])
      .slice(2)
      .reduce((s: number, v) => s + Number(v), 0);
    expect(Math.round(revenue * 100)).toBe(f.current.revenueFen);
    expect(wb.getWorksheet('店员排行')!.rowCount - 1).toBe(view.clerks.length);
    const ltv = view.members.current.ltvFen;
    expect(rowOf('指标对比', 'LTV（人均累计消费，元）')[1]).toBe(ltv === null ? '' : ltv / 100);
    expect(wb.getWorksheet('标签覆盖')!.rowCount - 1).toBe(view.members.current.coverage.length);
    expect(
      find(emu, 'auditLog', { action: 'export.report', 'target.id': 'store-S001' }),
    ).toHaveLength(1);
    const clerk = await emu.call<Reply<unknown>>(
      'sheets',
      { action: 'exportReport', scope: 'store', days: 7 },
      CLERK,
    );
    expect(clerk).toMatchObject({ ok: false, error: { code: 'AUTH.FORBIDDEN' } });
    const other = await emu.call<Reply<unknown>>(
      'sheets',
      { action: 'exportReport', scope: 'store', storeId: 'S002', days: 7 },
      MANAGER,
    );
    expect(other).toMatchObject({ ok: false, error: { code: 'AUTH.WRONG_STORE' } });
  });

  it('a manager is refused another store and the chain; a clerk every report', async () => {
    const other = (await report({ scope: 'store', storeId: 'S002', days: 7 }, MANAGER)).reply;
    expect(other).toMatchObject({
      ok: false,
      error: { code: 'AUTH.WRONG_STORE', message: '不能操作其他门店的数据' },
    });
    const chain = (await report({ scope: 'chain', days: 7 }, MANAGER)).reply;
    expect(chain).toMatchObject({ ok: false, error: { code: 'AUTH.FORBIDDEN' } });
    const clerk = (await report({ scope: 'store', days: 7 }, CLERK)).reply;
    expect(clerk).toMatchObject({ ok: false, error: { code: 'AUTH.FORBIDDEN' } });
  });

  it('bad input is refused with a Chinese message and writes nothing', async () => {
    const before = JSON.stringify(find(emu, 'dailyRollups', {}, { sort: { _id: 1 } }));
    const counts = emu.database.collections().map((c) => [c.name, c.count]);
    for (const bad of [
      { scope: 'store', storeId: 'S001', days: 14 },
      { scope: 'area', days: 7 },
      { scope: 'store', storeId: 'S001' },
      { scope: 'store', storeId: 'S00000001', days: 7 },
    ]) {
      const { reply } = await report(bad, HQ);
      expect(reply).toMatchObject({ ok: false, error: { code: 'COMMON.INVALID_INPUT' } });
      expect(reply.ok ? '' : reply.error.message).toMatch(/[\u4e00-\u9fff]/);
    }
    const unknown = (await report({ scope: 'store', storeId: 'S999', days: 7 }, HQ)).reply;
    expect(unknown).toMatchObject({ ok: false, error: { code: 'COMMON.NOT_FOUND' } });
    expect(JSON.stringify(find(emu, 'dailyRollups', {}, { sort: { _id: 1 } }))).toBe(before);
    expect(emu.database.collections().map((c) => [c.name, c.count])).toEqual(counts);
  });
});
