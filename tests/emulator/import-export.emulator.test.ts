/**
 * Excel in and out (the `sheets` function) on a real-looking spreadsheet made here with
 * exceljs and put in the emulator's cloud storage: the dry run reports accepted, rejected
 * (with the reason) and merged rows and writes nothing; the import creates members (claims,
 * statistics, tags; no coupon, no message), merges the history of an existing member, and a
 * rerun adds nothing; the export opens as a spreadsheet, masked for a clerk, in full for HQ
 * and the member's own clerk. Only HQ imports; bad files are refused.
 */
import ExcelJS from 'exceljs';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { startTestEmulator, type TestEmulator } from '../support/emulator';
import type { Reply } from '../../src/contracts/reply';
import type { ImportReport } from '../../src/contracts/sheets';
import { shanghaiTime } from '../../src/domain/calendar';
import { addMember, data, FUNCTION_ENV, find, type TestMember } from './support/loyalty';
import { signUp } from './support/memberJourney';

const HQ = 'o_test_hq';
const CLERK = 'o_test_clerk_S001'; // 王芳, C0011
const MANAGER = 'o_test_manager_S001';
let emu: TestEmulator;
let existing: TestMember;
let fileID: string;

const sheets = <T>(action: string, input: Record<string, unknown>, openid: string) =>
  emu.call<Reply<T>>('sheets', { action, ...input }, openid);
const WRITTEN = ['members', 'uniqueClaims', 'coupons', 'outbox', 'auditLog', 'importJobs'];
const snapshot = () => JSON.stringify(WRITTEN.map((c) => find(emu, c, {})));

async function xlsx(rows: (string | number | Date | null)[][]): Promise<Buffer> {
  const wb = new ExcelJS.Workbook();
  const ws = wb.addWorksheet('客户');
  for (const r of rows) ws.addRow(r);
  return Buffer.from(await wb.xlsx.writeBuffer());
}

async function readBack(url: string): Promise<string[][]> {
  const res = await fetch(encodeURI(url));
  expect(res.status).toBe(200);
  const wb = new ExcelJS.Workbook();
  await wb.xlsx.load(await res.arrayBuffer());
  const rows: string[][] = [];
  wb.worksheets[0].eachRow((row) => {
    rows.push((row.values as unknown[]).slice(1).map((v) => (v == null ? '' : String(v))));
  });
  return rows;
}

beforeAll(async () => {
  emu = await startTestEmulator({ functionEnv: FUNCTION_ENV });
  await emu.seedMinimal();
  existing = addMember(emu, {
    name: '老顾客',
    clerkId: 'C0012', // another clerk of S001
    stats: {
      orderCount: 1,
      totalSpendFen: 10_000,
      firstOrderAt: shanghaiTime(2026, 11, 1),
      lastOrderAt: shanghaiTime(2026, 11, 1),
      recentOrderAts: [shanghaiTime(2026, 11, 1)],
      storesVisited: ['S001'],
    },
  });
  const bytes = await xlsx([
    ['姓名', '手机号', '累计消费（元）', '消费次数', '最近消费', '门店', '店员'],
    ['张伟', '139 0000 0001', '3,200.50', 12, new Date(Date.UTC(2026, 2, 1)), '', ''],
    ['刘洋', '+86 139-0000-0002', 86, 1, '2026-11-10', '南京西路店', '王芳'],
    ['错号', '12345', 10, 1, '', '', ''],
    ['张伟', '13900000001', 50, 1, '', '', ''],
    ['负数', '13900000003', -50, 1, '', '', ''],
    ['外店', '13900000004', 20, 1, '', '浦东店', ''],
    [null, null, null, null, null, null, null],
    ['陈静', '13900000005', 300, 2, '2026/10/5', '徐家汇店', '李娜'],
    ['', existing.phone, 500, 3, '2026-06-01', '南京西路店', ''],
  ]);
  fileID = emu.storage.write('imports/HQ01/历史客户.xlsx', bytes);
});
afterAll(async () => {
  await emu?.stop();
});

