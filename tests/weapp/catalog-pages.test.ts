/**
 * 优惠券模板 and 积分商城 in the compiled mini-program (subpackage `staff`), against the real
 * `crm` function in the emulator: HQ opens each from its workbench tile, makes an 8.5折 template
 * (a discount with two decimals is refused with its message; the preview reads 8.5折 with its
 * cap), then a pickup gift for 300 points; both are stored as typed and listed.
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

describe('weapp: HQ catalogue', () => {
  it('makes an 8.5折 coupon template from the 优惠券模板 tile', async () => {
    const home = await app.reLaunch('staff/pages/home/index');
    await home.waitFor('#tool-coupons');
    await home.tap('#tool-coupons');
    const page = await app.waitForPage('staff/pages/coupons/index');
    await page.waitForText('还没有优惠券模板');
    await page.tap('#tpl-new');
    await page.waitFor('#tpl-field-name');
    await page.input('#tpl-field-name', '个护 85 折');
    await page.tap('#tpl-kind-percent');
    await page.waitFor('#tpl-field-discount');
    await page.input('#tpl-field-discount', '8.55');
    await page.waitForText('折扣：请输入 0.1–9.9 之间的折数，最多一位小数（如 8.5）');
    await page.input('#tpl-field-discount', '8.5');
    await page.input('#tpl-field-cap', '50');
    await page.input('#tpl-field-categories', '个人护理');
    await page.waitForText('最高减¥50');
    expect(page.textOf('.catalog__preview')).toContain('8.5折');
    expect(page.textOf('.catalog__preview')).toContain('限个人护理');
    await page.tap('#tpl-save');
    await page.waitForText('已保存「个护 85 折」，立即生效');
    const stored = find(emu, 'couponTemplates', { name: '个护 85 折' });
    expect(stored).toHaveLength(1);
    expect(stored[0]).toMatchObject({
      kind: 'percent',
      percent: 85,
      capFen: 5_000,
      amountFen: 0,
      categories: ['个人护理'],
      stock: null,
    });
    await page.waitFor(`#tpl-${stored[0]._id}`); // the list reloads after the save
    expect(page.textOf(`#tpl-${stored[0]._id}`)).toContain(
      '折扣 · 8.5折券 · 无门槛 · 最高减¥50 · 限个人护理',
    );
  });

  it('makes a pickup gift from the 积分商城 tile', async () => {
    const home = await app.reLaunch('staff/pages/home/index');
    await home.waitFor('#tool-rewards');
    await home.tap('#tool-rewards');
    const page = await app.waitForPage('staff/pages/rewards/index');
    await page.waitForText('还没有兑换项目');
    await page.tap('#rwd-new');
    await page.waitFor('#rwd-field-title');
    await page.tap('#rwd-kind-gift');
    await page.input('#rwd-field-title', '环保帆布袋');
    await page.input('#rwd-field-pointsCost', '300');
    await page.input('#rwd-field-stock', '20');
    await page.waitForText('剩 20 份');
    await page.tap('#rwd-save');
    await page.waitForText('已保存「环保帆布袋」，会员在积分商城立即可见');
    const stored = find(emu, 'rewards', { title: '环保帆布袋' });
    expect(stored[0]).toMatchObject({
      kind: 'gift',
      pointsCost: 300,
      stock: 20,
      couponTemplateId: null,
      active: true,
    });
    await page.waitFor(`#rwd-${stored[0]._id}`);
    expect(page.textOf(`#rwd-${stored[0]._id}`)).toContain('300 积分 · 到店领取');
  });
});
