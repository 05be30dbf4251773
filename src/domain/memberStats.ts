/**
 * Per-member purchase statistics, updated on every order and refund so that tags and
 * levels never need a rescan of the orders collection.
 *
 * Two equivalent forms:
 * - `applyOrderToStats` / `applyRefundToStats`: pure old stats → new stats (for a
 *   transaction that reads the member, or for tests and backfills);
 * - `orderStatsDelta` / `refundStatsDelta`: the same change as atomic update operators
 *   (`_.inc`, `_.min`, `_.max`, `_.addToSet`, `_.push`, `_.pull`) so a function can update
 *   `stats.*` without read-modify-write. The apply functions are built on the deltas, so
 *   both forms agree.
 * Idempotency is the caller's: apply an order once, guarded by its unique receipt key.
 *
 * Amounts: `totalSpendFen` and `spendByMonth` are what was PAID (after coupons), net of
 * refunds; `categorySpendFen` sums line amounts (before coupons). A refund that cancels
 * the order also removes it from `orderCount`, `couponOrders` and `recentOrderAts`;
 * `firstOrderAt`/`lastOrderAt` record visits and are left as they were.
 */
import { shanghaiMonth, shanghaiTime } from './calendar';
import { KEEP_MONTHS, type SpendByMonth, addSpend, pruneSpendByMonth } from './spendByMonth';

export const RECENT_ORDERS_KEPT = 50;

export type MemberStats = {
  /** orders not cancelled by a full refund */
  orderCount: number;
  /** paid, net of refunds */
  totalSpendFen: number;
  /** paid per Shanghai month, net of refunds; last 13 months */
  spendByMonth: SpendByMonth;
  firstOrderAt: number | null;
  lastOrderAt: number | null;
  /** line amounts per category key (see `statsKey`) */
  categorySpendFen: Record<string, number>;
  /** orders that used a coupon */
  couponOrders: number;
  /** store ids in first-visit order */
  storesVisited: string[];
  /** times of the latest orders, ascending, at most 50: counts for "3 in 30 days" tags */
  recentOrderAts: number[];
  refundedFen: number;
};

export type OrderLine = { category: string; amountFen: number };
export type StatsOrder = {
  paidFen: number;
  createdAt: number;
  storeId: string;
  usedCoupon: boolean;
  lines: OrderLine[];
};
export type StatsRefund = {
  refundFen: number;
  /** when the refund happens */
  at: number;
  orderCreatedAt: number;
  orderUsedCoupon: boolean;
  /** the refunded lines (all lines of the order for a full refund) */
  lines: OrderLine[];
  /** true when this refund cancels the whole order */
  cancelsOrder: boolean;
};

/** Update operators, paths relative to the stats object (prefix them, e.g. 'stats.'). */
export type StatsDelta = {
  inc: Record<string, number>;
  min: { firstOrderAt?: number };
  max: { lastOrderAt?: number };
  addToSet: Partial<Record<'storesVisited', string>>;
  push: Partial<Record<'recentOrderAts', { each: number[]; sort: 1; slice: number }>>;
  pull: Partial<Record<'recentOrderAts', number>>;
};

/** @example emptyStats().orderCount // 0 */
export function emptyStats(): MemberStats {
  return {
    orderCount: 0,
    totalSpendFen: 0,
    spendByMonth: {},
    firstOrderAt: null,
    lastOrderAt: null,
    categorySpendFen: {},
    couponOrders: 0,
    storesVisited: [],
    recentOrderAts: [],
    refundedFen: 0,
  };
}

/**
 * A category name usable as a document field key ('.' and '$' are not); empty → '未分类'.
 * @example statsKey('个护.洗发') // '个护_洗发'
 */
export function statsKey(category: string): string {
  const key = category.trim().replace(/[.$]/g, '_');
  return key || '未分类';
}

const sumByCategory = (lines: OrderLine[], sign: 1 | -1, inc: Record<string, number>) => {
  for (const line of lines) {
    const path = `categorySpendFen.${statsKey(line.category)}`;
    inc[path] = (inc[path] ?? 0) + sign * line.amountFen;
  }
};

/**
 * The stats change of one order, as atomic update operators.
 * @example orderStatsDelta(order).inc // { orderCount: 1, totalSpendFen: 8600, 'spendByMonth.2026-11': 8600, … }
 */
export function orderStatsDelta(order: StatsOrder): StatsDelta {
  const inc: Record<string, number> = {
    orderCount: 1,
    totalSpendFen: order.paidFen,
    [`spendByMonth.${shanghaiMonth(order.createdAt)}`]: order.paidFen,
    couponOrders: order.usedCoupon ? 1 : 0,
  };
  sumByCategory(order.lines, 1, inc);
  return {
    inc,
    min: { firstOrderAt: order.createdAt },
    max: { lastOrderAt: order.createdAt },
    addToSet: { storesVisited: order.storeId },
    push: { recentOrderAts: { each: [order.createdAt], sort: 1, slice: -RECENT_ORDERS_KEPT } },
    pull: {},
  };
}

