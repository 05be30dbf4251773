/**
 * 经营报表's 指标对比 rows: each figure of the period and the one before, as the page writes
 * them (glance tiles and the table), with the change between them. Definitions: docs/hq.md.
 */
import type { MemberFigures, ReportFigures, ServiceFigures } from '@/contracts/reports';
import { formatHandling } from '@/domain/tickets';
import { FIGURE_NAMES, type FigureId } from '@/domain/reports/figureNames';
import { change, fen, pct, times } from './text';

export type FigureRow = { id: FigureId; label: string; cur: string; prev: string; delta: string };

export function figureRows(
  c: ReportFigures,
  p: ReportFigures,
  sc: ServiceFigures,
  sp: ServiceFigures,
  mc: MemberFigures,
  mp: MemberFigures,
): FigureRow[] {
  const handling = (ms: number | null) => (ms === null ? '—' : formatHandling(ms));
  return [
    {
      id: 'revenue',
      label: FIGURE_NAMES.revenue,
      cur: fen(c.revenueFen),
      prev: fen(p.revenueFen),
      delta: change(c.revenueFen, p.revenueFen, 'amount'),
    },
    {
      id: 'orders',
      label: FIGURE_NAMES.orders,
      cur: String(c.orders),
      prev: String(p.orders),
      delta: change(c.orders, p.orders, 'amount'),
    },
    {
      id: 'aov',
      label: FIGURE_NAMES.aov,
      cur: fen(c.avgOrderFen),
      prev: fen(p.avgOrderFen),
      delta: change(c.avgOrderFen, p.avgOrderFen, 'amount'),
    },
    {
      id: 'repeat',
      label: FIGURE_NAMES.repeat,
      cur: pct(c.repeatRate),
      prev: pct(p.repeatRate),
      delta: change(c.repeatRate, p.repeatRate, 'rate'),
    },
    {
      id: 'buyers',
      label: FIGURE_NAMES.buyers,
      cur: String(c.buyers),
      prev: String(p.buyers),
      delta: change(c.buyers, p.buyers, 'amount'),
    },
    {
      id: 'activity',
      label: FIGURE_NAMES.activity,
      cur: times(c.ordersPerBuyer),
      prev: times(p.ordersPerBuyer),
      delta: change(c.ordersPerBuyer, p.ordersPerBuyer, 'amount'),
    },
    {
      id: 'new',
      label: FIGURE_NAMES.new,
      cur: String(c.newMembers),
      prev: String(p.newMembers),
      delta: change(c.newMembers, p.newMembers, 'amount'),
    },
    {
      id: 'conversion',
      label: FIGURE_NAMES.conversion,
      cur: pct(c.firstOrderConversion),
      prev: pct(p.firstOrderConversion),
      delta: change(c.firstOrderConversion, p.firstOrderConversion, 'rate'),
    },
    {
      id: 'capture',
      label: FIGURE_NAMES.capture,
      cur: pct(c.captureRate),
      prev: pct(p.captureRate),
      delta: change(c.captureRate, p.captureRate, 'rate'),
    },
    {
      id: 'repeatFen',
      label: FIGURE_NAMES.repeatFen,
      cur: fen(c.repeatFen),
      prev: fen(p.repeatFen),
      delta: change(c.repeatFen, p.repeatFen, 'amount'),
    },
    {
      id: 'followUps',
      label: FIGURE_NAMES.followUps,
      cur: `${pct(sc.completionRate)}（${sc.tasksDone}/${sc.tasksDue}）`,
      prev: pct(sp.completionRate),
      delta: change(sc.completionRate, sp.completionRate, 'rate'),
    },
    {
      id: 'handling',
      label: FIGURE_NAMES.handling,
      cur: `${handling(sc.avgHandlingMs)}（${sc.resolvedTickets} 件）`,
      prev: handling(sp.avgHandlingMs),
      delta: change(sc.avgHandlingMs, sp.avgHandlingMs, 'amount'),
    },
    {
      id: 'ltv',
      label: FIGURE_NAMES.ltv,
      cur: `${fen(mc.ltvFen)}（${mc.buyers}/${mc.members} 人有消费）`,
      prev: fen(mp.ltvFen),
      delta: change(mc.ltvFen, mp.ltvFen, 'amount'),
    },
    {
      id: 'tagCompleteness',
      label: FIGURE_NAMES.tagCompleteness,
      cur: pct(mc.tagCompleteness),
      prev: pct(mp.tagCompleteness),
      delta: change(mc.tagCompleteness, mp.tagCompleteness, 'rate'),
    },
  ];
}
