/**
 * Service figures of a report: follow-up completion and complaint handling time, by the
 * rules of 门店数据 (domain/storeFigures.ts) — tasks due in the period done ÷ due (not
 * `expired`: no longer applies); of the tickets opened in the period, the resolved ones'
 * average handling time. Input: the per-period counts the database grouped (one aggregate
 * on tasks, one on tickets), so a report still reads no order and no member.
 *
 * @example serviceFigures({ tasksDue: 4, tasksDone: 3, resolvedTickets: 2, handlingMs: 7_200_000 })
 * // { tasksDue: 4, tasksDone: 3, completionRate: 0.75, resolvedTickets: 2, avgHandlingMs: 3_600_000 }
 */
export const REPORT_TASK_STATES = ['open', 'pooled', 'done'] as const;
export const REPORT_TICKET_STATES = ['open', 'resolved'] as const;

export type ServiceCounts = {
  tasksDue: number;
  tasksDone: number;
  resolvedTickets: number;
  handlingMs: number;
};

export type ServiceFigures = {
  tasksDue: number;
  tasksDone: number;
  /** tasksDone ÷ tasksDue, null when none was due */
  completionRate: number | null;
  resolvedTickets: number;
  /** average handling time of the resolved tickets, null when none */
  avgHandlingMs: number | null;
};

export function serviceFigures(c: ServiceCounts): ServiceFigures {
  return {
    tasksDue: c.tasksDue,
    tasksDone: c.tasksDone,
    completionRate: c.tasksDue > 0 ? c.tasksDone / c.tasksDue : null,
    resolvedTickets: c.resolvedTickets,
    avgHandlingMs: c.resolvedTickets > 0 ? Math.round(c.handlingMs / c.resolvedTickets) : null,
  };
}
