/**
 * 营销活动 in the compiled mini-program (subpackage `staff`), against the real `crm` function
 * in the emulator: HQ's tile opens it, HQ picks a tag and a template, counts the audience and
 * saves the draft.
 */
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { startTestEmulator, type TestEmulator } from '../support/emulator';
import { addMember, find, thresholdTemplate } from '../emulator/support/loyalty';
import { launchWeapp, type WeappApp } from './harness';
import { ensureTaroBuilt } from './taroBuild';

let emu: TestEmulator;
let app: WeappApp;

beforeAll(async () => {
  const dist = await ensureTaroBuilt('weapp');
  emu = await startTestEmulator();
  await emu.seedMinimal();
  emu.database.insertMany('couponTemplates', [thresholdTemplate('cmp-weapp-tpl')]);
  for (let i = 0; i < 5; i++)
    addMember(emu, { homeStoreId: 'S001', fields: { tagKeys: ['frequency:高频'] } });
  addMember(emu, { homeStoreId: 'S001', fields: { tagKeys: ['frequency:低频'] } });
  app = await launchWeapp({ gatewayUrl: emu.url, openid: 'o_test_hq', distDir: dist });
});

afterAll(async () => {
  app?.close();
  await emu?.stop();
});

describe('weapp: HQ plans a campaign', () => {
  it('counts the audience and saves a draft', async () => {
    const home = await app.reLaunch('staff/pages/home/index');
    await home.waitFor('#tool-campaigns');
    await home.tap('#tool-campaigns');
    const page = await app.waitForPage('staff/pages/campaigns/index');
    await page.waitFor('#tag-frequency-高频');
    await page.input('.cmp__name', '老客回店礼');
    await page.tap('#tag-frequency-高频');
    await page.tap('#template-cmp-weapp-tpl');
    await page.input('.cmp__messageTitle', '老客回店礼');
    await page.input('.cmp__messageBody', '一张满100减20券已到账');
    await page.tap('#campaign-count');
    await page.waitForText('目标人群 5 人');
    await page.tap('#campaign-create');
    await page.waitForText('已保存草稿「老客回店礼」');
    expect(find(emu, 'campaigns', {})).toEqual([
      expect.objectContaining({
        status: 'draft',
        name: '老客回店礼',
        couponTemplateId: 'cmp-weapp-tpl',
        segment: expect.objectContaining({
          tags: expect.objectContaining({ all: ['frequency:高频'] }),
        }),
      }),
    ]);
  });
});
