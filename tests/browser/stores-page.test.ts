/**
 * 门店管理 in Chromium on the H5 build: HQ reads the chain's stores with their staff, opens a
 * store (the form refuses a one-character name with the schema's message), closes it and
 * reopens it; closing a store with bound staff is refused with the reason; 「店员」 opens that
 * store's 店员管理. Screenshots: test-results/screenshots/stores.png, stores-new.png.
 */
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { shot } from './harness';
import { bootH5, closeH5, squashedText as text, type H5Suite } from './boot';
import { find } from '../emulator/support/loyalty';
import { waitFor } from '../support/waitFor';

let { emu, seed, chrome } = {} as H5Suite;

beforeAll(async () => void ({ emu, seed, chrome } = await bootH5()));

afterAll(() => closeH5({ emu, chrome }));

describe('h5: HQ manages the stores', () => {
  it('opens, closes and reopens a store; a store with staff stays open', async () => {
    const page = await chrome.openApp({
      baseUrl: emu.url,
      openid: seed.hq.openid,
      route: 'staff/pages/stores/index',
    });
    await page.locator('#store-row-S001').waitFor();
    expect(await text(page, '#store-row-S001')).toContain('南京西路店');
    expect(await text(page, '#store-row-S001')).toContain('营业中');
    expect(await text(page, '#store-row-S001')).toContain('店长赵敏');
    await shot(page, 'stores');

    await page.locator('#store-add').click();
    await page.locator('#store-sheet').waitFor();
    await page.locator('.store-sheet__input--name input').fill('店');
    await page.locator('.store-sheet__input--city input').fill('上海');
    await page.locator('.store-sheet__input--address input').fill('上海市徐汇区漕溪北路 1 号');
    await page.locator('#store-save').click();
    await waitFor(async () =>
      expect(await text(page, '.store-sheet__error')).toContain('门店名称至少2个字'),
    );
    expect(find(emu, 'stores', {})).toHaveLength(3);
    await page.locator('.store-sheet__input--name input').fill('漕河泾店');
    await shot(page, 'stores-new', { fullPage: false });
    await page.locator('#store-save').click();
    await page.locator('#store-row-S004').waitFor();
    expect(await text(page, '.stores__notice')).toContain('已新开漕河泾店（S004）');
    expect(await text(page, '#store-row-S004')).toContain('店长未绑定·店员0人');

    // a store with bound staff cannot close
    await page.locator('#store-row-S001 .store-row__action--state').click();
    await page.locator('#store-close-confirm').click();
    await waitFor(async () =>
      expect(await text(page, '.sheet')).toContain('请先在「店员管理」中解绑'),
    );
    await page.locator('#store-close-cancel').click();
    expect(find(emu, 'stores', { _id: 'S001' })[0].active).toBe(true);

    await page.locator('#store-row-S004 .store-row__action--state').click();
    await page.locator('#store-close-confirm').click();
    await waitFor(async () => expect(await text(page, '#store-row-S004')).toContain('已关闭'));
    expect(find(emu, 'stores', { _id: 'S004' })[0].active).toBe(false);
    await page.locator('#store-row-S004 .store-row__action--state').click();
    await waitFor(async () => expect(await text(page, '#store-row-S004')).toContain('营业中'));
    expect(
      find(emu, 'auditLog', { 'target.id': 'S004' })
        .map((a) => a.action)
        .sort(),
    ).toEqual(['store.close', 'store.create', 'store.reopen']);

    await page.locator('#store-row-S002 .store-row__action', { hasText: '店员' }).click();
    await page.locator('[data-testid="team"]').waitFor();
    await waitFor(async () => expect(await text(page, '.team__store')).toContain('徐家汇店'));
    expect(page.consoleErrors).toEqual([]);
  });
});
