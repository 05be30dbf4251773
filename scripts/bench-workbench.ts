/**
 * Workbench bench rows `workbench.customers` and `workbench.customer` (`npm run bench` prints
 * them; `tsx scripts/bench-workbench.ts [--quick]` alone): 100,000 members bulk-loaded into a
 * private emulator across the three stores, 10 clerks a store (≈ 3,300 customers each, the
 * seeded clerk C0011 among them), with names, phone tails, tags, a last purchase spread over
 * a year and 20,000 open follow-up tasks. Figures: database requests and p50 / p95 latency of
 * a page of 我的顾客 (20 rows) — unfiltered, by phone tail, by name, by lifecycle and last
 * purchase, a manager's page by clerk and of the whole store — with the index the emulator's
 * planner chose for the members; and the requests of a customer's page with a year of history
 * (30 purchases in two stores, 10 coupons, 40 points entries, 6 messages, 4 tasks, 2 tickets).
 */
import type { Emulator } from '../emulator';
import { DAY_MS } from '../src/domain/calendar';
import { lastPurchaseRange } from '../src/domain/customers/search';
import { benchMain, withBenchEmulator } from './benchEmulator';

export type WorkbenchBenchRow = { row: string; figure: string; detail: string };

const STORES = ['S001', 'S002', 'S003'];
const CLERK = 'o_test_clerk_S001';
const MANAGER = 'o_test_manager_S001';
const SURNAMES = ['张', '王', '李', '赵', '陈', '刘', '杨', '黄', '周', '吴'];
const GIVEN = ['伟', '芳', '娜', '敏', '静', '丽', '强', '磊', '洋', '艳', '勇', '军', '杰', '娟'];
const LIFECYCLE = ['流失', '沉睡', 'VIP', '活跃', '新客', '一般'];
const RUNS = 20;

const clerkOf = (i: number) => {
  const store = i % 3;
  const n = Math.floor(i / 3) % 10; // 10 clerks a store; n = 0 is the seeded C00x1
  return {
    storeId: STORES[store],
    clerkId: n === 0 ? `C00${store + 1}1` : `C00${store + 1}${n + 1}x`,
  };
};

function load(emu: Emulator, members: number, tasks: number, now: number): string {
  const docs = Array.from({ length: members }, (_, i) => {
    const phone = `139${String(i).padStart(8, '0')}`;
    const { storeId, clerkId } = clerkOf(i);
    const stage = LIFECYCLE[Math.floor(i / 7) % LIFECYCLE.length];
    const lastOrderAt = i % 7 === 0 ? null : now - ((i * 37) % 365) * DAY_MS;
    return {
      _id: `wm${String(i).padStart(6, '0')}`,
      memberNo: 600_000 + i,
      phone,
      phoneTail: phone.slice(-4),
      name: `${SURNAMES[i % 10]}${GIVEN[(i * 7) % GIVEN.length]}${GIVEN[(i * 11) % GIVEN.length]}`,
      gender: i % 2 ? 'female' : 'male',
      level: 'normal',
      points: { balance: 0, lifetime: 0 },
      stats: { orderCount: lastOrderAt ? 1 + (i % 9) : 0, totalSpendFen: 0, lastOrderAt },
      homeStoreId: storeId,
      clerkId,
      tags: { lifecycle: { value: stage, reason: '基准数据', since: 0, ruleVersion: 1 } },
      tagKeys: [`lifecycle:${stage}`],
      manualTags: [],
      status: 'active',
      createdAt: 0,
    };
  });
  emu.database.insertMany('members', docs);
  emu.database.insertMany(
    'tasks',
    Array.from({ length: tasks }, (_, i) => {
      const m = docs[(i * 5) % members];
      return {
        _id: `wt${String(i).padStart(6, '0')}`,
        memberId: m._id,
        storeId: m.homeStoreId,
        assigneeId: m.clerkId,
        assigneeRole: 'clerk',
        title: '30天回访',
        script: null,
        dueAt: now + ((i % 14) - 3) * DAY_MS,
        state: 'open',
        source: { kind: 'manual', createdBy: 'M001' },
        createdAt: now - 10 * DAY_MS,
      };
    }),
  );
  return docs[0]._id; // C0011's, S001
}

