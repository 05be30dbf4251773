/**
 * 导入导出 in the compiled mini-program (subpackage `staff`), against the real `sheets`
 * function in the emulator: HQ's tile opens it, a spreadsheet picked from a chat is uploaded
 * to cloud storage (wx.cloud.uploadFile), the dry run shows the rows to create and the
 * rejected ones with the reason, and 「确认导入」 creates the members. 「导出全部会员」 of a chain
 * too large for one call (a read budget of 1 ms: a page a call) calls again until the file
 * is written, then opens it.
 */
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import ExcelJS from 'exceljs';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { startTestEmulator, type TestEmulator } from '../support/emulator';
import { addMember, find } from '../emulator/support/loyalty';
import { waitFor } from '../support/waitFor';
import { launchWeapp, type WeappApp } from './harness';
import { ensureTaroBuilt } from './taroBuild';
import { stubChooseMessageFile } from './wxStubs';

let emu: TestEmulator;
let app: WeappApp;
let sheetPath: string;

beforeAll(async () => {
  const dist = await ensureTaroBuilt('weapp');
  emu = await startTestEmulator({ functionEnv: { CRM_EXPORT_READ_BUDGET_MS: '1' } });
  await emu.seedMinimal();
  app = await launchWeapp({ gatewayUrl: emu.url, openid: 'o_test_hq', distDir: dist });
  const wb = new ExcelJS.Workbook();
  const ws = wb.addWorksheet('客户');
  ws.addRow(['姓名', '手机号', '累计消费', '消费次数', '门店']);
  ws.addRow(['张伟', '139 0000 0101', 120, 2, '南京西路店']);
  ws.addRow(['错号', '12345', 10, 1, '']);
  sheetPath = join(mkdtempSync(join(tmpdir(), 'import-page-')), '客户.xlsx');
  writeFileSync(sheetPath, Buffer.from(await wb.xlsx.writeBuffer()));
});

afterAll(async () => {
  app?.close();
  await emu?.stop();
});

describe('weapp: HQ imports customers from a spreadsheet', () => {
  it('uploads, previews, then imports', async () => {
    const home = await app.reLaunch('staff/pages/home/index');
    await home.waitFor('#tool-import');
    await home.tap('#tool-import');
    const page = await app.waitForPage('staff/pages/import/index');
    await page.waitFor('#import-pick');
    stubChooseMessageFile(() => ({ path: sheetPath, name: '客户.xlsx' }));
    await page.tap('#import-pick');
    await page.waitForText('预览：共 2 行，可导入 1 行（新建 1，合并 0），未通过 1 行');
    expect(page.text()).toContain('第 3 行：手机号「12345」无效：手机号应为 11 位数字');
    expect(page.text()).toContain('139****0101');
    expect(find(emu, 'members', { phone: '13900000101' })).toEqual([]);
    await page.tap('#import-run');
    await page.waitForText('导入完成：新建 1 人，合并 0 人');
    expect(find(emu, 'members', { phone: '13900000101' })).toEqual([
      expect.objectContaining({
        name: '张伟',
        homeStoreId: 'S001',
        source: expect.objectContaining({ channel: 'import' }),
      }),
    ]);
  });

  it('exports the whole chain in several calls and opens the file', async () => {
    for (let i = 0; i < 2_100; i++) addMember(emu, { id: `x${String(i).padStart(5, '0')}` });
    const total = find(emu, 'members', { status: 'active' }).length;
    const page = await app.reLaunch('staff/pages/import/index');
    await page.waitFor('#export-chain');
    await page.tap('#export-chain');
    await waitFor(
      () =>
        expect(find(emu, 'auditLog', { action: 'export.members' })).toEqual([
          expect.objectContaining({
            detail: expect.objectContaining({ scope: 'chain', rows: total }),
          }),
        ]),
      { timeoutMs: 20_000 },
    );
    // three calls: two kept a page each, the third read the rest and wrote the file
    const [job] = find(emu, 'exportJobs', {});
    expect(job).toMatchObject({
      readDone: true,
      rows: total,
      parts: [expect.any(String), expect.any(String)],
    });
    await page.waitForText('导出全部会员（.xlsx）');
  });
});
