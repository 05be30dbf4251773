/**
 * The store manager's pages in the compiled mini-program (subpackage `staff`), against the
 * real `staff` function in the emulator: 店员管理 (the tile opens it; unbinding a clerk after
 * the confirmation), 门店数据 (the figures and the per-clerk 业绩; 上月 has none), 到店领取
 * (a gift handed over once).
 */
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { startTestEmulator, type TestEmulator } from '../support/emulator';
import { find } from '../emulator/support/loyalty';
import { seedManagerPages, SECOND_CLERK } from '../emulator/support/managerPages';
import { launchWeapp, type WeappApp } from './harness';
import { ensureTaroBuilt } from './taroBuild';
import { waitFor } from '../support/waitFor';

let emu: TestEmulator;
let app: WeappApp;
let redemptionId: string;

beforeAll(async () => {
  const dist = await ensureTaroBuilt('weapp');
  emu = await startTestEmulator();
  await emu.seedMinimal();
  ({ redemptionId } = await seedManagerPages(emu));
  app = await launchWeapp({ gatewayUrl: emu.url, openid: 'o_test_manager_S001', distDir: dist });
});

afterAll(async () => {
  app?.close();
  await emu?.stop();
});

describe('weapp: the store manager', () => {
  it('unbinds a clerk from 店员管理 after confirming', async () => {
    const home = await app.reLaunch('staff/pages/home/index');
    await home.waitFor('#tool-team');
    await home.tap('#tool-team');
    const page = await app.waitForPage('staff/pages/team/index');
    await page.waitFor('.team-row__unbind');
    expect(page.textOf('.team-row__name')).toBe('赵敏'); // the manager first, no unbind button
    expect(page.text()).toContain(SECOND_CLERK.name);
    await page.tap('.team-row__unbind'); // 安琪 sorts before 王芳
    await page.waitFor('.team__ask');
    expect(page.textOf('.team__ask-title')).toBe('解绑 安琪（店员）？');
    await page.tap('#unbind-confirm');
    await page.waitForText('已解绑 安琪');
    expect(find(emu, 'staff', { _id: SECOND_CLERK.id })[0]).toMatchObject({
      active: false,
      unboundBy: 'M001',
    });
    await waitFor(() => expect(page.text()).not.toContain('安琪店员'));
  });

  it('shows the figures and each clerk’s 业绩', async () => {
    const page = await app.reLaunch('staff/pages/figures/index');
    await page.waitFor('.figure--bonus');
    expect(page.textOf('.figure--new .figure__value')).toBe('2');
    expect(page.textOf('.figure--tasks .figure__value')).toBe('50%');
    expect(page.textOf('.figure--rating .figure__value')).toBe('5.0 分');
    expect(page.textOf('.figure--bonus .figure__value')).toBe('¥128');
    expect(page.textOf('.clerk-table__bonus')).toContain('¥0'); // the manager's row first
    expect(page.text()).toContain('复购 1 笔');
    await page.tap('#period-lastMonth');
    await waitFor(() => expect(page.textOf('.figure--bonus .figure__value')).toBe('¥0'));
    expect(page.textOf('.figure--new .figure__value')).toBe('0');
  });

  it('hands a gift over from 到店领取', async () => {
    const page = await app.reLaunch('staff/pages/pickups/index');
    await page.waitFor('.pickup__collect');
    expect(page.textOf('.pickup__title')).toBe('环保购物袋');
    await page.tap('.pickup__collect');
    await page.waitFor('.pickup__ask');
    await page.tap('#collect-confirm');
    await page.waitForText(/已交给/);
    await waitFor(() =>
      expect(find(emu, 'redemptions', { _id: redemptionId })[0]).toMatchObject({
        collectedBy: 'M001',
        collectedStoreId: 'S001',
      }),
    );
    await page.waitFor('.pickups-page__head');
    await page.waitForText('没有待领取的礼品');
  });
});
