/**
 * 门店管理 in the compiled mini-program (subpackage `staff`), against the real `staff`
 * function in the emulator: HQ's tile opens it, the chain's stores are listed with their
 * staff, and HQ opens a store from the sheet.
 */
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { startTestEmulator, type TestEmulator } from '../support/emulator';
import { find } from '../emulator/support/loyalty';
import { launchWeapp, type WeappApp } from './harness';
import { ensureTaroBuilt } from './taroBuild';

let emu: TestEmulator;
let app: WeappApp;

beforeAll(async () => {
  const dist = await ensureTaroBuilt('weapp');
  emu = await startTestEmulator();
  await emu.seedMinimal();
  app = await launchWeapp({ gatewayUrl: emu.url, openid: 'o_test_hq', distDir: dist });
});

afterAll(async () => {
  app?.close();
  await emu?.stop();
});

describe('weapp: HQ manages the stores', () => {
  it('lists the stores and opens a new one', async () => {
    const home = await app.reLaunch('staff/pages/home/index');
    await home.waitFor('#tool-stores');
    await home.tap('#tool-stores');
    const page = await app.waitForPage('staff/pages/stores/index');
    await page.waitFor('#store-row-S001');
    expect(page.textOf('#store-row-S001 .store-row__name')).toBe('南京西路店');
    expect(page.text()).toContain('3 家营业中');
    await page.tap('#store-add');
    await page.waitFor('#store-sheet');
    await page.input('.store-sheet__input--name', '漕河泾店');
    await page.input('.store-sheet__input--city', '上海');
    await page.input('.store-sheet__input--address', '上海市徐汇区漕溪北路 1 号');
    await page.input('.store-sheet__input--area', '上海区');
    await page.tap('#store-save');
    await page.waitForText('已新开 漕河泾店（S004）');
    await page.waitFor('#store-row-S004');
    expect(find(emu, 'stores', { _id: 'S004' })[0]).toMatchObject({
      name: '漕河泾店',
      city: '上海',
      area: '上海区',
      active: true,
    });
  });
});
