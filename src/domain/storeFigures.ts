/**
 * The store's figures for a period, per store and per clerk, from what the staff function
 * read (orders of the store in the period, their members, the owner changes since the
 * period began, and per-assignee counts of tasks and tickets). No IO.
 *
 * - **New members**: joined in the period through the store (their checkout code's store),
 *   per the clerk whose code it was.
 * - **Orders that count**: the store's orders in the period, except those refunded in full;
 *   an order's amount is what was paid less what was refunded.
 * - **Owner at the time of the order**: who had the customer when they came in — before the
 *   order's own move (a cross-store or first purchase moves them to the serving clerk). Found
 *   from the member's current owner walking back the owner changes after the order: the
 *   earliest change at or after the order names the owner before it (`previousClerkId`).
 * - **Repeat purchase**: an order of a member who had bought before (their first order, by
 *   `stats.firstOrderAt`, is earlier; or an earlier order of theirs is in the list).
 * - **业绩** (the 「客户维系奖励金」 basis): a clerk's repeat purchases = repeat orders at the
 *   store of customers who were the clerk's at the time; count and amount (fen).
 * - **Repeat-purchase rate**: of the members with an order that counts, those with two or
 *   more in the period (per clerk: orders of their customers at the time).
 * - **Follow-up completion**: tasks due in the period done ÷ due (per assignee).
 * - **Tickets**: open now; of those opened in the period, resolved ones' average handling
 *   time and the average satisfaction score of the rated ones (per assignee).
 *
 * @example computeStoreFigures({ orders: [], members: [], ownerChanges: [], newMembers: [], tasks: [], openTickets: [], periodTickets: [] }).store.repeatRate // null
 */

export type FigureOrder = {
  id: string;
  memberId: string;
  createdAt: number;
  paidFen: number;
  refundedFen: number;
  status: 'completed' | 'partially_refunded' | 'refunded';
  /** the order moved the member (cross-store or first purchase) away from this clerk */
  previousClerkId: string | null;
  moved: boolean;
};

export type FigureMember = { id: string; clerkId: string | null; firstOrderAt: number | null };

/** an ownerHistory row: at `at` the member left `previousClerkId` */
export type OwnerChange = { memberId: string; at: number; previousClerkId: string | null };

export type NewMembersRow = { clerkId: string | null; count: number };
export type TasksRow = { assigneeId: string | null; due: number; done: number };
export type OpenTicketsRow = { assigneeId: string | null; open: number };
export type PeriodTicketsRow = {
  assigneeId: string | null;
  resolved: number;
  handlingMs: number;
  rated: number;
  ratingSum: number;
};

export type Figures = {
  newMembers: number;
  buyers: number;
  repeatBuyers: number;
  /** repeatBuyers ÷ buyers, null when nobody bought */
  repeatRate: number | null;
  tasksDue: number;
  tasksDone: number;
  /** tasksDone ÷ tasksDue, null when none was due */
  completionRate: number | null;
  openTickets: number;
  resolvedTickets: number;
  avgHandlingMs: number | null;
  ratedTickets: number;
  /** 1–5, null when none was rated */
  avgRating: number | null;
  /** 业绩: repeat purchases by own customers */
  repeatOrders: number;
  repeatFen: number;
};

export type FiguresInput = {
  orders: readonly FigureOrder[];
  members: readonly FigureMember[];
  ownerChanges: readonly OwnerChange[];
  newMembers: readonly NewMembersRow[];
  tasks: readonly TasksRow[];
  openTickets: readonly OpenTicketsRow[];
  periodTickets: readonly PeriodTicketsRow[];
};

type Tally = {
  newMembers: number;
  buys: Map<string, number>;
  tasksDue: number;
  tasksDone: number;
  openTickets: number;
  resolvedTickets: number;
  handlingMs: number;
  ratedTickets: number;
  ratingSum: number;
  repeatOrders: number;
  repeatFen: number;
};

