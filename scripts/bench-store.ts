/**
 * Store manager bench rows (`npm run bench` prints them; `tsx scripts/bench-store.ts
 * [--quick]` alone): `store.figures` — 门店数据 for 30 days of a store with 3,000 orders by
 * 1,500 members (among 100,000 members of the chain, 20,000 with --quick), 2,000 tasks and 300
 * tickets; `store.pickups` — a page of the store's 50 waiting gifts. Figures: requests and
 * time of one call.
 */
import type { Emulator } from '../emulator';
import { DAY_MS, shanghaiDate } from '../src/domain/calendar';
import { benchMain, withBenchEmulator } from './benchEmulator';

export type StoreBenchRow = { row: string; figure: string; detail: string };

const STORES = ['S001', 'S002', 'S003'];
const CLERKS = ['C0011', 'C0021', 'C0031'];
const ORDERS = 3_000;
const BUYERS = 1_500;

function load(emu: Emulator, members: number, now: number) {
  const id = (i: number) => `sm${String(i).padStart(6, '0')}`;
  emu.database.insertMany(
    'members',
    Array.from({ length: members }, (_, i) => ({
      _id: id(i),
      memberNo: 600_000 + i,
      phone: `137${String(i).padStart(8, '0')}`,
      name: '张三丰',
      gender: 'female',
      homeStoreId: STORES[i % 3],
      clerkId: CLERKS[i % 3],
      source: { storeId: STORES[i % 3], clerkId: CLERKS[i % 3], channel: 'qr', at: 0 },
      stats: { orderCount: 1, firstOrderAt: now - 400 * DAY_MS },
      status: 'active',
      createdAt: i % 50 === 0 ? now - (i % 29) * DAY_MS : 0,
    })),
  );
  // S001's buyers: every third member (homeStore S001)
  emu.database.insertMany(
    'orders',
    Array.from({ length: ORDERS }, (_, i) => ({
      _id: `S001.B${i}`,
      storeId: 'S001',
      receiptNo: `B${i}`,
      memberId: id((i % BUYERS) * 3),
      clerkId: 'C0011',
      lines: [{ category: '家居清洁', name: null, quantity: 1, amountFen: 10_000 }],
      amountFen: 10_000,
      discountFen: 0,
      paidFen: 10_000,
      couponId: null,
      pointsEarned: 100,
      status: 'completed',
      refundedFen: 0,
      source: 'till',
      createdAt: now - (i % 29) * DAY_MS - i,
    })),
  );
  emu.database.insertMany(
    'ownerHistory',
    Array.from({ length: 300 }, (_, i) => ({
      _id: `${id(i * 3)}:bench`,
      memberId: id(i * 3),
      clerkId: 'C0011',
      storeId: 'S001',
      previousClerkId: 'C0021',
      previousStoreId: 'S002',
      why: 'crossStore',
      by: 'C0011',
      at: now - 10 * DAY_MS,
    })),
  );
  emu.database.insertMany(
    'tasks',
    Array.from({ length: 2_000 }, (_, i) => ({
      _id: `st${i}`,
      memberId: id(i * 3),
      storeId: 'S001',
      assigneeId: 'C0011',
      assigneeRole: 'clerk',
      title: '回访',
      script: null,
      dueAt: now - (i % 40) * DAY_MS,
      state: i % 3 === 0 ? 'open' : 'done',
      source: { kind: 'manual', createdBy: 'M001' },
      createdAt: now - 50 * DAY_MS,
    })),
  );
  emu.database.insertMany(
    'tickets',
    Array.from({ length: 300 }, (_, i) => ({
      _id: `sk${i}`,
      memberId: id(i * 3),
      storeId: 'S001',
      kind: 'complaint',
      title: '投诉',
      description: '',
      state: i % 5 === 0 ? 'open' : 'resolved',
      openedBy: 'C0011',
      assigneeId: 'C0011',
      openedAt: now - (i % 40) * DAY_MS,
      resolvedAt: null,
      resolution: null,
      handlingMs: i % 5 === 0 ? null : 4 * 3_600_000,
      rating: i % 2 ? { score: 4, comment: null, at: now } : null,
    })),
  );
  emu.database.insertMany(
    'redemptions',
    Array.from({ length: 60 }, (_, i) => ({
      _id: `sr${i}`,
      memberId: id(i * 3),
      rewardId: 'rw',
      requestId: `sr${i}`,
      kind: 'gift',
      title: '环保购物袋',
      pointsCost: 50,
      status: 'reserved',
      couponSpec: null,
      couponIssueKey: null,
      lots: [],
      at: now - i * 3_600_000,
      pickupStoreId: 'S001',
      collectedAt: i < 10 ? now : null,
    })),
  );
}

async function benchStore(emu: Emulator, members: number): Promise<StoreBenchRow[]> {
  const now = emu.clock.now();
  load(emu, members, now);
  const call = async (event: Record<string, unknown>) => {
    const out = await emu.invoke('staff', event, {
      openid: 'o_test_manager_S001',
      source: 'wx_client',
    });
    if (!out.ok) throw new Error(`${String(event.action)}: ${out.errCode} ${out.errMsg}`);
    const reply = out.result as { ok: boolean; data?: unknown; error?: unknown };
    if (!reply.ok) throw new Error(`${String(event.action)}: ${JSON.stringify(reply.error)}`);
    return { data: reply.data, requests: emu.stats.get(out.invocationId).total, ms: out.ms };
  };
  const period = {
    kind: 'custom',
    from: shanghaiDate(now - 29 * DAY_MS),
    to: shanghaiDate(now),
  };
  const figures = await call({ action: 'storeFigures', period });
  const store = (figures.data as { store: { repeatOrders: number; tasksDue: number } }).store;
  const pickups = await call({ action: 'listPickups', limit: 50 });
  return [
    {
      row: 'store.figures',
      figure: `${figures.requests} requests, ${figures.ms} ms`,
      detail: `30 days of S001: ${ORDERS} orders by ${BUYERS} members (${store.repeatOrders} repeat), ${store.tasksDue} tasks due, 300 tickets; ${members} members in the chain (none scanned)`,
    },
    {
      row: 'store.pickups',
      figure: `${pickups.requests} requests, ${pickups.ms} ms`,
      detail: 'listPickups: 50 waiting gifts of the store (the caller, the page, names, store)',
    },
  ];
}

export const runStoreBench = (quick: boolean): Promise<StoreBenchRow[]> =>
  withBenchEmulator('store', (emu) => benchStore(emu, quick ? 20_000 : 100_000));

if (process.argv[1]?.endsWith('bench-store.ts')) benchMain('store manager', runStoreBench);
