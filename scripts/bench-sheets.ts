/**
 * Spreadsheet bench rows (`npm run bench` prints them; `tsx scripts/bench-sheets.ts [--quick]
 * [import|export]` alone, both or one), 100,000 rows (10,000 with --quick):
 *
 * - `import.100k` — HQ imports that many historical customers (姓名, 手机号, 累计消费（元）,
 *   消费次数, 最近消费, 首次消费, 门店, 店员; every 10th row a phone that already has a member, to
 *   merge) through the real `sheets.importMembers`: the .xlsx is put in the emulator's cloud
 *   storage (what the page's `Taro.cloud.uploadFile` does), the dry run is called once, then
 *   the import is called again and again until `done`, as the page does. The function takes a
 *   file of any length (no cap per file), so this is one file. Figures: total time, requests per
 *   100 rows, and the first and last call (rows, requests, seconds) to show it stays linear.
 * - `export.100k` — HQ's `sheets.exportMembers` scope `chain` on that many members (inserted
 *   directly, with the fields an imported or signed-up member carries: name, phone, level,
 *   store, clerk, statistics, tags, source). Figures: time, requests, file size, rows.
 */
import ExcelJS from 'exceljs';
import type { Emulator } from '../emulator';
import type { ExportMembersReply, ImportReport } from '../src/contracts/sheets';
import { DAY_MS, shanghaiDate } from '../src/domain/calendar';
import { emptyStats } from '../src/domain/memberStats';
import { benchMain, withBenchEmulator } from './benchEmulator';

export type SheetsBenchRow = { row: string; figure: string; detail: string };

const HQ = 'o_test_hq';
const STORES = [
  { id: 'S001', name: '南京西路店', clerks: [{ id: 'C0011', name: '王芳' }] },
  { id: 'S002', name: '徐家汇店', clerks: [{ id: 'C0021', name: '李娜' }] },
  { id: 'S003', name: '新街口店', clerks: [{ id: 'C0031', name: '陈静' }] },
];
const SURNAMES = ['张', '王', '李', '赵', '陈', '刘', '杨', '黄', '周', '吴'];
const GIVEN = ['伟', '芳', '娜', '敏', '静', '丽', '强', '磊', '洋', '艳', '勇', '军', '杰', '娟'];
const LIFECYCLE = ['流失', '沉睡', 'VIP', '活跃', '新客', '一般'];
const LEVELS = ['normal', 'normal', 'normal', 'silver', 'gold'];

const nameOf = (i: number) =>
  `${SURNAMES[i % 10]}${GIVEN[(i * 7) % GIVEN.length]}${GIVEN[(i * 11) % GIVEN.length]}`;
const sec = (ms: number) => `${(ms / 1000).toFixed(1)} s`;
const per100 = (requests: number, rows: number) => ((requests / rows) * 100).toFixed(1);

async function sheets<T>(emu: Emulator, event: Record<string, unknown>) {
  const out = await emu.invoke('sheets', event, { openid: HQ, source: 'wx_client' });
  if (!out.ok) throw new Error(`${String(event.action)}: ${out.errCode} ${out.errMsg}`);
  const reply = out.result as { ok: boolean; data?: T; error?: unknown };
  if (!reply.ok) throw new Error(`${String(event.action)}: ${JSON.stringify(reply.error)}`);
  return { data: reply.data as T, requests: emu.stats.get(out.invocationId).total, ms: out.ms };
}

