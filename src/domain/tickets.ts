/**
 * Service tickets (服务工单): a complaint or after-sales case opened by a clerk for a
 * customer, assigned (by the store manager), resolved with a note. Handling time is from
 * opening to resolution, in ms. Once resolved, the member may rate it once (1–5).
 */
import type { StaffViewer } from './ownership';

export const TICKET_KINDS = ['complaint', 'afterSales'] as const;
export type TicketKind = (typeof TICKET_KINDS)[number];
export const TICKET_KIND_LABELS: Record<TicketKind, string> = {
  complaint: '投诉',
  afterSales: '售后',
};

export type TicketAccess = {
  storeId: string;
  assigneeId: string | null;
  state: 'open' | 'resolved';
  memberId: string;
  rating: unknown;
};
export type TicketRefusal = 'wrongStore' | 'notYours' | 'notOpen' | 'notResolved' | 'rated';
export type TicketDecision = { ok: true } | { ok: false; reason: TicketRefusal };

const yes: TicketDecision = { ok: true };
const no = (reason: TicketRefusal): TicketDecision => ({ ok: false, reason });

export const handlingMs = (openedAt: number, resolvedAt: number): number =>
  Math.max(0, resolvedAt - openedAt);

/**
 * Handling time as staff read it: 「25 分钟」, 「3.5 小时」 (under two days), 「2 天 4 小时」.
 * @example formatHandling(5.5 * 3_600_000) // '5.5 小时'
 */
export function formatHandling(ms: number): string {
  const minutes = Math.max(0, Math.floor(ms / 60_000));
  if (minutes < 60) return `${minutes} 分钟`;
  const hours = ms / 3_600_000;
  if (hours < 48) return `${Math.floor(hours * 10) / 10} 小时`;
  const whole = Math.floor(hours);
  return `${Math.floor(whole / 24)} 天 ${whole % 24} 小时`;
}

/** Assign: a manager of the ticket's store, while it is open. */
export function mayAssign(viewer: StaffViewer, t: TicketAccess): TicketDecision {
  if (viewer.role !== 'manager' || viewer.storeId !== t.storeId) return no('wrongStore');
  return t.state === 'open' ? yes : no('notOpen');
}

/** Resolve: the assignee, or a manager of the store (also when nobody is assigned yet). */
export function mayResolve(viewer: StaffViewer, t: TicketAccess): TicketDecision {
  if (viewer.storeId !== t.storeId || viewer.role === 'hq') return no('wrongStore');
  if (viewer.role !== 'manager' && t.assigneeId !== viewer.staffId) return no('notYours');
  return t.state === 'open' ? yes : no('notOpen');
}

/** Rate: the ticket's own member, once, after it is resolved. */
export function mayRate(memberId: string, t: TicketAccess): TicketDecision {
  if (t.memberId !== memberId) return no('notYours');
  if (t.state !== 'resolved') return no('notResolved');
  return t.rating ? no('rated') : yes;
}
