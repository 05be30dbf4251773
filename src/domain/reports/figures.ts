/**
 * Report figures from daily rollups (rollup.ts) — the only input; no order or member is
 * read. For a set of rollups (the period's days × the stores in scope):
 *
 * | figure                   | from the rollups                                                       |
 * | ------------------------ | ---------------------------------------------------------------------- |
 * | 订单 / 销售额             | Σ orders, Σ revenueFen (paid less refunded; full refunds excluded)     |
 * | 客单价                   | revenue ÷ orders (fen, rounded)                                        |
 * | 会员订单占比 (capture)    | memberOrders ÷ orders                                                  |
 * | 消费会员 / 复购率          | distinct members in `buyers`; of them, those with 2+ orders in total   |
 * | 人均消费次数 (activity)   | member orders ÷ distinct buyers                                        |
 * | 新会员 / 首单转化          | distinct `joined`; of them, those in `firstOrders` within the period   |
 * | 复购订单 (业绩)           | Σ repeatOrders / repeatFen, per clerk (owner at the time of the order) |
 * | 品类销售                  | Σ categories per area (the store's `area`, else the store itself)      |
 * | 价格带                    | Σ bands                                                                |
 *
 * Chain scope unions the stores, so a member who bought in two stores is one buyer.
 *
 * @example reportFigures([]).repeatRate // null
 */
import type { ClerkTally, DailyRollup } from './rollup';
import { PRICE_BANDS } from './rollup';

export type ReportFigures = {
  orders: number;
  memberOrders: number;
  nonMemberOrders: number;
  revenueFen: number;
  avgOrderFen: number | null;
  captureRate: number | null;
  buyers: number;
  repeatBuyers: number;
  repeatRate: number | null;
  ordersPerBuyer: number | null;
  newMembers: number;
  newMembersOrdered: number;
  firstOrderConversion: number | null;
  repeatOrders: number;
  repeatFen: number;
};

export type RollupFacts = Pick<
  DailyRollup,
  | 'date'
  | 'storeId'
  | 'orders'
  | 'memberOrders'
  | 'nonMemberOrders'
  | 'revenueFen'
  | 'repeatOrders'
  | 'repeatFen'
  | 'buyers'
  | 'firstOrders'
  | 'joined'
  | 'categories'
  | 'bands'
  | 'clerks'
  | 'members'
>;

const ratio = (n: number, d: number) => (d > 0 ? n / d : null);

export function reportFigures(rollups: readonly RollupFacts[]): ReportFigures {
  let orders = 0;
  let memberOrders = 0;
  let nonMemberOrders = 0;
  let revenueFen = 0;
  let repeatOrders = 0;
  let repeatFen = 0;
  const buys = new Map<string, number>();
  const joined = new Set<string>();
  const firstOrders = new Set<string>();
  for (const r of rollups) {
    orders += r.orders;
    memberOrders += r.memberOrders;
    nonMemberOrders += r.nonMemberOrders;
    revenueFen += r.revenueFen;
    repeatOrders += r.repeatOrders;
    repeatFen += r.repeatFen;
    for (const [m, n] of Object.entries(r.buyers ?? {})) buys.set(m, (buys.get(m) ?? 0) + n);
    for (const m of Object.keys(r.joined ?? {})) joined.add(m);
    for (const m of Object.keys(r.firstOrders ?? {})) firstOrders.add(m);
  }
  const counts = [...buys.values()].filter((n) => n > 0);
  const buyers = counts.length;
  const repeatBuyers = counts.filter((n) => n >= 2).length;
  const newMembersOrdered = [...joined].filter((m) => firstOrders.has(m)).length;
  return {
    orders,
    memberOrders,
    nonMemberOrders,
    revenueFen,
    avgOrderFen: orders > 0 ? Math.round(revenueFen / orders) : null,
    captureRate: ratio(memberOrders, orders),
    buyers,
    repeatBuyers,
    repeatRate: ratio(repeatBuyers, buyers),
    ordersPerBuyer: ratio(memberOrders, buyers),
    newMembers: joined.size,
    newMembersOrdered,
    firstOrderConversion: ratio(newMembersOrdered, joined.size),
    repeatOrders,
    repeatFen,
  };
}

export type DayPoint = { date: string; orders: number; revenueFen: number };

/** Orders and revenue per day, every date of the period (0 where no rollup). */
export function dailySeries(rollups: readonly RollupFacts[], dates: readonly string[]): DayPoint[] {
  const by = new Map(dates.map((d) => [d, { date: d, orders: 0, revenueFen: 0 }]));
  for (const r of rollups) {
    const p = by.get(r.date);
    if (!p) continue;
    p.orders += r.orders;
    p.revenueFen += r.revenueFen;
  }
  return [...by.values()];
}

export type AreaCategories = {
  area: string;
  revenueFen: number;
  categories: { category: string; fen: number }[];
};

/** Category sales per area: `areaOf(storeId)` names the store's area (or the store). */
export function categoriesByArea(
  rollups: readonly RollupFacts[],
  areaOf: (storeId: string) => string,
): AreaCategories[] {
  const areas = new Map<string, Map<string, number>>();
  const revenue = new Map<string, number>();
  for (const r of rollups) {
    const area = areaOf(r.storeId);
    const cats = areas.get(area) ?? new Map<string, number>();
    areas.set(area, cats);
    revenue.set(area, (revenue.get(area) ?? 0) + r.revenueFen);
    for (const [c, fen] of Object.entries(r.categories ?? {}))
      cats.set(c, (cats.get(c) ?? 0) + fen);
  }
  return [...areas]
    .map(([area, cats]) => ({
      area,
      revenueFen: revenue.get(area) ?? 0,
      categories: [...cats]
        .filter(([, fen]) => fen !== 0)
        .map(([category, fen]) => ({ category, fen }))
        .sort((a, b) => b.fen - a.fen || a.category.localeCompare(b.category, 'zh')),
    }))
    .sort((a, b) => b.revenueFen - a.revenueFen || a.area.localeCompare(b.area, 'zh'));
}

export type BandRow = { band: string; label: string; orders: number };

export function priceBands(rollups: readonly RollupFacts[]): BandRow[] {
  return PRICE_BANDS.map((b) => ({
    band: b.key,
    label: b.label,
    orders: rollups.reduce((n, r) => n + (r.bands?.[b.key] ?? 0), 0),
  }));
}

export type ClerkRow = ClerkTally & { clerkId: string };

/**
 * The clerk leaderboard: per owner at the time of the order, ranked by 业绩 (the
 * 「客户维系奖励金」 basis: repeat purchases of their customers), then by revenue.
 */
export function clerkLeaderboard(rollups: readonly RollupFacts[]): ClerkRow[] {
  const by = new Map<string, ClerkTally>();
  for (const r of rollups)
    for (const [id, t] of Object.entries(r.clerks ?? {})) {
      const s = by.get(id) ?? { orders: 0, revenueFen: 0, repeatOrders: 0, repeatFen: 0 };
      s.orders += t.orders ?? 0;
      s.revenueFen += t.revenueFen ?? 0;
      s.repeatOrders += t.repeatOrders ?? 0;
      s.repeatFen += t.repeatFen ?? 0;
      by.set(id, s);
    }
  return [...by]
    .map(([clerkId, t]) => ({ clerkId, ...t }))
    .filter((r) => r.orders > 0 || r.repeatOrders > 0)
    .sort(
      (a, b) =>
        b.repeatFen - a.repeatFen ||
        b.revenueFen - a.revenueFen ||
        (a.clerkId < b.clerkId ? -1 : 1),
    );
}
