/**
 * The store manager's pages in Chromium on the H5 build: 店员管理 (unbind after the
 * confirmation), 门店数据 (the figures, the per-clerk table with 业绩, a custom period), and
 * 到店领取 at the till — the clerk looks the member up, hands the gift over — after which the
 * member's points history says 已领取. HQ picks a store on 门店数据.
 * Screenshots: test-results/screenshots/manager-team.png, manager-unbind.png,
 * manager-figures.png, manager-figures-custom.png, till-pickup.png, points-pickup.png.
 */
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { shanghaiDate } from '../../src/domain/calendar';
import { shot } from './harness';
import { bootH5, closeH5, squashedText as text, type H5Suite } from './boot';
import { find, type TestMember } from '../emulator/support/loyalty';
import { seedManagerPages, SECOND_CLERK } from '../emulator/support/managerPages';
import { waitFor } from '../support/waitFor';

let { emu, chrome } = {} as H5Suite;
let customer: TestMember;
let redemptionId: string;

beforeAll(async () => {
  ({ emu, chrome } = await bootH5());
  ({ customer, redemptionId } = await seedManagerPages(emu));
});

afterAll(() => closeH5({ emu, chrome }));

const MANAGER = 'o_test_manager_S001';

describe('h5: the store manager', () => {
  it('lists the team and unbinds a clerk after confirming', async () => {
    const page = await chrome.openApp({
      baseUrl: emu.url,
      openid: MANAGER,
      route: 'staff/pages/team/index',
    });
    const row = page.locator(`[data-testid="team-${SECOND_CLERK.id}"]`);
    await row.waitFor();
    expect(await text(page, '[data-testid="team-M001"]')).toContain('赵敏店长');
    expect(await page.locator('[data-testid="team-M001"] .team-row__unbind').count()).toBe(0);
    await shot(page, 'manager-team');
    await row.locator('.team-row__unbind').click();
    await page.locator('[data-testid="unbind-sheet"]').waitFor();
    await shot(page, 'manager-unbind', { fullPage: false });
    await page.locator('#unbind-confirm').click();
    await waitFor(async () => expect(await text(page, '.team__notice')).toBe('已解绑安琪'));
    await waitFor(async () => expect(await row.count()).toBe(0));
    expect(find(emu, 'staff', { _id: SECOND_CLERK.id })[0].active).toBe(false);
    expect(page.consoleErrors).toEqual([]);
  });

  it('shows the store figures, the clerks’ 业绩 and a custom period', async () => {
    const page = await chrome.openApp({
      baseUrl: emu.url,
      openid: MANAGER,
      route: 'staff/pages/figures/index',
    });
    await page.locator('[data-testid="clerk-C0011"]').waitFor();
    expect(await text(page, '.figure--new')).toBe('新会员2期内开卡');
    expect(await text(page, '.figure--repeat .figure__value')).toBe('0%'); // one purchase in the month
    expect(await text(page, '.figure--tasks')).toBe('回访完成率50%到期2·完成1');
    expect(await text(page, '.figure--tickets')).toBe('未结工单0平均处理3小时（1单）');
    expect(await text(page, '.figure--bonus')).toBe('复购业绩¥128复购1笔');
    const wang = await text(page, '[data-testid="clerk-C0011"]');
    expect(wang).toBe('王芳店员20%1/23小时5.0分¥128复购1笔'); // 1 buyer, not twice
    await shot(page, 'manager-figures');

    const today = shanghaiDate(emu.clock.now());
    await page.locator('#period-custom').click();
    await page.locator('#period-from').fill(today);
    await page.locator('#period-to').fill(today);
    await waitFor(async () =>
      expect(await text(page, '.figures__period')).toMatch(/^\d{4}年\d+月\d+日–\d+月\d+日$/),
    );
    await page.locator('[data-testid="clerk-C0011"]').waitFor();
    expect(await text(page, '.figure--bonus')).toBe('复购业绩¥128复购1笔');
    await shot(page, 'manager-figures-custom');
    expect(page.consoleErrors).toEqual([]);
  });

  it('HQ picks a store', async () => {
    const page = await chrome.openApp({
      baseUrl: emu.url,
      openid: 'o_test_hq',
      route: 'staff/pages/figures/index',
    });
    await page.locator('#store-S002').waitFor();
    await page.locator('[data-testid="clerk-C0011"]').waitFor(); // the first store: S001
    await page.locator('#store-S002').click();
    await waitFor(async () => expect(await text(page, '.figures__store')).toBe('徐家汇店'));
    await page.locator('[data-testid="clerk-C0021"]').waitFor();
    expect(await text(page, '.figure--bonus')).toBe('复购业绩¥0复购0笔');
  });

  it('hands the gift over at the till; the member sees 已领取', async () => {
    const member = await chrome.openApp({
      baseUrl: emu.url,
      openid: customer.openid,
      route: 'pages/points/index',
    });
    await member.locator('.entry__pickup').waitFor();
    expect(await text(member, '.entry__pickup')).toBe('待领取');

    const till = await chrome.openApp({
      baseUrl: emu.url,
      openid: 'o_test_clerk_S001',
      route: 'staff/pages/till/index',
    });
    await till.locator('.till-identify__input input').fill(customer.phone);
    await till.locator('#lookup-member').click();
    await till.locator(`[data-testid="pickup-${redemptionId}"]`).waitFor();
    expect(await text(till, '[data-testid="member-gifts"]')).toContain('环保购物袋50积分');
    await till.locator('.pickup__collect').click();
    await till.locator('[data-testid="collect-sheet"]').waitFor();
    await till.locator('#collect-confirm').click();
    await waitFor(async () =>
      expect(await text(till, '.member-gifts__done')).toBe('「环保购物袋」已登记领取'),
    );
    await shot(till, 'till-pickup');
    expect(find(emu, 'redemptions', { _id: redemptionId })[0]).toMatchObject({
      collectedBy: 'C0011',
      collectedStoreId: 'S001',
    });

    await member.reload();
    await member.locator('.entry__pickup--collected').waitFor();
    expect(await text(member, '.entry__pickup')).toBe('已领取');
    await shot(member, 'points-pickup');
    expect(till.consoleErrors).toEqual([]);
    expect(member.consoleErrors).toEqual([]);
  });
});