/** An HQ export of the old system: one row a customer; every 10th phone already a member. */
async function historicalSheet(emu: Emulator, rows: number, now: number): Promise<Buffer> {
  const existing = Array.from({ length: Math.ceil(rows / 10) }, (_, k) => {
    const i = k * 10;
    return {
      _id: `bx${String(i).padStart(6, '0')}`,
      memberNo: 3_000_000 + i,
      phone: `158${String(i).padStart(8, '0')}`,
      phoneTail: String(i).padStart(8, '0').slice(-4),
      name: null,
      level: 'normal',
      points: { balance: 0, lifetime: 0 },
      stats: emptyStats(),
      source: { storeId: 'S001', clerkId: 'C0011', channel: 'qr', at: now - 30 * DAY_MS },
      homeStoreId: 'S001',
      clerkId: 'C0011',
      consent: { privacy: { version: '2026-11', at: now - 30 * DAY_MS }, marketing: null },
      status: 'active',
      createdAt: now - 30 * DAY_MS,
      updatedAt: now - 30 * DAY_MS,
    };
  });
  emu.database.insertMany('members', existing);
  const wb = new ExcelJS.Workbook();
  const ws = wb.addWorksheet('客户');
  ws.addRow([
    '姓名',
    '手机号',
    '累计消费（元）',
    '消费次数',
    '最近消费',
    '首次消费',
    '门店',
    '店员',
  ]);
  for (let i = 0; i < rows; i++) {
    const store = STORES[i % STORES.length];
    const orders = 1 + (i % 9);
    const last = now - (1 + ((i * 37) % 700)) * DAY_MS;
    const first = last - (orders - 1) * 20 * DAY_MS;
    ws.addRow([
      nameOf(i),
      `158${String(i).padStart(8, '0')}`,
      ((orders * (3_000 + ((i * 3_571) % 40_000))) / 100).toFixed(2),
      orders,
      shanghaiDate(last),
      orders > 1 ? shanghaiDate(first) : '',
      i % 5 === 4 ? '' : store.name,
      i % 5 < 2 ? store.clerks[0].name : '',
    ]);
  }
  return Buffer.from(await wb.xlsx.writeBuffer());
}

async function benchImport(emu: Emulator, rows: number): Promise<SheetsBenchRow> {
  const now = emu.clock.now();
  const bytes = await historicalSheet(emu, rows, now);
  const fileID = emu.storage.write(`imports/HQ01/bench-${rows}.xlsx`, bytes);
  const dry = await sheets<ImportReport>(emu, { action: 'importMembers', fileID, dryRun: true });
  const calls: { rows: number; requests: number; ms: number }[] = [];
  let done = 0;
  let report: ImportReport;
  const t0 = performance.now();
  do {
    const r = await sheets<ImportReport>(emu, { action: 'importMembers', fileID, dryRun: false });
    report = r.data;
    const now = report.created + report.merged + report.skipped;
    calls.push({ rows: now - done, requests: r.requests, ms: r.ms });
    done = now;
    if (calls.length > 500) throw new Error('import: no end');
  } while (!report.done);
  const totalMs = performance.now() - t0;
  const requests = calls.reduce((a, c) => a + c.requests, 0);
  const first = calls[0];
  const last = calls[calls.length - 1];
  const call = (c: typeof first) =>
    `${c.rows} rows, ${c.requests} requests (${per100(c.requests, c.rows)} per 100 rows), ${sec(c.ms)}`;
  return {
    row: 'import.100k',
    figure: `${sec(totalMs)}, ${per100(requests, report.accepted)} requests per 100 rows`,
    detail:
      `one .xlsx of ${rows} rows (${(bytes.length / 1e6).toFixed(1)} MB; dry run: ${dry.data.create} to create, ${dry.data.merge} to merge); ` +
      `dry run ${sec(dry.ms)}, ${dry.requests} requests; import in ${calls.length} calls, ${requests} requests: ` +
      `created ${report.created}, merged ${report.merged}, skipped ${report.skipped}; ` +
      `first call ${call(first)}; last call ${call(last)}`,
  };
}

