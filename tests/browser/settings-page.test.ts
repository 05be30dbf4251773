/**
 * 规则设置 in Chromium on the H5 build: HQ changes the earning rate and the silver threshold,
 * sees the preview (what changes, what a ¥86 order earns, which spend reaches silver), is
 * stopped by an invalid value with the schema's message, saves, and the history shows the
 * change; the next purchase at the till earns at the new rate. A store manager reads the
 * rules but cannot change them. Screenshots: test-results/screenshots/settings-preview.png,
 * settings-history.png.
 */
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { shot } from './harness';
import { bootH5, closeH5, squashedText as text, type H5Suite } from './boot';
import { addMember, data, find } from '../emulator/support/loyalty';
import { waitFor } from '../support/waitFor';
import type { Reply } from '../../src/contracts/reply';
import type { PurchaseResult } from '../../src/contracts/staff';

let { emu, seed, chrome } = {} as H5Suite;

beforeAll(async () => void ({ emu, seed, chrome } = await bootH5()));

afterAll(() => closeH5({ emu, chrome }));

/** NutUI's button marks itself disabled by class (H5 renders no native disabled attribute) */
const saveDisabled = async (page: {
  locator(s: string): { getAttribute(n: string): Promise<string | null> };
}) => ((await page.locator('#settings-save').getAttribute('class')) ?? '').includes('disabled');
const input = (path: string) => `#field-${path.replace(/\./g, '-')} input`;

describe('h5: HQ tunes the loyalty rules on a screen', () => {
  it('edits, previews, refuses an invalid value, saves with history; the till earns at the new rate', async () => {
    const page = await chrome.openApp({
      baseUrl: emu.url,
      openid: seed.hq.openid,
      route: 'staff/pages/settings/index',
    });
    await page.locator(input('points.perYuan')).waitFor();
    expect(await text(page, '.rules__head')).toContain('默认规则（尚未修改）');
    expect(await saveDisabled(page)).toBe(true);

    await page.locator(input('points.perYuan')).fill('2');
    await page.locator(input('levels.silverSpendFen')).fill('800');
    await waitFor(async () =>
      expect(await text(page, '[data-testid="settings-preview"]')).toContain('每消费1元得1分→2分'),
    );
    const preview = await text(page, '[data-testid="settings-preview"]');
    expect(preview).toContain('银卡门槛（近12个月消费）¥1,000→¥800');
    expect(preview).toContain('金卡会员单笔实付¥86得积分129分→258分');
    expect(preview).toContain('近12个月消费¥800的会员等级普通会员→银卡会员');
    await shot(page, 'settings-preview');

    await page.locator(input('levels.goldSpendFen')).fill('500');
    await waitFor(async () =>
      expect(await text(page, '[data-testid="settings-invalid"]')).toBe('金卡门槛必须高于银卡门槛'),
    );
    expect(await saveDisabled(page)).toBe(true);
    await page.locator(input('levels.goldSpendFen')).fill('5000');
    await waitFor(async () =>
      expect(await page.locator('#settings-save').isDisabled()).toBe(false),
    );

    await page.locator('#settings-save').click();
    await waitFor(async () =>
      expect(await text(page, '.rules__notice')).toBe('已保存为第1版，立即生效'),
    );
    await waitFor(async () =>
      expect(await text(page, '[data-testid="settings-history"]')).toContain(
        '每消费1元得：1分→2分',
      ),
    );
    expect(await text(page, '[data-testid="settings-history"]')).toContain(`第1版·${seed.hq.name}`);
    await shot(page, 'settings-history');
    expect(find(emu, 'settings', { _id: 'loyalty' })[0]).toMatchObject({
      version: 1,
      points: { perYuan: 2 },
      levels: { silverSpendFen: 80_000, goldSpendFen: 500_000 },
    });

    // the rule is in force at once: the till's next purchase earns 2 points a yuan
    const clerk = seed.clerks.find((c) => c.storeId === 'S001')!;
    const m = addMember(emu, { level: 'normal' });
    const bought = data(
      await emu.call<Reply<PurchaseResult>>(
        'staff',
        {
          action: 'recordPurchase',
          memberId: m._id,
          receiptNo: 'SETTINGS-1',
          lines: [{ category: '家居清洁', quantity: 1, amountFen: 8_600 }],
        },
        clerk.openid,
      ),
    );
    expect(bought.pointsEarned).toBe(172);
    expect(page.consoleErrors).toEqual([]);
  });

  it('a store manager reads the rules, cannot change them', async () => {
    const manager = seed.managers[0];
    const page = await chrome.openApp({
      baseUrl: emu.url,
      openid: manager.openid,
      route: 'staff/pages/settings/index',
    });
    await page.locator(input('points.perYuan')).waitFor();
    expect(await text(page, '.rules__head')).toContain('仅总部可修改');
    expect(await page.locator(input('points.perYuan')).isDisabled()).toBe(true);
    expect(await page.locator('#settings-save').count()).toBe(0);
    expect(await text(page, '[data-testid="settings-history"]')).toContain('每消费1元得：1分→2分');
  });
});
