/**
 * 经营报表 (`staff.getReport`): the chain's (HQ) or a store's figures for the last 7, 30 or
 * 90 Shanghai days ending yesterday and the period before, read from `dailyRollups` only
 * (domain/reports/*). Spread into staffContract.
 */
import { z } from 'zod';
import { action } from './define';
import type { ReportDays } from '../domain/reports/period';
import type {
  AreaCategories,
  BandRow,
  ClerkRow,
  DayPoint,
  ReportFigures,
} from '../domain/reports/figures';
import type { ServiceFigures } from '../domain/reports/service';
import type { MemberFigures } from '../domain/reports/members';
import type { ResponseRow } from '../domain/reports/responses';

export type PeriodView = { from: number; to: number; label: string };

export type ReportClerkRow = ClerkRow & {
  name: string;
  storeId: string | null;
  storeName: string;
  /** the previous period's 业绩 amount, to compare */
  previousRepeatFen: number;
};

export type ReportView = {
  scope: 'chain' | 'area' | 'store';
  storeId: string | null;
  area: string | null;
  /** 全部门店 for the chain, the area's name, the store's */
  title: string;
  days: ReportDays;
  current: PeriodView;
  previous: PeriodView;
  figures: { current: ReportFigures; previous: ReportFigures };
  /** follow-up completion and complaint handling time (tasks and tickets, 门店数据's rules) */
  service: { current: ServiceFigures; previous: ServiceFigures };
  /** LTV and tag completeness, from the nightly member snapshot at each period's end */
  members: { current: MemberFigures; previous: MemberFigures };
  series: { current: DayPoint[]; previous: DayPoint[] };
  /** category sales by area (store's area, else the store), current period */
  areas: AreaCategories[];
  bands: { current: BandRow[]; previous: BandRow[] };
  /** campaign and automation response vs holdout, by the runs started in each period */
  responses: { current: ResponseRow[]; previous: ResponseRow[] };
  clerks: ReportClerkRow[];
  /** rollup documents read (days × stores at most) */
  rollupsRead: number;
};

export type {
  AreaCategories,
  BandRow,
  ClerkRow,
  DayPoint,
  MemberFigures,
  ReportFigures,
  ResponseRow,
  ServiceFigures,
};

export const reportActions = {
  getReport: action(
    z.object({
      scope: z.enum(['chain', 'area', 'store'], { error: '请选择全部门店、一个区域或一家门店' }),
      storeId: z.string().min(1).max(8).optional(),
      area: z.string().trim().min(1, '请选择区域').max(20, '区域名称最多 20 个字').optional(),
      days: z.union([z.literal(7), z.literal(30), z.literal(90)], {
        error: '时间段只能是近 7 天、30 天或 90 天',
      }),
    }),
  ).returns<ReportView>(),
};
