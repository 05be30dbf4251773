/**
 * The workbench around the till, in Chromium on the H5 build: a store manager's tools,
 * the checkout code image, an invite code created by the manager and bound by a new
 * clerk in their own browser, who then lands on the workbench of the right store; a clerk
 * cannot invite; the entry page opens the workbench for a bound clerk. Open invites are
 * listed again after a reload, and 撤销 revokes one (it binds nobody afterwards).
 * A clerk sees the reminder of a customer who bought in another store and marks it read.
 * Screenshots: test-results/screenshots/till-workbench.png, till-qrcode.png, till-invite.png,
 * till-bind-done.png, till-workbench-reminder.png.
 */
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { shot } from './harness';
import { bootH5, closeH5, squashedText as text, type H5Suite } from './boot';
import { waitFor } from '../support/waitFor';
import { crossStorePurchase, find, run, settle } from '../emulator/support/staffMessages';

let { emu, seed, chrome } = {} as H5Suite;

beforeAll(async () => void ({ emu, seed, chrome } = await bootH5()));

afterAll(() => closeH5({ emu, chrome }));

describe('h5: workbench, checkout code, invite and bind', () => {
  let code = '';

  it('shows a manager the store tools, the checkout code image and creates a clerk invite', async () => {
    const manager = seed.managers.find((m) => m.storeId === 'S002')!;
    const page = await chrome.openApp({
      baseUrl: emu.url,
      openid: manager.openid,
      route: 'staff/pages/home/index',
    });
    await page.locator('.workbench__name').waitFor();
    expect(await text(page, '.workbench__name')).toBe(manager.name);
    expect(await text(page, '.workbench__role')).toBe('店长·徐家汇店');
    for (const id of ['#tool-till', '#tool-orders', '#tool-qrcode', '#tool-invite'])
      expect(await page.locator(id).count()).toBe(1);
    await shot(page, 'till-workbench');

    await page.locator('#tool-qrcode').click();
    await page.locator('.qrcode__image img').waitFor();
    expect(await text(page, '.qrcode__store')).toBe('徐家汇店');
    expect(await text(page, '.qrcode__who')).toBe('门店开卡码');
    const src = await page.locator('.qrcode__image img').getAttribute('src');
    expect(src).toMatch(/^data:image\/(png|jpeg);base64,[A-Za-z0-9+/]{100,}/);
    // the image really decodes (a broken data URI has naturalWidth 0)
    await waitFor(async () =>
      expect(
        await page
          .locator('.qrcode__image img')
          .evaluate((img: HTMLImageElement) => img.naturalWidth),
      ).toBeGreaterThan(0),
    );
    await shot(page, 'till-qrcode', { fullPage: false });

    await page.goBack();
    await page.locator('#tool-invite').click();
    await page.locator('.invite__name input').waitFor();
    // a manager invites clerks of their own store only
    expect(await page.locator('#role-manager').count()).toBe(0);
    expect(await page.locator('.invite__store').count()).toBe(0);
    await page.locator('#create-invite').click();
    expect(await text(page, '[data-testid=invite-error]')).toBe('请输入员工姓名');
    await page.locator('.invite__name input').fill('刘洋');
    const created = page.waitForResponse(
      (r) => r.url().endsWith('/fn/staff') && r.request().postDataJSON()?.action === 'createInvite',
    );
    await page.locator('#create-invite').click();
    const res = await created;
    expect(res.request().postDataJSON()).toEqual({
      action: 'createInvite',
      role: 'clerk',
      storeId: 'S002',
      name: '刘洋',
    });
    const reply = (await res.json()).result as { ok: boolean; data: { code: string } };
    expect(reply.ok).toBe(true);
    code = reply.data.code;
    await page.locator('.invite-code__code').waitFor();
    expect(await text(page, '.invite-code__code')).toBe(code);
    expect(await text(page, '.invite-code__for')).toBe('刘洋·店员·徐家汇店');
    await shot(page, 'till-invite');
    expect(page.consoleErrors).toEqual([]);
  });

  it('HQ picks the store from the chain’s list when inviting', async () => {
    const page = await chrome.openApp({
      baseUrl: emu.url,
      openid: 'o_test_hq',
      route: 'staff/pages/invite/index',
    });
    await page.locator('#store-S003').waitFor();
    expect(await page.locator('.invite__store').count()).toBe(3);
    await page.locator('#store-S003').click();
    await page.locator('.invite__name input').fill('周婷');
    const created = page.waitForResponse(
      (r) => r.url().endsWith('/fn/staff') && r.request().postDataJSON()?.action === 'createInvite',
    );
    await page.locator('#create-invite').click();
    expect((await created).request().postDataJSON()).toMatchObject({
      role: 'clerk',
      storeId: 'S003',
    });
    await page.locator('.invite-code__code').waitFor();
    expect(await text(page, '.invite-code__for')).toBe('周婷·店员·新街口店');
    await shot(page, 'till-invite-hq');
    expect(page.consoleErrors).toEqual([]);
  });

  it('lists the open invites after a reload, and 撤销 takes one away for good', async () => {
    const manager = seed.managers.find((m) => m.storeId === 'S002')!;
    const page = await chrome.openApp({
      baseUrl: emu.url,
      openid: manager.openid,
      route: 'staff/pages/invite/index',
    });
    // a fresh page load: the invite created in the first test is still listed
    await page.locator('[data-testid=open-invite]').first().waitFor();
    expect(await text(page, '.invite-code__code')).toBe(code);
    await page.locator('.invite__name input').fill('马丽');
    await page.locator('#create-invite').click();
    await waitFor(async () =>
      expect(await page.locator('[data-testid=open-invite]').count()).toBe(2),
    );
    const latest = page.locator('.invite-code--latest');
    const revoked = (await latest.locator('.invite-code__code').innerText()).replace(/\s/g, '');
    expect(revoked).not.toBe(code.replace(/\s/g, ''));
    await latest.locator('.invite-code__revoke').click();
    await waitFor(async () =>
      expect(await page.locator('[data-testid=open-invite]').count()).toBe(1),
    );
    expect(await text(page, '.invite-code__code')).toBe(code);
    const bind = await emu.call<{ ok: boolean; error?: { code: string } }>(
      'staff',
      { action: 'bindInvite', code: revoked },
      'o_browser_revoked',
    );
    expect(bind).toMatchObject({ ok: false, error: { code: 'STAFF.INVITE_INVALID' } });
    expect(page.consoleErrors).toEqual([]);
  });

  it('binds a new clerk with the invite from a shared link, then opens the right workbench', async () => {
    const page = await chrome.openApp({
      baseUrl: emu.url,
      openid: 'o_h5_new_clerk',
      route: 'staff/pages/bind/index',
      query: { code },
    });
    await page.locator('.bind__input input').waitFor();
    expect(await page.locator('.bind__input input').inputValue()).toBe(code);
    await page.locator('#bind-submit').click();
    await page.locator('[data-testid=bind-done]').waitFor();
    expect(await text(page, '.bind__welcome')).toBe('欢迎你，刘洋');
    expect(await text(page, '.bind__role')).toBe('已绑定为店员·徐家汇店');
    await shot(page, 'till-bind-done', { fullPage: false });
    await page.locator('#go-workbench').click();
    await page.locator('.workbench__role').waitFor();
    expect(await text(page, '.workbench__role')).toBe('店员·徐家汇店');
    expect(await page.locator('#tool-invite').count()).toBe(0);

    // the entry page now opens the workbench (no checkout code in the link)
    await page.goto(`${emu.url}/#/pages/index/index`);
    await page.reload();
    await page.waitForURL(/#\/staff\/pages\/home\/index/);
    await page.locator('.workbench__role').waitFor();

    // the code was for one use
    const other = await chrome.openApp({
      baseUrl: emu.url,
      openid: 'o_h5_someone_else',
      route: 'staff/pages/bind/index',
      query: { code },
    });
    await other.locator('#bind-submit').click();
    await other.locator('[data-testid=bind-error]').waitFor();
    expect(await text(other, '[data-testid=bind-error]')).toBe('邀请码无效或已被使用');
  });

  it('shows a clerk the reminder of a customer who bought in another store; a tap marks it read', async () => {
    const [nanjing, xujiahui] = seed.clerks; // C0011 南京西路店, C0021 徐家汇店
    // 徐家汇店's customer buys at 南京西路店; the outbox timer tells her previous clerk
    await crossStorePurchase(emu, xujiahui, nanjing);
    settle(emu);
    await run(emu, 'outbox');
    const page = await chrome.openApp({
      baseUrl: emu.url,
      openid: xujiahui.openid,
      route: 'staff/pages/home/index',
    });
    await page.locator('[data-testid=reminders] .reminder').first().waitFor();
    expect(await text(page, '.reminders__count')).toBe('1条未读');
    expect(await text(page, '.reminder__body')).toBe(
      '您曾服务的客户张女士今日在南京西路店完成购买，请酌情跟进回访。',
    );
    await shot(page, 'till-workbench-reminder', { fullPage: false });
    await page.locator('.reminder--unread').click();
    await page.locator('.reminder__dot').waitFor({ state: 'detached' });
    await page.locator('.reminders__count').waitFor({ state: 'detached' });
    const [stored] = find(emu, 'staffReminders', { staffId: xujiahui.id });
    expect(stored.readAt).toEqual(expect.any(Number));
  });

  it('keeps a clerk out of the invite page and a shopper out of the till', async () => {
    const clerk = seed.clerks[0];
    const page = await chrome.openApp({
      baseUrl: emu.url,
      openid: clerk.openid,
      route: 'staff/pages/invite/index',
    });
    await page.locator('[data-testid=forbidden]').waitFor();
    expect(await text(page, '[data-testid=forbidden]')).toContain('店员账号不能使用此功能');

    const shopper = await chrome.openApp({
      baseUrl: emu.url,
      openid: 'o_h5_just_a_shopper',
      route: 'staff/pages/till/index',
    });
    await shopper.locator('[data-testid=not-staff]').waitFor();
    expect(await shopper.locator('.till-identify__input').count()).toBe(0);
  });
});