describe('importMembers', () => {
  it('a dry run reports every row and writes nothing', async () => {
    const before = snapshot();
    const report = data(await sheets<ImportReport>('importMembers', { fileID, dryRun: true }, HQ));
    expect(report).toMatchObject({
      dryRun: true,
      rows: 8,
      accepted: 4,
      create: 3,
      merge: 1,
      rejectedCount: 4,
      created: 0,
      merged: 0,
    });
    expect(report.rejected).toEqual([
      { rowNo: 4, reason: '手机号「12345」无效：手机号应为 11 位数字', cells: expect.any(Array) },
      { rowNo: 5, reason: '手机号与第 2 行重复', cells: expect.any(Array) },
      { rowNo: 6, reason: '累计消费不能为负数', cells: expect.any(Array) },
      { rowNo: 7, reason: '未知门店「浦东店」', cells: expect.any(Array) },
    ]);
    expect(report.preview).toEqual([
      {
        rowNo: 2,
        kind: 'create',
        name: '张伟',
        phoneMasked: '139****0001',
        storeId: null,
        clerkId: null,
        spendFen: 320050,
        orderCount: 12,
      },
      {
        rowNo: 3,
        kind: 'create',
        name: '刘洋',
        phoneMasked: '139****0002',
        storeId: 'S001',
        clerkId: 'C0011',
        spendFen: 8600,
        orderCount: 1,
      },
      {
        rowNo: 9,
        kind: 'create',
        name: '陈静',
        phoneMasked: '139****0005',
        storeId: 'S002',
        clerkId: 'C0021',
        spendFen: 30000,
        orderCount: 2,
      },
      expect.objectContaining({ rowNo: 10, kind: 'merge', spendFen: 50000, orderCount: 3 }),
    ]);
    expect(snapshot()).toBe(before);
  });

  it('imports: members with claims, history as statistics and tags; no gift, no message', async () => {
    const outboxBefore = find(emu, 'outbox', {}).length;
    const report = data(await sheets<ImportReport>('importMembers', { fileID, dryRun: false }, HQ));
    expect(report).toMatchObject({ dryRun: false, done: true, created: 3, merged: 1, skipped: 0 });

    const [zhang] = find(emu, 'members', { phone: '13900000001' });
    expect(zhang).toMatchObject({
      name: '张伟',
      source: { channel: 'import' },
      giftPending: false,
      consent: { privacy: null, marketing: null },
      stats: {
        orderCount: 12,
        totalSpendFen: 320050,
        lastOrderAt: shanghaiTime(2026, 3, 1),
        spendByMonth: {},
      },
      tags: { lifecycle: expect.objectContaining({ value: '流失' }) },
    });
    const [liu] = find(emu, 'members', { phone: '13900000002' });
    expect(liu).toMatchObject({
      homeStoreId: 'S001',
      clerkId: 'C0011',
      stats: {
        orderCount: 1,
        totalSpendFen: 8600,
        spendByMonth: { '2026-11': 8600 },
        storesVisited: ['S001'],
      },
      tags: { lifecycle: expect.objectContaining({ value: '新客' }) },
      tagKeys: expect.arrayContaining(['lifecycle:新客']),
    });
    // one member per phone: the claims a signup would meet
    const created = find(emu, 'members', { 'source.channel': 'import' }) as { _id: string }[];
    expect(created).toHaveLength(3);
    for (const m of created) {
      expect(
        find(emu, 'uniqueClaims', { owner: m._id })
          .map((c) => (c as { kind: string }).kind)
          .sort(),
      ).toEqual(['memberNo', 'phone']);
      expect(find(emu, 'coupons', { memberId: m._id })).toEqual([]);
    }
    expect(find(emu, 'outbox', {})).toHaveLength(outboxBefore);

    // the existing member: history added, owner kept
    const [old] = find(emu, 'members', { _id: existing._id });
    expect(old).toMatchObject({
      name: '老顾客',
      clerkId: 'C0012',
      stats: {
        orderCount: 4,
        totalSpendFen: 60_000,
        firstOrderAt: shanghaiTime(2026, 6, 1),
        lastOrderAt: shanghaiTime(2026, 11, 1),
      },
    });
    expect(find(emu, 'auditLog', { action: 'import.members' })).toEqual([
      expect.objectContaining({
        actor: expect.objectContaining({ staffId: 'HQ01' }),
        detail: expect.objectContaining({ created: 3, merged: 1, rejected: 4 }),
      }),
    ]);
  });

  it('a rerun of the file, or of its rows in another file, imports nothing more', async () => {
    const before = JSON.stringify(find(emu, 'members', {}));
    const again = data(await sheets<ImportReport>('importMembers', { fileID, dryRun: false }, HQ));
    expect(again).toMatchObject({ done: true, created: 3, merged: 1 });
    // the same rows re-saved as a .csv (another file, other bytes)
    const csv = [
      '姓名,手机号,累计消费,消费次数,最近消费',
      '张伟,13900000001,"3,200.50",12,2026-03-01',
      `,${existing.phone},500,3,2026-06-01`,
    ].join('\r\n');
    const csvID = emu.storage.write('imports/HQ01/again.csv', Buffer.from('\uFEFF' + csv));
    const fromCsv = data(
      await sheets<ImportReport>('importMembers', { fileID: csvID, dryRun: false }, HQ),
    );
    expect(fromCsv).toMatchObject({
      accepted: 2,
      merge: 2,
      created: 0,
      merged: 0,
      skipped: 2,
      done: true,
    });
    expect(JSON.stringify(find(emu, 'members', {}))).toBe(before);
  });

  it('an imported person who signs up later is linked to their member: no second member, no gift', async () => {
    const [zhang] = find(emu, 'members', { phone: '13900000001' }) as { _id: string }[];
    const joined = await signUp(emu, 'o_imported_zhang', '13900000001');
    expect(joined).toMatchObject({
      memberId: zhang._id,
      created: false,
      giftCoupon: null,
      giftRefusal: 'notNewMember',
    });
    expect(find(emu, 'members', { phone: '13900000001' })).toHaveLength(1);
    expect(find(emu, 'members', { _id: zhang._id })[0]).toMatchObject({
      consent: { privacy: expect.objectContaining({ version: expect.any(String) }) },
      stats: { orderCount: 12 },
    });
    expect(find(emu, 'coupons', { memberId: zhang._id })).toEqual([]);
  });

  it('only HQ imports; a missing or unreadable file is refused', async () => {
    for (const who of [CLERK, MANAGER])
      expect(await sheets('importMembers', { fileID, dryRun: true }, who)).toMatchObject({
        ok: false,
        error: { code: 'AUTH.FORBIDDEN' },
      });
    const missing = 'cloud://local.6c6f-local-1300000000/imports/none.xlsx';
    expect(await sheets('importMembers', { fileID: missing, dryRun: true }, HQ)).toMatchObject({
      ok: false,
      error: { code: 'FILE.NOT_FOUND' },
    });
    const junk = emu.storage.write('imports/HQ01/notes.txt', Buffer.from('hello'));
    expect(await sheets('importMembers', { fileID: junk, dryRun: true }, HQ)).toMatchObject({
      ok: false,
      error: { code: 'FILE.UNREADABLE' },
    });
    const noPhone = emu.storage.write(
      'imports/HQ01/nophone.xlsx',
      await xlsx([
        ['姓名', '金额'],
        ['张三', 1],
      ]),
    );
    expect(await sheets('importMembers', { fileID: noPhone, dryRun: true }, HQ)).toMatchObject({
      ok: false,
      error: { code: 'FILE.UNREADABLE', message: expect.stringContaining('手机号') },
    });
    expect(await sheets('importMembers', { fileID: 'not-a-file', dryRun: true }, HQ)).toMatchObject(
      { ok: false, error: { code: 'COMMON.INVALID_INPUT' } },
    );
  });
});