/**
 * The stats change of one refund, as atomic update operators. The month bucket is left
 * alone when the order is older than the buckets kept (it no longer counts anyway).
 * @example refundStatsDelta(refund).inc // { totalSpendFen: -3000, refundedFen: 3000, … }
 */
export function refundStatsDelta(refund: StatsRefund): StatsDelta {
  const inc: Record<string, number> = {
    totalSpendFen: -refund.refundFen,
    refundedFen: refund.refundFen,
  };
  const month = shanghaiMonth(refund.orderCreatedAt);
  if (Object.keys(pruneSpendByMonth({ [month]: 1 }, refund.at, KEEP_MONTHS)).length) {
    inc[`spendByMonth.${month}`] = -refund.refundFen;
  }
  if (refund.cancelsOrder) {
    inc.orderCount = -1;
    if (refund.orderUsedCoupon) inc.couponOrders = -1;
  }
  sumByCategory(refund.lines, -1, inc);
  return {
    inc,
    min: {},
    max: {},
    addToSet: {},
    push: {},
    pull: refund.cancelsOrder ? { recentOrderAts: refund.orderCreatedAt } : {},
  };
}

/**
 * Apply update operators to stats in memory (what the database does with the delta),
 * clamping counters at 0 and pruning month buckets to 13 months.
 * @example applyStatsDelta(emptyStats(), orderStatsDelta(order)).orderCount // 1
 */
export function applyStatsDelta(stats: MemberStats, delta: StatsDelta): MemberStats {
  const next: MemberStats = {
    ...stats,
    spendByMonth: { ...stats.spendByMonth },
    categorySpendFen: { ...stats.categorySpendFen },
    storesVisited: [...stats.storesVisited],
    recentOrderAts: [...stats.recentOrderAts],
  };
  for (const [path, amount] of Object.entries(delta.inc)) {
    const [head, key] = splitPath(path);
    if (head === 'spendByMonth') {
      next.spendByMonth = addSpend(next.spendByMonth, timeInMonth(key), amount);
    } else if (head === 'categorySpendFen') {
      const value = Math.max(0, (next.categorySpendFen[key] ?? 0) + amount);
      if (value) next.categorySpendFen[key] = value;
      else delete next.categorySpendFen[key];
    } else if (isCounter(head)) {
      next[head] = Math.max(0, next[head] + amount);
    }
  }
  if (delta.min.firstOrderAt !== undefined) {
    next.firstOrderAt = Math.min(next.firstOrderAt ?? Infinity, delta.min.firstOrderAt);
  }
  if (delta.max.lastOrderAt !== undefined) {
    next.lastOrderAt = Math.max(next.lastOrderAt ?? -Infinity, delta.max.lastOrderAt);
  }
  const store = delta.addToSet.storesVisited;
  if (store !== undefined && !next.storesVisited.includes(store)) next.storesVisited.push(store);
  const push = delta.push.recentOrderAts;
  if (push) {
    next.recentOrderAts = [...next.recentOrderAts, ...push.each]
      .sort((a, b) => a - b)
      .slice(push.slice);
  }
  const pull = delta.pull.recentOrderAts;
  if (pull !== undefined) next.recentOrderAts = next.recentOrderAts.filter((t) => t !== pull);
  return next;
}

type Counter = 'orderCount' | 'totalSpendFen' | 'couponOrders' | 'refundedFen';
const isCounter = (k: string): k is Counter =>
  k === 'orderCount' || k === 'totalSpendFen' || k === 'couponOrders' || k === 'refundedFen';
const splitPath = (path: string): [string, string] => {
  const dot = path.indexOf('.');
  return dot < 0 ? [path, ''] : [path.slice(0, dot), path.slice(dot + 1)];
};
/** A timestamp inside a 'YYYY-MM' Shanghai month (the 15th, noon in Shanghai). */
const timeInMonth = (month: string): number => {
  const [y, m] = month.split('-').map(Number);
  return shanghaiTime(y, m, 15, 12);
};

/**
 * New stats after an order. Does not mutate `stats`.
 * @example applyOrderToStats(emptyStats(), { paidFen: 8600, createdAt, storeId: 'S001', usedCoupon: false, lines }).totalSpendFen // 8600
 */
export function applyOrderToStats(stats: MemberStats, order: StatsOrder): MemberStats {
  return applyStatsDelta(stats, orderStatsDelta(order));
}

/**
 * New stats after a refund (see the module comment for what a cancelling refund undoes).
 * @example applyRefundToStats(stats, { refundFen: 3000, at, orderCreatedAt, orderUsedCoupon: false, lines, cancelsOrder: false })
 */
export function applyRefundToStats(stats: MemberStats, refund: StatsRefund): MemberStats {
  return applyStatsDelta(stats, refundStatsDelta(refund));
}

/**
 * Orders placed at or after `since`, from `recentOrderAts` (exact up to 50 orders back).
 * @example ordersSince(stats, addShanghaiDays(now, -30)) >= 3 // 高频
 */
export function ordersSince(stats: MemberStats, since: number): number {
  return stats.recentOrderAts.filter((t) => t >= since).length;
}
