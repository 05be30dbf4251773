/**
 * 营销活动 in Chromium on the H5 build: HQ fills the create form (a tag of the rules in
 * force, a template from the catalogue), counts the audience, saves the draft, launches it
 * after the confirmation; the automations timer walks the audience (coupons to the treated,
 * nothing to the holdout); an order of a treated member shows in the results table, treated
 * vs holdout with the lift. Screenshot: test-results/screenshots/campaigns-results.png.
 */
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { shot } from './harness';
import { bootH5, closeH5, squash, squashedText as text, type H5Suite } from './boot';
import { addMember, find, thresholdTemplate, type AnyDoc } from '../emulator/support/loyalty';
import { setAutomations } from '../emulator/support/automations';
import { run } from '../emulator/support/staffMessages';
import { waitFor } from '../support/waitFor';
import { shanghaiTime } from '../../src/domain/calendar';

let { emu, seed, chrome } = {} as H5Suite;

beforeAll(async () => void ({ emu, seed, chrome } = await bootH5()));

afterAll(() => closeH5({ emu, chrome }));

describe('h5: HQ creates, launches and reads a campaign', () => {
  it('form → draft → confirmed launch → the timer walks → results treated vs holdout', async () => {
    emu.clock.set(shanghaiTime(2027, 12, 1, 10)); // outside quiet hours
    setAutomations(emu, []);
    emu.database.insertMany('couponTemplates', [thresholdTemplate('cmp-page-tpl')]);
    const members = Array.from({ length: 12 }, () =>
      addMember(emu, { homeStoreId: 'S001', fields: { tagKeys: ['frequency:高频'] } }),
    );
    addMember(emu, { homeStoreId: 'S001', fields: { tagKeys: ['frequency:低频'] } });

    const page = await chrome.openApp({
      baseUrl: emu.url,
      openid: seed.hq.openid,
      route: 'staff/pages/campaigns/index',
    });
    await page.locator('[data-testid="campaign-form"]').waitFor();
    await page.locator('.cmp__name input').fill('双十二回店礼');
    await page.locator('#tag-frequency-高频').click();
    await page.locator('#template-cmp-page-tpl').click();
    await page.locator('.cmp__messageTitle input').fill('双十二回店礼');
    await waitFor(async () =>
      expect(await text(page, '[data-testid="campaign-form"]')).toContain(
        '消息标题最多20字、内容最多60字，两项都要填',
      ),
    );
    await page.locator('.cmp__messageBody input').fill('一张满100减20券已到账');
    await page.locator('.cmp__holdoutPercent input').fill('60');
    await waitFor(async () =>
      expect(await text(page, '[data-testid="campaign-form"]')).toContain(
        '对照组比例为0–50%的整数',
      ),
    );
    await page.locator('.cmp__holdoutPercent input').fill('25');
    await page.locator('#campaign-count').click();
    await waitFor(async () => expect(await text(page, '#campaign-count')).toBe('目标人群12人'));
    await page.locator('#campaign-create').click();
    await waitFor(async () =>
      expect(await text(page, '.cmp__notice')).toBe('已保存草稿「双十二回店礼」'),
    );
    const [doc] = find(emu, 'campaigns', {});
    expect(doc).toMatchObject({
      status: 'draft',
      holdoutPercent: 25,
      couponTemplateId: 'cmp-page-tpl',
      segment: { tags: { all: ['frequency:高频'] } },
      message: { title: '双十二回店礼', body: '一张满100减20券已到账' },
    });

    const card = `#campaign-${doc._id}`;
    await page.locator(`${card} .cmp__launch`).click();
    await page.locator('#campaign-launch-confirm').waitFor();
    expect(squash((await page.locator('.confirm-sheet').first().textContent()) ?? '')).toContain(
      '75%的会员会收到「满100减20」和消息，25%作为对照组不发放',
    );
    await page.locator('#campaign-launch-confirm').click();
    await waitFor(async () =>
      expect(await text(page, '.cmp__notice')).toBe('「双十二回店礼」已发布，目标人群12人'),
    );
    await waitFor(async () => expect(await text(page, card)).toContain('进行中'));
    expect(find(emu, 'auditLog', { action: 'campaign.launch' })).toHaveLength(1);

    await run(emu, 'automations');
    const runs = find(emu, 'automationRuns', { occurrenceId: 'launch' }, { limit: 100 });
    expect(runs).toHaveLength(12);
    const treated = runs.filter((r: AnyDoc) => r.group === 'treated');
    const held = runs.filter((r: AnyDoc) => r.group === 'holdout');
    for (const r of treated) expect(find(emu, 'coupons', { memberId: r.memberId })).toHaveLength(1);
    for (const r of held) expect(find(emu, 'coupons', { memberId: r.memberId })).toHaveLength(0);
    expect(members.length).toBe(12);

    // a treated member orders two days later, inside the 14-day window
    emu.database.insertMany('orders', [
      {
        _id: 'S001.CMP-R1',
        storeId: 'S001',
        receiptNo: 'CMP-R1',
        memberId: treated[0].memberId,
        amountFen: 10_000,
        paidFen: 10_000,
        createdAt: emu.clock.now() + 2 * 86_400_000,
        lines: [],
      },
    ]);
    emu.clock.advance(3 * 86_400_000);
    await page.locator(`${card} .cmp__results-toggle`).click();
    await page.locator(`${card} .cmp__results`).waitFor();
    const results = await text(page, `${card} .cmp__results`);
    expect(results).toContain(`会员${treated.length}${held.length}`);
    const rate = Math.round(1000 / treated.length) / 10;
    expect(results).toContain(`回店1（${rate}%）0（0%）`);
    expect(results).toContain('销售额¥100¥0');
    // the group of each member is the keyed hash of a fresh campaign id: a holdout may be empty
    expect(results).toContain(
      held.length ? `回店率提升${rate}个百分点` : '没有对照组，无法计算提升',
    );
    expect(results).toContain(`发券${treated.length}张`);
    await page.locator(card).scrollIntoViewIfNeeded();
    await shot(page, 'campaigns-results');
    expect(page.consoleErrors).toEqual([]);
  });
});