/** `n` members as the chain has them after a while: names, stores, clerks, history, tags. */
function loadMembers(emu: Emulator, n: number, now: number) {
  const docs = Array.from({ length: n }, (_, i) => {
    const phone = `139${String(i).padStart(8, '0')}`;
    const store = STORES[i % STORES.length];
    const orders = i % 7 === 0 ? 0 : 1 + (i % 12);
    const lastOrderAt = orders ? now - ((i * 37) % 365) * DAY_MS : null;
    const stage = LIFECYCLE[Math.floor(i / 7) % LIFECYCLE.length];
    const joined = now - (30 + ((i * 13) % 900)) * DAY_MS;
    const channel = i % 4 === 0 ? 'import' : i % 4 === 1 ? 'clerk' : 'qr';
    const clerkId = i % 3 === 2 ? null : store.clerks[0].id;
    return {
      _id: `be${String(i).padStart(6, '0')}`,
      memberNo: 4_000_000 + i,
      phone,
      phoneTail: phone.slice(-4),
      name: i % 11 === 0 ? null : nameOf(i),
      gender: i % 2 ? 'female' : 'male',
      birthday: null,
      level: LEVELS[i % LEVELS.length],
      points: { balance: (i * 17) % 3_000, lifetime: (i * 31) % 9_000 },
      stats: {
        orderCount: orders,
        totalSpendFen: orders * (3_000 + ((i * 3_571) % 40_000)),
        firstOrderAt: lastOrderAt === null ? null : lastOrderAt - orders * 20 * DAY_MS,
        lastOrderAt,
        recentOrderAts: lastOrderAt === null ? [] : [lastOrderAt],
        storesVisited: orders ? [store.id] : [],
        spendByMonth: {},
        categorySpendFen: {},
        couponOrders: 0,
        refundedFen: 0,
      },
      recentPurchases: [],
      source: { storeId: store.id, clerkId, channel, at: joined },
      homeStoreId: store.id,
      clerkId,
      consent: { privacy: { version: '2026-11', at: joined }, marketing: null },
      tags: {
        lifecycle: { value: stage, reason: '基准数据', since: joined, ruleVersion: 1 },
        ...(i % 3 === 0
          ? { highValue: { value: '高价值', reason: '基准数据', since: joined, ruleVersion: 1 } }
          : {}),
      },
      tagKeys: [`lifecycle:${stage}`, ...(i % 3 === 0 ? ['highValue:高价值'] : [])],
      manualTags: [],
      status: 'active',
      createdAt: joined,
      updatedAt: joined,
    };
  });
  emu.database.insertMany('members', docs);
}

async function benchExport(emu: Emulator, n: number): Promise<SheetsBenchRow> {
  loadMembers(emu, n, emu.clock.now());
  type Reply = ExportMembersReply;
  const calls: { rows: number; requests: number; ms: number }[] = [];
  let out = await sheets<Reply>(emu, { action: 'exportMembers', scope: 'chain' });
  calls.push({ rows: out.data.rows, requests: out.requests, ms: out.ms });
  // as the page does: again with the job until the file is written
  while (!out.data.done) {
    out = await sheets<Reply>(emu, {
      action: 'exportMembers',
      scope: 'chain',
      jobId: out.data.jobId,
    });
    calls.push({ rows: out.data.rows, requests: out.requests, ms: out.ms });
  }
  const done = out.data;
  const size = emu.storage.read(done.fileID)?.length ?? 0;
  const ms = calls.reduce((t, c) => t + c.ms, 0);
  const requests = calls.reduce((t, c) => t + c.requests, 0);
  return {
    row: 'export.100k',
    figure: `${sec(ms)}, ${requests} requests, ${calls.length} calls`,
    detail: `HQ's chain export of ${n} members: ${done.rows} rows, an .xlsx of ${(size / 1e6).toFixed(1)} MB${done.masked ? ' (masked)' : ''}; calls (rows so far, requests, time): ${calls.map((c) => `${c.rows}/${c.requests}/${sec(c.ms)}`).join(', ')}`,
  };
}

/** Both rows, or one of them (`only`: `tsx scripts/bench-sheets.ts export` runs the export). */
export const runSheetsBench = async (
  quick: boolean,
  only?: 'import' | 'export',
): Promise<SheetsBenchRow[]> => {
  const n = quick ? 10_000 : 100_000;
  const rows: SheetsBenchRow[] = [];
  // each on a database of its own: the export's members are not the import's
  if (only !== 'export')
    rows.push(await withBenchEmulator('sheets-import', (emu) => benchImport(emu, n)));
  if (only !== 'import')
    rows.push(await withBenchEmulator('sheets-export', (emu) => benchExport(emu, n)));
  return rows;
};

const onlyArg = process.argv.find(
  (a): a is 'import' | 'export' => a === 'import' || a === 'export',
);

if (process.argv[1]?.endsWith('bench-sheets.ts'))
  benchMain('sheets', (quick) => runSheetsBench(quick, onlyArg));
