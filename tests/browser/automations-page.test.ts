/**
 * 自动化营销 in Chromium on the H5 build: HQ reads each automation as a sentence, tunes the
 * 7-day one (off, cap, holdout — 60% refused with the schema's bound), previews and saves it
 * with history; the timer's next read has the change. The results panel shows treated vs
 * holdout for runs recorded in the last 30 days, with the lift. Screenshots:
 * test-results/screenshots/automations-preview.png, automations-results.png.
 */
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { shot } from './harness';
import { bootH5, closeH5, squashedText as text, type H5Suite } from './boot';
import { addMember, find } from '../emulator/support/loyalty';
import { waitFor } from '../support/waitFor';
import { DAY_MS } from '../../src/domain/calendar';

let { emu, seed, chrome } = {} as H5Suite;

beforeAll(async () => void ({ emu, seed, chrome } = await bootH5()));

afterAll(() => closeH5({ emu, chrome }));

describe('h5: HQ tunes the automations and reads their results', () => {
  it('switches, caps and holds out with a preview and history; results treated vs holdout', async () => {
    const now = emu.clock.now();
    // 4 treated runs (2 came back), 2 held out (none came back), in the last 30 days
    const members = Array.from({ length: 6 }, () => addMember(emu, { homeStoreId: 'S001' }));
    emu.database.insertMany(
      'automationRuns',
      members.map((m, i) => ({
        _id: `inactive7:${m._id}:t${i}`,
        automationKey: 'inactive7',
        memberId: m._id,
        storeId: 'S001',
        occurrenceId: `t${i}`,
        occurrenceAt: now - 10 * DAY_MS,
        group: i < 4 ? 'treated' : 'holdout',
        status: i < 4 ? 'done' : 'holdout',
        step: 0,
        nextStepAt: null,
        actions: [],
        startedAt: now - 10 * DAY_MS,
        updatedAt: now - 10 * DAY_MS,
      })),
    );
    emu.database.insertMany(
      'orders',
      members.slice(0, 2).map((m, i) => ({
        _id: `S001.AUTO-R${i}`,
        storeId: 'S001',
        receiptNo: `AUTO-R${i}`,
        memberId: m._id,
        amountFen: 10_000,
        paidFen: 10_000,
        createdAt: now - 5 * DAY_MS,
        lines: [],
      })),
    );

    const page = await chrome.openApp({
      baseUrl: emu.url,
      openid: seed.hq.openid,
      route: 'staff/pages/automations/index',
    });
    await page.locator('#auto-inactive7').waitFor();
    const card = await text(page, '#auto-inactive7');
    expect(card).toContain('7天未消费关怀');
    expect(card).toContain('触发：7天未消费');
    expect(card).toContain('当天：发券、消息「好久不见」');

    await page.locator('#auto-inactive7 .autos__holdoutPercent input').fill('60');
    await waitFor(async () =>
      expect(await text(page, '#auto-inactive7')).toContain('7天未消费关怀：对照组比例为0–50%'),
    );
    await page.locator('#auto-inactive7 .autos__holdoutPercent input').fill('20');
    await page.locator('#auto-inactive7 .autos__capDays input').fill('14');
    await waitFor(async () =>
      expect(await text(page, '[data-testid="automations-preview"]')).toContain(
        '7天未消费关怀·频次上限30天一次→14天一次',
      ),
    );
    expect(await text(page, '[data-testid="automations-preview"]')).toContain(
      '7天未消费关怀·对照组10%→20%',
    );
    await shot(page, 'automations-preview');
    await page.locator('#automations-save').click();
    await waitFor(async () =>
      expect(await text(page, '.autos__notice')).toBe('已保存为第1版，下一次运行起生效'),
    );
    await waitFor(async () =>
      expect(await text(page, '[data-testid="automations-history"]')).toContain(
        '7天未消费关怀·频次上限：30天一次→14天一次',
      ),
    );
    const stored = find(emu, 'settings', { _id: 'automations' })[0];
    expect(stored.version).toBe(1);
    expect(stored.automations.find((a: { key: string }) => a.key === 'inactive7')).toMatchObject({
      capDays: 14,
      holdoutPercent: 20,
    });

    await page.locator('#auto-inactive7 .autos__results-toggle').click();
    await page.locator('#auto-inactive7 .autos__results').waitFor();
    const results = await text(page, '#auto-inactive7 .autos__results');
    expect(results).toContain('会员42');
    expect(results).toContain('回店2（50%）0（0%）');
    expect(results).toContain('销售额¥200¥0');
    expect(results).toContain('回店率提升50个百分点，约多带来2位回店会员');
    await page.locator('#auto-inactive7').scrollIntoViewIfNeeded();
    await shot(page, 'automations-results');
    expect(page.consoleErrors).toEqual([]);
  });
});
