/**
 * A customer's timeline (staff.getCustomer): purchases in any store, coupons issued and used,
 * points changes, messages sent (subscribe messages, card notices), follow-up tasks and
 * service tickets, as one list, newest
 * first, paged by (at, id). Each source is read newest first up to the page size after the
 * cursor; merging them and taking a page is exact, because any entry of the page is among
 * the first `limit` of its own source.
 */
import { formatFen } from '../money';
import { OUTCOME_LABELS, type TaskOutcomeValue } from '../tasks/claim';

export type TimelineKind =
  | 'purchase'
  | 'couponIssued'
  | 'couponUsed'
  | 'points'
  | 'message'
  | 'notice'
  | 'task'
  | 'ticket';

export type TimelineEntry = {
  /** `<kind>:<document id>`, unique across the timeline */
  id: string;
  at: number;
  kind: TimelineKind;
  title: string;
  detail: string | null;
};

export type TimelineCursor = { at: number; id: string };

/** Newest first; ties by id, descending. */
export function compareEntries(a: TimelineCursor, b: TimelineCursor): number {
  return b.at - a.at || (a.id < b.id ? 1 : a.id > b.id ? -1 : 0);
}

/** Is the entry after the cursor (older, or as old with a smaller id)? */
export const isAfter = (e: TimelineCursor, cursor: TimelineCursor | null): boolean =>
  !cursor || compareEntries(cursor, e) < 0;

/**
 * One page of the merged sources and the cursor of the next (null at the end). Each source
 * must hold at least its first `limit + 1` entries after the cursor (or all it has).
 */
export function mergeTimeline(
  sources: readonly (readonly TimelineEntry[])[],
  cursor: TimelineCursor | null,
  limit: number,
): { entries: TimelineEntry[]; next: TimelineCursor | null } {
  const all = sources
    .flat()
    .filter((e) => isAfter(e, cursor))
    .sort(compareEntries);
  const entries = all.slice(0, limit);
  const last = entries.at(-1);
  return { entries, next: all.length > limit && last ? { at: last.at, id: last.id } : null };
}

// ---- the sources, as the function reads them ----

export type OrderFact = {
  _id: string;
  storeId: string;
  paidFen: number;
  discountFen: number;
  status: 'completed' | 'partially_refunded' | 'refunded';
  refundedFen: number;
  pointsEarned: number;
  createdAt: number;
};
export type CouponFact = {
  _id: string;
  title: string;
  issuedAt: number;
  usedAt: number | null;
  status: 'unused' | 'used' | 'expired';
};
export type LedgerFact = { _id: string; delta: number; at: number; title?: string; kind: string };
export type MessageFact = {
  _id: string;
  purpose: string;
  state: string;
  createdAt: number;
  sentAt: number | null;
};
/** an in-app notice on the card (the member keeps the last 20) */
export type NoticeFact = { id: string; kind: string; title?: string; at: number };
export type TaskFact = {
  _id: string;
  title: string;
  dueAt: number;
  state: string;
  createdAt: number;
  outcome?: { result: string; note: string | null } | null;
};
export type TicketFact = {
  _id: string;
  kind: string;
  title: string;
  state: string;
  openedAt: number;
  handlingMs: number | null;
  rating: { score: number; comment: string | null } | null;
};

const PURPOSE_NAMES: Record<string, string> = {
  birthday: '生日祝福',
  couponExpiring: '优惠券到期提醒',
  pointsChanged: '积分变动提醒',
  levelChanged: '等级变动通知',
  offer: '关怀与优惠',
};
const MESSAGE_STATES: Record<string, string> = {
  sent: '已送达',
  pending: '待发送',
  sending: '发送中',
  failed: '发送失败',
  skipped: '未发送',
};
const ORDER_STATUS: Record<OrderFact['status'], string> = {
  completed: '',
  partially_refunded: '部分退款',
  refunded: '已退款',
};

export const orderEntry = (o: OrderFact, storeName: string): TimelineEntry => ({
  id: `purchase:${o._id}`,
  at: o.createdAt,
  kind: 'purchase',
  title: `${storeName}消费 ${formatFen(o.paidFen)}`,
  detail:
    [
      o.discountFen ? `优惠 ${formatFen(o.discountFen)}` : '',
      o.pointsEarned ? `得 ${o.pointsEarned} 积分` : '',
      o.status !== 'completed' ? `${ORDER_STATUS[o.status]} ${formatFen(o.refundedFen)}` : '',
    ]
      .filter(Boolean)
      .join('，') || null,
});

/** A coupon is two moments: issued, and (if so) used. */
export const couponEntries = (c: CouponFact): TimelineEntry[] => [
  {
    id: `couponIssued:${c._id}`,
    at: c.issuedAt,
    kind: 'couponIssued',
    title: `获得优惠券「${c.title}」`,
    detail: c.status === 'expired' ? '已过期' : null,
  },
  ...(c.usedAt !== null
    ? [
        {
          id: `couponUsed:${c._id}`,
          at: c.usedAt,
          kind: 'couponUsed' as const,
          title: `使用优惠券「${c.title}」`,
          detail: null,
        },
      ]
    : []),
];

export const ledgerEntry = (l: LedgerFact): TimelineEntry => ({
  id: `points:${l._id}`,
  at: l.at,
  kind: 'points',
  title: `积分 ${l.delta > 0 ? '+' : ''}${l.delta}`,
  detail: l.title ?? null,
});

export const messageEntry = (m: MessageFact): TimelineEntry => ({
  id: `message:${m._id}`,
  at: m.createdAt,
  kind: 'message',
  title: `消息：${PURPOSE_NAMES[m.purpose] ?? m.purpose}`,
  detail: MESSAGE_STATES[m.state] ?? null,
});

/** Its title only: a notice's text addresses the member by name. */
export const noticeEntry = (n: NoticeFact): TimelineEntry => ({
  id: `notice:${n.id}`,
  at: n.at,
  kind: 'notice',
  title: `卡内通知：${n.title ?? (n.kind === 'levelChanged' ? '会员等级变更' : '通知')}`,
  detail: null,
});

export const taskEntry = (t: TaskFact): TimelineEntry => ({
  id: `task:${t._id}`,
  at: t.createdAt,
  kind: 'task',
  title: `回访任务：${t.title}`,
  detail: t.outcome
    ? [OUTCOME_LABELS[t.outcome.result as TaskOutcomeValue] ?? t.outcome.result, t.outcome.note]
        .filter(Boolean)
        .join('，')
    : t.state === 'pooled'
      ? '已进入公海池'
      : t.state === 'open'
        ? '待跟进'
        : null,
});

const hours = (ms: number) => `${Math.max(1, Math.round(ms / 3_600_000))} 小时`;

export const ticketEntry = (t: TicketFact): TimelineEntry => ({
  id: `ticket:${t._id}`,
  at: t.openedAt,
  kind: 'ticket',
  title: `${t.kind === 'complaint' ? '投诉' : '售后'}工单：${t.title}`,
  detail:
    t.state === 'resolved'
      ? [
          `已解决${t.handlingMs !== null ? `（用时 ${hours(t.handlingMs)}）` : ''}`,
          t.rating
            ? `满意度 ${t.rating.score} 星${t.rating.comment ? `「${t.rating.comment}」` : ''}`
            : '',
        ]
          .filter(Boolean)
          .join('，')
      : '处理中',
});