const emptyTally = (): Tally => ({
  newMembers: 0,
  buys: new Map(),
  tasksDue: 0,
  tasksDone: 0,
  openTickets: 0,
  resolvedTickets: 0,
  handlingMs: 0,
  ratedTickets: 0,
  ratingSum: 0,
  repeatOrders: 0,
  repeatFen: 0,
});

const ratio = (n: number, d: number) => (d > 0 ? n / d : null);

function figuresOf(t: Tally): Figures {
  const buyers = t.buys.size;
  const repeatBuyers = [...t.buys.values()].filter((n) => n >= 2).length;
  return {
    newMembers: t.newMembers,
    buyers,
    repeatBuyers,
    repeatRate: ratio(repeatBuyers, buyers),
    tasksDue: t.tasksDue,
    tasksDone: t.tasksDone,
    completionRate: ratio(t.tasksDone, t.tasksDue),
    openTickets: t.openTickets,
    resolvedTickets: t.resolvedTickets,
    avgHandlingMs: t.resolvedTickets > 0 ? Math.round(t.handlingMs / t.resolvedTickets) : null,
    ratedTickets: t.ratedTickets,
    avgRating: ratio(t.ratingSum, t.ratedTickets),
    repeatOrders: t.repeatOrders,
    repeatFen: t.repeatFen,
  };
}

/** Who had the member just before `at`: the earliest change at or after it, else now's owner. */
export function ownerBefore(
  at: number,
  current: string | null,
  changesAsc: readonly OwnerChange[],
): string | null {
  const next = changesAsc.find((c) => c.at >= at);
  return next ? next.previousClerkId : current;
}

export function computeStoreFigures(input: FiguresInput): {
  store: Figures;
  byClerk: Map<string, Figures>;
} {
  const store = emptyTally();
  const clerks = new Map<string, Tally>();
  const of = (id: string | null) => {
    if (id === null) return null;
    let t = clerks.get(id);
    if (!t) clerks.set(id, (t = emptyTally()));
    return t;
  };
  const both = (id: string | null, f: (t: Tally) => void) => {
    f(store);
    const t = of(id);
    if (t) f(t);
  };

  for (const r of input.newMembers) both(r.clerkId, (t) => (t.newMembers += r.count));
  for (const r of input.tasks)
    both(r.assigneeId, (t) => {
      t.tasksDue += r.due;
      t.tasksDone += r.done;
    });
  for (const r of input.openTickets) both(r.assigneeId, (t) => (t.openTickets += r.open));
  for (const r of input.periodTickets)
    both(r.assigneeId, (t) => {
      t.resolvedTickets += r.resolved;
      t.handlingMs += r.handlingMs;
      t.ratedTickets += r.rated;
      t.ratingSum += r.ratingSum;
    });

  const members = new Map(input.members.map((m) => [m.id, m]));
  const changes = new Map<string, OwnerChange[]>();
  for (const c of input.ownerChanges) {
    const list = changes.get(c.memberId) ?? [];
    list.push(c);
    changes.set(c.memberId, list);
  }
  for (const list of changes.values()) list.sort((a, b) => a.at - b.at);

  const orders = [...input.orders].sort(
    (a, b) => a.createdAt - b.createdAt || (a.id < b.id ? -1 : 1),
  );
  const seen = new Set<string>();
  for (const o of orders) {
    const m = members.get(o.memberId);
    const repeat =
      seen.has(o.memberId) || (m?.firstOrderAt != null && o.createdAt > m.firstOrderAt);
    seen.add(o.memberId);
    if (o.status === 'refunded') continue;
    const owner = o.moved
      ? o.previousClerkId
      : ownerBefore(o.createdAt, m?.clerkId ?? null, changes.get(o.memberId) ?? []);
    const amount = o.paidFen - o.refundedFen;
    both(owner, (t) => {
      t.buys.set(o.memberId, (t.buys.get(o.memberId) ?? 0) + 1);
      if (repeat) {
        t.repeatOrders += 1;
        t.repeatFen += amount;
      }
    });
  }
  return {
    store: figuresOf(store),
    byClerk: new Map([...clerks].map(([id, t]) => [id, figuresOf(t)])),
  };
}
