/**
 * 经营报表 in Chromium on the H5 build, on a week of purchases made at the till
 * (tests/emulator/support/reportsData.ts): HQ sees the chain, the figures and the period
 * before, charts drawn by F2 on real canvases (pixels painted, not just elements), every
 * number in a table; picks a store; a manager sees only their store. Screenshots:
 * test-results/screenshots/reports-chain.png, reports-store.png.
 */
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { shot, type AppPage } from './harness';
import { bootH5, closeH5, squashedText as text, type H5Suite } from './boot';
import { seedReportWeek } from '../emulator/support/reportsData';
import { waitFor } from '../support/waitFor';
import { formatFen } from '../../src/domain/money';

let { emu, seed, chrome } = {} as H5Suite;

beforeAll(async () => {
  ({ emu, seed, chrome } = await bootH5());
  await seedReportWeek(emu);
});

afterAll(() => closeH5({ emu, chrome }));

/** Painted (non-transparent) pixels of the chart's canvas. */
const painted = (page: AppPage, id: string) =>
  page.evaluate((chartId) => {
    const host = document.getElementById(chartId);
    const canvas = (
      host?.tagName === 'CANVAS' ? host : host?.querySelector('canvas')
    ) as HTMLCanvasElement | null;
    const ctx = canvas?.getContext('2d');
    if (!canvas || !ctx || canvas.width === 0) return 0;
    const { data } = ctx.getImageData(0, 0, canvas.width, canvas.height);
    let n = 0;
    for (let i = 3; i < data.length; i += 4) if (data[i] > 0) n++;
    return n;
  }, id);

describe('h5: 经营报表', () => {
  it('HQ reads the chain with charts and tables, then one store', async () => {
    const page = await chrome.openApp({
      baseUrl: emu.url,
      openid: seed.hq.openid,
      route: 'staff/pages/reports/index',
    });
    await page.locator('.figure--revenue').waitFor();
    expect(await text(page, '.reports__title')).toBe('全部门店');
    expect(await text(page, '.figure--revenue .figure__value')).toBe('¥580');
    expect(await text(page, '.figure--orders .figure__value')).toBe('4');
    expect(await text(page, '[data-testid="row-buyers"]')).toContain('3');
    expect(await text(page, '[data-testid="row-followUps"]')).toContain('回访完成率');
    expect(await text(page, '[data-testid="row-handling"]')).toContain('投诉平均处理时长');
    // LTV from the night's member snapshot, against the members themselves
    const members = emu.database
      .find('members', { status: 'active' })
      .filter((m) => m.homeStoreId) as { stats: { orderCount: number; totalSpendFen: number } }[];
    const buyers = members.filter((m) => m.stats.orderCount > 0);
    const spend = buyers.reduce((s, m) => s + m.stats.totalSpendFen, 0);
    expect(buyers.length).toBe(3);
    expect(await text(page, '[data-testid="row-ltv"]')).toContain(
      `${formatFen(Math.round(spend / buyers.length))}（3/${members.length}人有消费）`,
    );
    expect(await text(page, '[data-testid="coverage-table"]')).toContain('购买频次3');
    // the minimal seed's stores have no area: each store is its own
    const categories = await text(page, '[data-testid="categories-table"]');
    expect(categories).toContain('徐家汇店厨房用品¥300');
    expect(categories).toContain('南京西路店厨房用品¥120');
    expect(await text(page, '[data-testid="clerks-table"]')).toContain('¥120');
    // 会员日预告 on the 17th: treated 2 of 2 came, the holdout 1 of 2 (reportsData.ts)
    expect(await text(page, '[data-testid="response-memberDay"]')).toBe(
      '会员日预告·自动化2/2100.0%50.0%+50.0个百分点-¥20',
    );
    for (const id of [
      'chart-daily',
      'chart-categories',
      'chart-bands',
      'chart-coverage',
      'chart-responses',
    ])
      await waitFor(async () =>
        expect(await page.locator(`[data-testid="chart-${id}"]`).getAttribute('data-state')).toBe(
          'drawn',
        ),
      );
    expect(await painted(page, 'chart-daily')).toBeGreaterThan(100);
    expect(await painted(page, 'chart-bands')).toBeGreaterThan(100);
    expect(await painted(page, 'chart-coverage')).toBeGreaterThan(100);
    expect(await painted(page, 'chart-responses')).toBeGreaterThan(100);
    await shot(page, 'reports-chain');
    // 导出 Excel: the same report as an .xlsx, opened in a new tab, and audited
    await page.locator('#report-export').click();
    await waitFor(async () =>
      expect(emu.database.find('auditLog', { action: 'export.report' })).toHaveLength(1),
    );

    await page.locator('#scope-S001').click();
    await waitFor(async () => expect(await text(page, '.reports__title')).toBe('南京西路店'));
    await waitFor(async () =>
      expect(await text(page, '.figure--revenue .figure__value')).toBe('¥280'),
    );
    expect(await text(page, '.figure--repeat .figure__value')).toBe('50%');
    // the store's own members: both reached, none held out
    await waitFor(async () =>
      expect(await text(page, '[data-testid="response-memberDay"]')).toContain(
        '2/0100.0%—无对照组',
      ),
    );
    await page.locator('#days-7').click();
    await waitFor(async () =>
      expect(await text(page, '.reports__period')).toContain('11月13日–11月19日'),
    );
    await shot(page, 'reports-store');
    expect(page.consoleErrors).toEqual([]);
  });

  it('a store manager sees only their store', async () => {
    const page = await chrome.openApp({
      baseUrl: emu.url,
      openid: 'o_test_manager_S002',
      route: 'staff/pages/reports/index',
    });
    await page.locator('.figure--revenue').waitFor();
    expect(await text(page, '.reports__title')).toBe('徐家汇店');
    expect(await text(page, '.figure--revenue .figure__value')).toBe('¥300');
    expect(await page.locator('[data-testid="scope-picker"]').count()).toBe(0);
  });
});

describe('h5: 经营报表 by area', () => {
  it('HQ gives two stores an area on 门店管理’s function and reads the area', async () => {
    for (const id of ['S001', 'S002']) {
      const s = emu.database.find('stores', { _id: id })[0] as Record<string, string>;
      const out = await emu.call<{ ok: boolean }>(
        'staff',
        {
          action: 'saveStore',
          storeId: id,
          name: s.name,
          city: s.city,
          address: s.address,
          area: '上海区',
          requestId: `req-area-${id}`,
        },
        seed.hq.openid,
      );
      expect(out.ok).toBe(true);
    }
    const page = await chrome.openApp({
      baseUrl: emu.url,
      openid: seed.hq.openid,
      route: 'staff/pages/reports/index',
    });
    await page.locator('#scope-area-0').click();
    await waitFor(async () => expect(await text(page, '.reports__title')).toBe('上海区'));
    await waitFor(async () =>
      expect(await text(page, '.figure--revenue .figure__value')).toBe('¥580'),
    );
    expect(await text(page, '[data-testid="categories-table"]')).toContain('上海区厨房用品¥420');
    expect(page.consoleErrors).toEqual([]);
  });
});
