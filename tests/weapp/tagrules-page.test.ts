/**
 * 标签规则 in the compiled mini-program (subpackage `staff`), against the real `crm`
 * function in the emulator: HQ opens it from the workbench tile, sees each family's numbers
 * (money in yuan), lowers 高频 to 2 purchases in 30 days, previews who gains and loses it,
 * applies it as version 2 and the history lists the change; a store manager sees the tile and
 * the rules, without the apply button.
 */
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { startTestEmulator, type TestEmulator } from '../support/emulator';
import type { MinimalSeed } from '../../scripts/seed/minimal';
import { find } from '../emulator/support/loyalty';
import { addTaggedMember } from '../emulator/support/tags';
import { launchWeapp, type WeappApp } from './harness';
import { ensureTaroBuilt } from './taroBuild';

let emu: TestEmulator;
let seed: MinimalSeed;
let app: WeappApp;

const HIGH_FREQ = '#tagfield-families-0-values-0-when-value';

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

describe('weapp: 标签规则', () => {
  it('HQ changes 高频, previews who gains and loses it, applies it with history', async () => {
    for (let i = 0; i < 2; i++) addTaggedMember(emu, [{ daysAgo: 9 }, { daysAgo: 1 }]);
    const home = await app.reLaunch('staff/pages/home/index');
    await home.waitFor('#tool-tagrules');
    await home.tap('#tool-tagrules');
    const page = await app.waitForPage('staff/pages/tagrules/index');
    await page.waitFor(HIGH_FREQ);
    expect(page.textOf('.rules__head')).toContain('默认规则（尚未修改）');
    expect(page.textOf('#family-frequency')).toContain('近 30 天消费次数 ≥');
    expect(page.textOf('#family-highValue')).toContain('近 3 个月消费金额 >');
    expect(page.exists('#tagrules-preview')).toBe(false);

    await page.input(HIGH_FREQ, '2');
    await page.waitForText('3 次 → 2 次');
    await page.tap('#tagrules-preview');
    await page.waitForText('已检查全部');
    expect(page.textOf('#result-frequency')).toContain('「高频」新增 2 人移出 0 人');
    expect(page.textOf('#result-frequency')).toContain('中频 → 高频（近 30 天消费 2 次）');

    await page.tap('#tagrules-apply');
    await page.waitForText('已应用为第 2 版，正在按新规则更新会员标签');
    await page.waitForText('购买频次 · 高频 · 近 30 天消费次数 ≥：3 次 → 2 次');
    expect(find(emu, 'settings', { _id: 'tags' })[0]).toMatchObject({ version: 2 });
    expect(find(emu, 'tagRuleHistory')).toHaveLength(1);
  });

  it('a store manager sees the tile and the rules, cannot apply', async () => {
    app.setOpenid(seed.managers[0].openid);
    const home = await app.reLaunch('staff/pages/home/index');
    await home.waitFor('#tool-tagrules');
    await home.tap('#tool-tagrules');
    const page = await app.waitForPage('staff/pages/tagrules/index');
    await page.waitFor(HIGH_FREQ);
    expect(page.textOf('.rules__head')).toContain('仅总部可修改');
    expect(page.exists('#tagrules-apply')).toBe(false);
    await page.waitForText('3 次 → 2 次');
    expect(page.textOf('.rule-history')).toContain('第 2 版');
  });
});