describe('exportMembers', () => {
  type Exported = { fileID: string; tempFileURL: string; rows: number; masked: boolean };

  it("a clerk's store export: own customers in full, the others masked", async () => {
    const out = data(await sheets<Exported>('exportMembers', { scope: 'store' }, CLERK));
    const rows = await readBack(out.tempFileURL);
    expect(rows[0]).toEqual([
      '会员号',
      '姓名',
      '手机号',
      '等级',
      '门店',
      '店员',
      '累计消费（元）',
      '消费次数',
      '最近消费',
      '标签',
      '入会日期',
      '来源',
    ]);
    const byStart = (p: string) =>
      rows.find((r) => r[2].startsWith(p.slice(0, 3)) && r[2].endsWith(p.slice(-4)))!;
    expect(byStart('13900000002').slice(1, 9)).toEqual([
      '刘洋',
      '13900000002',
      expect.any(String),
      '南京西路店',
      '王芳',
      '86',
      '1',
      '2026-11-10',
    ]);
    expect(byStart(existing.phone).slice(1, 3)).toEqual([
      '老**',
      `${existing.phone.slice(0, 3)}****${existing.phone.slice(-4)}`,
    ]);
    expect(out.masked).toBe(true);
    expect(rows.some((r) => r[2] === '13900000005')).toBe(false); // another store's member
    expect(
      find(emu, 'auditLog', { action: 'export.members', 'actor.staffId': 'C0011' }),
    ).toHaveLength(1);
  });

  it("HQ's chain export is in full", async () => {
    const out = data(await sheets<Exported>('exportMembers', { scope: 'chain' }, HQ));
    const rows = await readBack(out.tempFileURL);
    expect(out.rows).toBe(find(emu, 'members', { status: 'active' }).length);
    expect(rows).toHaveLength(out.rows + 1);
    expect(rows.find((r) => r[2] === existing.phone)?.[1]).toBe('老顾客');
    expect(rows.find((r) => r[2] === '13900000001')?.slice(6, 12)).toEqual([
      '3200.5',
      '12',
      '2026-03-01',
      expect.stringContaining('流失'),
      expect.any(String),
      '导入',
    ]);
    expect(out.masked).toBe(false);
  });

  it('scopes are checked', async () => {
    expect(await sheets('exportMembers', { scope: 'chain' }, MANAGER)).toMatchObject({
      ok: false,
      error: { code: 'AUTH.FORBIDDEN' },
    });
    expect(await sheets('exportMembers', { scope: 'store', storeId: 'S002' }, CLERK)).toMatchObject(
      { ok: false, error: { code: 'AUTH.WRONG_STORE' } },
    );
    expect(await sheets('exportMembers', { scope: 'mine' }, HQ)).toMatchObject({
      ok: false,
      error: { code: 'AUTH.FORBIDDEN' },
    });
    expect(await sheets('exportMembers', { scope: 'chain' }, 'o_shopper')).toMatchObject({
      ok: false,
      error: { code: 'AUTH.FORBIDDEN' },
    });
  });
});
