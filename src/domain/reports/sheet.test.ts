import { responseFigures, responseRollupsOfDay } from './responses';
import { describe, expect, it } from '@jest/globals';
import { reportSheets, type ReportSheetInput } from './sheet';
import { reportFigures } from './figures';
import { serviceFigures } from './service';
import { memberFigures } from './members';

const figures = (revenueFen: number, orders: number) => ({
  ...reportFigures([]),
  revenueFen,
  orders,
  avgOrderFen: Math.round(revenueFen / orders),
  repeatRate: 0.25,
  buyers: 2,
  ordersPerBuyer: 1.5,
});

const T = Date.parse('2026-11-10T02:00:00Z');

const view: ReportSheetInput = {
  title: '全部门店',
  current: { label: '11月1日–11月30日' },
  previous: { label: '10月2日–10月31日' },
  figures: { current: figures(12345, 3), previous: figures(10000, 2) },
  service: {
    current: serviceFigures({
      tasksDue: 4,
      tasksDone: 3,
      resolvedTickets: 2,
      handlingMs: 18_000_000,
    }),
    previous: serviceFigures({ tasksDue: 0, tasksDone: 0, resolvedTickets: 0, handlingMs: 0 }),
  },
  members: {
    current: memberFigures({
      asOf: '2026-11-30',
      stores: 1,
      members: 10,
      buyers: 8,
      spendFen: 100_000,
      complete: 4,
      manualTagged: 1,
      families: { frequency: { name: '购买频次', members: 8 } },
    }),
    previous: memberFigures(null),
  },
  series: { current: [{ date: '2026-12-01', orders: 3, revenueFen: 12345 }] },
  areas: [{ area: '华东', revenueFen: 12345, categories: [{ category: '上衣', fen: 12345 }] }],
  bands: {
    current: [{ band: 'b0', label: '¥50 以下', orders: 3 }],
    previous: [{ band: 'b0', label: '¥50 以下', orders: 1 }],
  },
  clerks: [
    {
      clerkId: 'C1',
      name: '王芳',
      storeName: '南京西路店',
      orders: 2,
      revenueFen: 20000,
      repeatOrders: 1,
      repeatFen: 8600,
      previousRepeatFen: 0,
    },
  ],
  responses: {
    current: responseFigures(
      responseRollupsOfDay({
        date: '2026-11-10',
        runs: [
          {
            memberId: 't1',
            group: 'treated',
            automationKey: 'inactive7',
            storeId: 'S001',
            startedAt: T,
          },
          {
            memberId: 't2',
            group: 'treated',
            automationKey: 'inactive7',
            storeId: 'S001',
            startedAt: T,
          },
          {
            memberId: 'h1',
            group: 'holdout',
            automationKey: 'inactive7',
            storeId: 'S001',
            startedAt: T,
          },
        ],
        orders: [{ memberId: 't1', createdAt: T + 3_600_000, paidFen: 8_600 }],
        keys: new Map([
          [
            'inactive7',
            { key: 'inactive7', kind: 'automation', name: '7天未消费关怀', attributionDays: 14 },
          ],
        ]),
        now: T + 30 * 86_400_000,
      }).docs,
    ),
  },
};

const row = (name: string, first: string | number) =>
  reportSheets(view)
    .find((s) => s.name === name)
    ?.rows.find((r) => r[0] === first);

describe('reportSheets', () => {
  it.each([
    ['指标对比', '销售额（元）', ['销售额（元）', 123.45, 100, 23.45]],
    ['指标对比', '复购率（%）', ['复购率（%）', 25, 25, 0]],
    ['指标对比', '回访完成率（%）', ['回访完成率（%）', 75, '', '']],
    ['指标对比', '投诉平均处理时长（小时）', ['投诉平均处理时长（小时）', 2.5, '', '']],
    ['指标对比', 'LTV（人均累计消费，元）', ['LTV（人均累计消费，元）', 125, '', '']],
    ['指标对比', '标签完整度（%）', ['标签完整度（%）', 40, '', '']],
    ['标签覆盖', '购买频次', ['购买频次', 8, 80, '']],
    ['标签覆盖', '店员标签', ['店员标签', 1, 10, '']],
    ['每日销售额', '2026-12-01', ['2026-12-01', 3, 123.45]],
    ['品类销售（按区域）', '华东', ['华东', '上衣', 123.45]],
    ['价格带', '¥50 以下', ['¥50 以下', 3, 1]],
    ['店员排行', '王芳', ['王芳', '南京西路店', 86, 0, 1, 2, 200]],
    [
      '活动与自动化效果',
      '7天未消费关怀',
      ['7天未消费关怀', '自动化', 14, 2, 1, 50, 1, 0, 0, 50, 1, 86, 86, '否'],
    ],
  ])('%s: %s', (name, first, expected) => {
    expect(row(name, first)).toEqual(expected);
  });

  it('names the periods in the header', () => {
    expect(reportSheets(view)[0].columns).toEqual([
      '指标',
      '本期（11月1日–11月30日）',
      '上期（10月2日–10月31日）',
      '变化',
    ]);
  });
});
