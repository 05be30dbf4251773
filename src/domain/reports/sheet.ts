/**
 * 经营报表 as spreadsheet sheets (`sheets.exportReport`): one entry in SECTIONS per sheet,
 * money in 元 (2 decimals), rates as percent numbers (2 decimals), empty where a figure has
 * no value (nobody bought, nothing due). Pure; the input is the report as `staff.getReport`
 * answers it.
 *
 * @example reportSheets(view).map((s) => s.name) // ['指标对比', '每日销售额', '品类销售（按区域）', '价格带', '店员排行', '标签覆盖', '活动与自动化效果']
 */
import type { AreaCategories, BandRow, ClerkRow, DayPoint, ReportFigures } from './figures';
import type { MemberFigures } from './members';
import type { ServiceFigures } from './service';
import type { ResponseRow } from './responses';
import { FIGURE_NAMES as N, withUnit } from './figureNames';

export type SheetCell = string | number;
export type Sheet = { name: string; columns: string[]; rows: SheetCell[][] };

export type ReportSheetInput = {
  title: string;
  current: { label: string };
  previous: { label: string };
  figures: { current: ReportFigures; previous: ReportFigures };
  service: { current: ServiceFigures; previous: ServiceFigures };
  members: { current: MemberFigures; previous: MemberFigures };
  series: { current: DayPoint[] };
  areas: AreaCategories[];
  bands: { current: BandRow[]; previous: BandRow[] };
  clerks: (ClerkRow & { name: string; storeName: string; previousRepeatFen: number })[];
  responses: { current: ResponseRow[] };
};

const yuan = (fen: number | null): SheetCell => (fen == null ? '' : Math.round(fen) / 100);
const percent = (rate: number | null): SheetCell =>
  rate == null ? '' : Math.round(rate * 10000) / 100;
const num = (n: number | null): SheetCell => (n == null ? '' : Math.round(n * 100) / 100);
const hours = (ms: number | null): SheetCell => (ms == null ? '' : Math.round(ms / 36_000) / 100);

type Figures = { f: ReportFigures; s: ServiceFigures; m: MemberFigures };
type Figure = { label: string; value: (x: Figures) => SheetCell };

/** 指标对比: the page's figures (and their definitions, docs/hq.md) */
export const REPORT_FIGURES: Figure[] = [
  { label: withUnit(N.revenue, '元'), value: ({ f }) => yuan(f.revenueFen) },
  { label: N.orders, value: ({ f }) => f.orders },
  { label: withUnit(N.aov, '元'), value: ({ f }) => yuan(f.avgOrderFen) },
  { label: withUnit(N.repeat, '%'), value: ({ f }) => percent(f.repeatRate) },
  { label: N.buyers, value: ({ f }) => f.buyers },
  { label: N.activity, value: ({ f }) => num(f.ordersPerBuyer) },
  { label: N.new, value: ({ f }) => f.newMembers },
  { label: withUnit(N.conversion, '%'), value: ({ f }) => percent(f.firstOrderConversion) },
  { label: withUnit(N.capture, '%'), value: ({ f }) => percent(f.captureRate) },
  { label: withUnit(N.repeatFen, '元'), value: ({ f }) => yuan(f.repeatFen) },
  { label: N.tasksDue, value: ({ s }) => s.tasksDue },
  { label: N.tasksDone, value: ({ s }) => s.tasksDone },
  { label: withUnit(N.followUps, '%'), value: ({ s }) => percent(s.completionRate) },
  { label: N.resolvedTickets, value: ({ s }) => s.resolvedTickets },
  { label: withUnit(N.handling, '小时'), value: ({ s }) => hours(s.avgHandlingMs) },
  { label: N.members, value: ({ m }) => m.members },
  { label: N.memberBuyers, value: ({ m }) => m.buyers },
  { label: withUnit(N.ltv, '元'), value: ({ m }) => yuan(m.ltvFen) },
  { label: withUnit(N.tagCompleteness, '%'), value: ({ m }) => percent(m.tagCompleteness) },
];

const change = (cur: SheetCell, prev: SheetCell): SheetCell =>
  typeof cur === 'number' && typeof prev === 'number' ? num(cur - prev) : '';

const SECTIONS: ((v: ReportSheetInput) => Sheet)[] = [
  (v) => ({
    name: '指标对比',
    columns: ['指标', `本期（${v.current.label}）`, `上期（${v.previous.label}）`, '变化'],
    rows: REPORT_FIGURES.map((x) => {
      const cur = x.value({ f: v.figures.current, s: v.service.current, m: v.members.current });
      const prev = x.value({ f: v.figures.previous, s: v.service.previous, m: v.members.previous });
      return [x.label, cur, prev, change(cur, prev)];
    }),
  }),
  (v) => ({
    name: '每日销售额',
    columns: ['日期', '订单数', '销售额（元）'],
    rows: v.series.current.map((d) => [d.date, d.orders, yuan(d.revenueFen)]),
  }),
  (v) => ({
    name: '品类销售（按区域）',
    columns: ['区域', '品类', '销售额（元）'],
    rows: v.areas.flatMap((a) => a.categories.map((c) => [a.area, c.category, yuan(c.fen)])),
  }),
  (v) => ({
    name: '价格带',
    columns: ['价格带', '本期订单数', '上期订单数'],
    rows: v.bands.current.map((b) => [
      b.label,
      b.orders,
      v.bands.previous.find((p) => p.band === b.band)?.orders ?? 0,
    ]),
  }),
  (v) => ({
    name: '店员排行',
    columns: ['店员', '门店', '业绩（元）', '上期业绩（元）', '复购单数', '订单数', '销售额（元）'],
    rows: v.clerks.map((c) => [
      c.name,
      c.storeName,
      yuan(c.repeatFen),
      yuan(c.previousRepeatFen),
      c.repeatOrders,
      c.orders,
      yuan(c.revenueFen),
    ]),
  }),
  (v) => ({
    name: '标签覆盖',
    columns: ['标签', '本期末会员数', '本期末占比（%）', '上期末占比（%）'],
    rows: v.members.current.coverage.map((c) => [
      c.name,
      c.members,
      percent(c.share),
      percent(v.members.previous.coverage.find((p) => p.key === c.key)?.share ?? null),
    ]),
  }),
  (v) => ({
    name: '活动与自动化效果',
    columns: [
      '名称',
      '类型',
      '归因天数',
      '触达人数',
      '触达组响应',
      '触达组响应率（%）',
      '对照组人数',
      '对照组响应',
      '对照组响应率（%）',
      '提升（百分点）',
      '增量响应人数',
      '触达组销售额（元）',
      '增量销售额（元）',
      '归因期未结束',
    ],
    rows: v.responses.current.map((r) => [
      r.name,
      r.kind === 'campaign' ? '活动' : '自动化',
      r.attributionDays,
      r.treated.members,
      r.treated.responded,
      r.treated.rate,
      r.holdout.members,
      r.holdout.responded,
      r.holdout.members > 0 ? r.holdout.rate : '',
      r.liftPoints ?? '',
      r.incrementalResponders ?? '',
      yuan(r.treated.revenueFen),
      yuan(r.incrementalRevenueFen),
      r.open ? '是' : '否',
    ]),
  }),
];

export function reportSheets(view: ReportSheetInput): Sheet[] {
  return SECTIONS.map((s) => s(view));
}