function history(emu: Emulator, memberId: string, now: number) {
  const at = (i: number) => now - i * 9 * DAY_MS;
  emu.database.insertMany(
    'orders',
    Array.from({ length: 30 }, (_, i) => ({
      _id: `wo${i}`,
      storeId: i % 4 ? 'S001' : 'S002',
      receiptNo: `WB${i}`,
      memberId,
      clerkId: 'C0011',
      lines: [],
      amountFen: 12_800,
      discountFen: 0,
      paidFen: 12_800,
      couponId: null,
      pointsEarned: 128,
      status: 'completed',
      refundedFen: 0,
      source: 'till',
      createdAt: at(i),
    })),
  );
  emu.database.insertMany(
    'coupons',
    Array.from({ length: 10 }, (_, i) => ({
      _id: `wc${i}`,
      memberId,
      title: '满100减20',
      code: `WBC${i}000`,
      status: i % 2 ? 'used' : 'unused',
      issuedAt: at(i * 3),
      usedAt: i % 2 ? at(i * 3 - 1) : null,
      issueKey: `wb${i}`,
      limitKey: `wb${i}`,
    })),
  );
  emu.database.insertMany(
    'pointsLedger',
    Array.from({ length: 40 }, (_, i) => ({
      _id: `wl${i}`,
      memberId,
      kind: 'earn',
      delta: 128,
      ref: `wo${i}`,
      at: at(i) + 1,
      title: '消费得积分',
    })),
  );
  emu.database.insertMany(
    'outbox',
    Array.from({ length: 6 }, (_, i) => ({
      _id: `wx${i}`,
      memberId,
      purpose: 'offer',
      state: 'sent',
      createdAt: at(i * 5) + 2,
      sentAt: at(i * 5) + 2,
    })),
  );
  emu.database.insertMany(
    'tickets',
    Array.from({ length: 2 }, (_, i) => ({
      _id: `wk${i}`,
      memberId,
      storeId: 'S001',
      kind: 'afterSales',
      title: '退换货',
      description: '',
      state: 'resolved',
      openedBy: 'C0011',
      assigneeId: 'C0011',
      openedAt: at(i * 10) + 3,
      resolvedAt: at(i * 10) + 7_200_000,
      resolution: '已处理',
      handlingMs: 7_200_000,
      rating: null,
    })),
  );
}

const pct = (sorted: number[], p: number) =>
  sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1))] ?? 0;

async function measure(
  emu: Emulator,
  openid: string,
  event: Record<string, unknown>,
  runs: number,
): Promise<{ requests: number; p50: number; p95: number; rows: number }> {
  const ms: number[] = [];
  let requests = 0;
  let rows = 0;
  for (let i = 0; i < runs; i++) {
    const t0 = performance.now();
    const out = await emu.invoke('staff', event, { openid, source: 'wx_client' });
    ms.push(performance.now() - t0);
    if (!out.ok) throw new Error(`${String(event.action)}: ${out.errCode}`);
    const reply = out.result as { ok: boolean; data: Record<string, unknown[]>; error?: unknown };
    if (!reply.ok) throw new Error(`${String(event.action)}: ${JSON.stringify(reply.error)}`);
    requests = Math.max(requests, emu.stats.get(out.invocationId).total);
    rows = (reply.data.customers ?? reply.data.timeline ?? []).length;
  }
  ms.sort((a, b) => a - b);
  return { requests, p50: pct(ms, 50), p95: pct(ms, 95), rows };
}

async function benchWorkbench(
  emu: Emulator,
  members: number,
  tasks: number,
): Promise<WorkbenchBenchRow[]> {
  const now = emu.clock.now();
  const memberId = load(emu, members, tasks, now);
  history(emu, memberId, now);
  const d90 = lastPurchaseRange('d90', now) as { gte: number };
  const scenarios: [string, string, Record<string, unknown>, Record<string, unknown>][] = [
    ['clerk, first page', CLERK, {}, { clerkId: 'C0011' }],
    ['clerk, phone tail', CLERK, { q: '0030' }, { clerkId: 'C0011', phoneTail: '0030' }],
    ['clerk, name 张', CLERK, { q: '张' }, { clerkId: 'C0011', name: /^张/ }],
    [
      'clerk, 活跃 + last 90 days',
      CLERK,
      { lifecycle: '活跃', lastPurchase: 'd90' },
      { clerkId: 'C0011', tagKeys: 'lifecycle:活跃', 'stats.lastOrderAt': { $gte: d90.gte } },
    ],
    [
      'manager, one clerk',
      MANAGER,
      { clerkId: 'C0011' },
      { homeStoreId: 'S001', clerkId: 'C0011' },
    ],
    ['manager, whole store', MANAGER, {}, { homeStoreId: 'S001' }],
  ];
  const rows: WorkbenchBenchRow[] = [];
  for (const [name, openid, input, where] of scenarios) {
    const m = await measure(emu, openid, { action: 'listCustomers', limit: 20, ...input }, RUNS);
    const plan = emu.database.explain('members', { ...where, status: 'active' });
    rows.push({
      row: `workbench.customers (${name})`,
      figure: `${m.requests} requests, p50 ${m.p50.toFixed(0)} ms, p95 ${m.p95.toFixed(0)} ms`,
      detail: `${m.rows} rows; members by ${plan.plan === 'index' ? `index ${plan.index}` : plan.plan}, next task by $lookup`,
    });
  }
  const page = await measure(emu, CLERK, { action: 'getCustomer', memberId, limit: 20 }, RUNS);
  rows.push({
    row: 'workbench.customer',
    figure: `${page.requests} requests, p50 ${page.p50.toFixed(0)} ms, p95 ${page.p95.toFixed(0)} ms`,
    detail: `${page.rows} timeline entries of 30 purchases, 10 coupons, 40 points, 6 messages, 2 tickets: the caller + one aggregate ($lookup per source)`,
  });
  return rows;
}

/** Its own emulator: 100,000 members of its own shape. */
export const runWorkbenchBench = (quick: boolean): Promise<WorkbenchBenchRow[]> =>
  withBenchEmulator('workbench', (emu) =>
    quick ? benchWorkbench(emu, 20_000, 4_000) : benchWorkbench(emu, 100_000, 20_000),
  );

if (process.argv[1]?.endsWith('bench-workbench.ts')) benchMain('workbench', runWorkbenchBench);
