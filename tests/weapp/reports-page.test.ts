/**
 * 经营报表 in the compiled mini-program (subpackage `staff`) against the real `staff`
 * function: a manager opens it from the workbench tile and sees the store's figures for the
 * last 30 days, switches to 7 days; every number is in a table. The simulator
 * (miniprogram-simulate) has no canvas node, so the F2 charts step aside with their note and
 * the tables stay — asserted here; the drawn charts are checked in Chromium
 * (tests/browser/reports-page.test.ts).
 */
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { startTestEmulator, type TestEmulator } from '../support/emulator';
import { seedReportWeek } from '../emulator/support/reportsData';
import { launchWeapp, type WeappApp } from './harness';
import { ensureTaroBuilt } from './taroBuild';
import { waitFor } from '../support/waitFor';

let emu: TestEmulator;
let app: WeappApp;

beforeAll(async () => {
  const dist = await ensureTaroBuilt('weapp');
  emu = await startTestEmulator();
  await emu.seedMinimal();
  await seedReportWeek(emu);
  app = await launchWeapp({ gatewayUrl: emu.url, openid: 'o_test_manager_S001', distDir: dist });
});

afterAll(async () => {
  app?.close();
  await emu?.stop();
});

describe('weapp: 经营报表', () => {
  it('a manager opens the store’s report from the workbench', async () => {
    const home = await app.reLaunch('staff/pages/home/index');
    await home.waitFor('#tool-reports');
    await home.tap('#tool-reports');
    const page = await app.waitForPage('staff/pages/reports/index');
    await page.waitFor('.figure--revenue');
    expect(page.textOf('.reports__title')).toBe('南京西路店');
    expect(page.textOf('.figure--revenue .figure__value')).toBe('¥280');
    expect(page.textOf('.figure--orders .figure__value')).toBe('3');
    expect(page.textOf('.figure--aov .figure__value')).toBe('¥93.33');
    expect(page.textOf('.figure--repeat .figure__value')).toBe('50%');
    // the tables carry every number
    expect(page.text()).toContain('复购金额（业绩）');
    expect(page.text()).toContain('2026-11-19');
    expect(page.text()).toContain('厨房用品');
    expect(page.text()).toContain('¥120'); // C0011's 业绩
    // LTV and tag coverage from the night's member snapshot
    expect(page.text()).toContain('LTV（人均累计消费）');
    expect(page.text()).toContain('标签覆盖');
    expect(page.text()).toContain('购买频次');
    // campaign and automation response: the store's members of 会员日预告, none held out
    expect(page.text()).toContain('活动与自动化效果');
    expect(page.text()).toContain('会员日预告 · 自动化2 / 0100.0%—无对照组');
    // no scope picker for a manager: their store only
    expect(page.text()).not.toContain('全部门店');
    // charts: no canvas in the simulator, so each says so and leaves the numbers to its table
    await page.waitForText('此环境不支持图表，数字见下表');
  });

  it('switches to the last 7 days', async () => {
    const page = await app.reLaunch('staff/pages/reports/index');
    await page.waitFor('.figure--revenue');
    await page.tap('#days-7');
    await waitFor(() => expect(page.textOf('.reports__period')).toContain('11月13日–11月19日'));
    expect(page.textOf('.figure--revenue .figure__value')).toBe('¥280');
  });
});
