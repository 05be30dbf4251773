/**
 * 规则设置 in the compiled mini-program (subpackage `staff`), against the real `crm`
 * function in the emulator: HQ opens it from the workbench tile, changes the new-member
 * gift to ¥20, sees the preview, saves; the settings document is version 1 and the history
 * lists the change; on 自动化营销 HQ raises an automation's holdout and saves it; 操作日志 lists both saves.
 */
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { startTestEmulator, type TestEmulator } from '../support/emulator';
import type { MinimalSeed } from '../../scripts/seed/minimal';
import { find } from '../emulator/support/loyalty';
import { launchWeapp, type WeappApp } from './harness';
import { ensureTaroBuilt } from './taroBuild';

let emu: TestEmulator;
let seed: MinimalSeed;
let app: WeappApp;

beforeAll(async () => {
  const dist = await ensureTaroBuilt('weapp');
  emu = await startTestEmulator();
  seed = await emu.seedMinimal();
  app = await launchWeapp({ gatewayUrl: emu.url, openid: seed.hq.openid, distDir: dist });
});

afterAll(async () => {
  app?.close();
  await emu?.stop();
});

describe('weapp: 规则设置', () => {
  it('HQ changes the new-member gift, previews and saves it with history', async () => {
    const home = await app.reLaunch('staff/pages/home/index');
    await home.waitFor('#tool-settings');
    await home.tap('#tool-settings');
    const page = await app.waitForPage('staff/pages/settings/index');
    await page.waitFor('#field-newMemberGift-amountFen');
    expect(page.textOf('.rules__head')).toContain('默认规则（尚未修改）');
    await page.input('#field-newMemberGift-amountFen', '20');
    await page.waitForText('¥10 → ¥20');
    expect(page.textOf('.rules__preview')).toContain(
      '¥10 无门槛券，30 天有效 → ¥20 无门槛券，30 天有效',
    );
    await page.tap('#settings-save');
    await page.waitForText('已保存为第 1 版，立即生效');
    await page.waitForText('券面额：¥10 → ¥20');
    expect(find(emu, 'settings', { _id: 'loyalty' })[0]).toMatchObject({
      version: 1,
      newMemberGift: { amountFen: 2_000 },
    });
    expect(find(emu, 'settingsHistory')).toHaveLength(1);
  });

  it("HQ tunes an automation's holdout on 自动化营销 and saves it", async () => {
    const home = await app.reLaunch('staff/pages/home/index');
    await home.waitFor('#tool-automations');
    await home.tap('#tool-automations');
    const page = await app.waitForPage('staff/pages/automations/index');
    await page.waitFor('#auto-inactive7');
    expect(page.textOf('#auto-inactive7')).toContain('触发：7 天未消费');
    await page.input('#auto-inactive7 .autos__holdoutPercent', '20');
    await page.waitForText('7天未消费关怀 · 对照组');
    await page.tap('#automations-save');
    await page.waitForText('已保存为第 1 版，下一次运行起生效');
    const stored = find(emu, 'settings', { _id: 'automations' })[0];
    expect(
      stored.automations.find((a: { key: string }) => a.key === 'inactive7').holdoutPercent,
    ).toBe(20);
  });

  it('HQ reads 操作日志: the two saves above, newest first, filtered by action', async () => {
    const home = await app.reLaunch('staff/pages/home/index');
    await home.waitFor('#tool-audit');
    await home.tap('#tool-audit');
    const page = await app.waitForPage('staff/pages/audit/index');
    await page.waitForText('修改自动化营销，保存为第 1 版');
    expect(page.textOf('.audit__entry')).toContain('修改自动化营销，保存为第 1 版');
    expect(page.text()).toContain('修改会员规则，保存为第 1 版');
    await page.tap('#audit-filter-order-refund');
    await page.waitForText('没有记录');
  });
});
