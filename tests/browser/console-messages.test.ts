/**
 * The emulator console, in Chromium: messages drawn as WeChat shows them — a member's
 * subscribe message (服务通知) after a level-up purchase, and a clerk's 服务号 template
 * message after a cross-store purchase, each with the template's title and keyword labels
 * and the recipient by name; the clerk's reminder in the workbench list; the automations'
 * results read as HQ. Screenshot: test-results/screenshots/console-messages.png.
 */
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { shanghaiMonth } from '../../src/domain/calendar';
import { shot } from './harness';
import { bootH5, closeH5, type H5Suite } from './boot';
import { addMember } from '../emulator/support/loyalty';
import { grantCredit } from '../emulator/support/automations';
import { crossStorePurchase, follow, run, settle } from '../emulator/support/staffMessages';

let { emu, seed, chrome } = {} as H5Suite;

beforeAll(async () => void ({ emu, seed, chrome } = await bootH5()));

afterAll(() => closeH5({ emu, chrome }));

describe('console: messages as WeChat draws them', () => {
  it('draws the member and clerk messages with their template titles, labels and recipients', async () => {
    const [from, at] = [seed.clerks[0], seed.clerks[1]];
    follow(emu, from);
    await run(emu, 'followers'); // the follower sync links the clerk's UNIONID to their 服务号 openid
    const now = emu.clock.now();
    // a member ¥50 short of silver, who accepted the level-change message once
    const climber = addMember(emu, {
      name: '周晓雯',
      gender: 'female',
      clerkId: from.id,
      homeStoreId: from.storeId,
      stats: { spendByMonth: { [shanghaiMonth(now)]: 95_000 } },
    });
    grantCredit(emu, climber, 'levelChanged', 'TPL_LEVEL_CHANGED');
    await crossStorePurchase(emu, from, at, climber); // silver, and a cross-store purchase
    settle(emu);
    await run(emu, 'outbox');
    const levelSent = emu.openApi.outbox.list({ touser: climber.openid });
    expect(levelSent).toHaveLength(1);
    expect(emu.openApi.outbox.list({ channel: 'serviceAccount' })).toHaveLength(1);

    const page = await chrome.browser.newPage({ viewport: { width: 1280, height: 900 } });
    const errors: string[] = [];
    page.on('pageerror', (e) => errors.push(String(e)));
    page.on('response', (r) => {
      if (r.status() >= 400) errors.push(`HTTP ${r.status()} ${r.url()}`);
    });
    await page.goto(`${emu.url}/__console/`);
    const cards = page.locator('#outbox .wx-card');
    await cards
      .nth(1)
      .waitFor({ timeout: 5000 })
      .catch(async () => {
        throw new Error((await page.content()) + errors.join('\n'));
      });
    const texts = (await cards.allTextContents()).map((t) => t.replace(/\s+/g, ''));
    const member = texts.find((t) => t.includes('会员等级变更通知'));
    expect(member).toContain('服务通知');
    expect(member).toContain('当前等级银卡会员');
    const clerk = texts.find((t) => t.includes('客户跟进提醒'));
    expect(clerk).toContain(`发给${from.name}（服务号）`);
    expect(clerk).toContain('客户周女士');
    expect(clerk).toContain('门店');

    // the same reminder in the workbench's list, delivered
    await page.locator('#staff-reminders tbody tr td').first().waitFor();
    const reminder = (await page.locator('#staff-reminders tbody').textContent()) ?? '';
    expect(reminder).toContain(from.name);
    expect(reminder).toContain('已送达');

    // the automations' results, as HQ reads them: one row per automation
    await page.locator('#results tbody tr td:nth-child(3)').first().waitFor();
    const rows = await page.locator('#results tbody tr').allTextContents();
    expect(rows.length).toBeGreaterThanOrEqual(9);
    expect(rows.join('')).toContain('7天未消费关怀');

    await page.locator('#outbox-filter [data-channel=serviceAccount]').click();
    await page.waitForFunction(() => document.querySelectorAll('#outbox .wx-card').length === 1);
    await page.locator('#outbox-filter [data-channel=""]').click();
    await page.locator('#outbox .wx-card').nth(1).waitFor();
    await page.locator('#outbox').scrollIntoViewIfNeeded();
    await shot(page, 'console-messages', { fullPage: false });
    expect(errors).toEqual([]);
    await page.close();
  });
});
