/**
 * Daily rollups: one document per (Shanghai day, store) holding counts and sums, so a report
 * over a period reads days × stores documents and never an order or a member.
 *
 * The model: every order (and every refund) is one **delta** — a set of increments on dot
 * paths of the rollup (`orders`, `revenueFen`, `buyers.<memberId>`, `clerks.<id>.repeatFen`,
 * …). The order path applies the delta as atomic `_.inc` operators; the nightly pass folds
 * the same deltas over the day's orders (`applyRollupDelta`) and replaces the document.
 * Both forms come from `orderRollupDelta` / `refundRollupDelta`, so they cannot disagree.
 *
 * Per-member maps (`buyers`, `firstOrders`, `joined`) keep the member ids of the day, so a
 * period's DISTINCT buyers, repeat buyers (two or more orders in the period, the figures
 * page's rule) and new-member conversion are exact unions over the period's documents, not
 * sums of daily counts that would count a member once per day.
 *
 * Rules shared with 门店数据 (domain/storeFigures.ts): an order counts unless refunded in
 * full, its amount is paid less refunded; a repeat purchase is one by a member who had
 * bought before (`isRepeatPurchase`); 业绩 credits the owner at the time of the order.
 *
 * @example orderRollupDelta({ memberId: 'm1', paidFen: 8600, lines: [{ category: '个人护理', amountFen: 8600 }], repeat: false, firstOrder: true, creditClerkId: null }).inc
 * // { orders: 1, memberOrders: 1, revenueFen: 8600, 'buyers.m1': 1, 'firstOrders.m1': 1, 'categories.个人护理': 8600, 'bands.b50': 1 }
 */
import { statsKey } from '../memberStats';
import type { MemberSnapshot } from './members';

/** Price bands of an order's paid amount (fen, lower bound included). */
export const PRICE_BANDS = [
  { key: 'b0', label: '¥50 以下', minFen: 0 },
  { key: 'b50', label: '¥50–100', minFen: 5_000 },
  { key: 'b100', label: '¥100–200', minFen: 10_000 },
  { key: 'b200', label: '¥200–500', minFen: 20_000 },
  { key: 'b500', label: '¥500 以上', minFen: 50_000 },
] as const;
export type PriceBandKey = (typeof PRICE_BANDS)[number]['key'];

/** @example priceBand(9_999) // 'b50' */
export function priceBand(paidFen: number): PriceBandKey {
  let key: PriceBandKey = 'b0';
  for (const b of PRICE_BANDS) if (paidFen >= b.minFen) key = b.key;
  return key;
}

export type ClerkTally = {
  orders: number;
  revenueFen: number;
  /** 业绩: repeat purchases of the clerk's customers at the store */
  repeatOrders: number;
  repeatFen: number;
};

export type DailyRollup = {
  _id: string;
  /** Shanghai date yyyy-mm-dd */
  date: string;
  storeId: string;
  /** orders that count (not refunded in full) */
  orders: number;
  memberOrders: number;
  /** orders without a member (a till system's; signup capture rate) */
  nonMemberOrders: number;
  /** paid less refunded */
  revenueFen: number;
  repeatOrders: number;
  repeatFen: number;
  /** memberId → orders that count that day */
  buyers: Record<string, number>;
  /** memberId → 1: the member's first purchase ever was that day */
  firstOrders: Record<string, number>;
  /** memberId → 1: joined that day through the store's checkout codes */
  joined: Record<string, number>;
  /** category key → line amounts (fen, before coupons, less refunded lines) */
  categories: Record<string, number>;
  /** price band → orders that count */
  bands: Record<string, number>;
  /** owner at the time of the order → tallies */
  clerks: Record<string, ClerkTally>;
  /** orders and refunds already counted (the order path's idempotency guard) */
  orderIds: string[];
  refundIds: string[];
  /** recomputed by the nightly pass: the order path no longer writes it */
  closed: boolean;
  /** the store's member snapshot, written by the nightly pass on the day it closes (members.ts) */
  members?: MemberSnapshot | null;
  updatedAt: number;
};

/** What the rollup needs to know of an order, decided when it was recorded. */
export type RollupOrder = {
  memberId: string | null;
  paidFen: number;
  lines: readonly { category: string; amountFen: number }[];
  /** the member had bought before (isRepeatPurchase) */
  repeat: boolean;
  /** the member's first purchase ever */
  firstOrder: boolean;
  /** who had the customer when the order came in (业绩 credit) */
  creditClerkId: string | null;
};

export type RollupRefund = {
  refundFen: number;
  lines: readonly { category: string; amountFen: number }[];
  cancelsOrder: boolean;
};

export type RollupDelta = { inc: Record<string, number> };

/** The rollup document id of a store's day. @example rollupId('2026-12-01', 'S001') // '2026-12-01:S001' */
export const rollupId = (date: string, storeId: string) => `${date}:${storeId}`;

/**
 * A repeat purchase: the member had bought before this order (their first order is
 * earlier). The one rule of 门店数据 and the reports.
 * @example isRepeatPurchase(null, 1000) // false
 */
export function isRepeatPurchase(firstOrderAt: number | null | undefined, at: number): boolean {
  return firstOrderAt != null && firstOrderAt < at;
}

const mapKey = (id: string) => id.replace(/[.$]/g, '_');

function add(inc: Record<string, number>, path: string, n: number) {
  if (n === 0) return;
  inc[path] = (inc[path] ?? 0) + n;
}

/** The increments one order makes to its day's rollup. */
export function orderRollupDelta(o: RollupOrder, sign: 1 | -1 = 1): RollupDelta {
  const inc: Record<string, number> = {};
  add(inc, 'orders', sign);
  add(inc, o.memberId ? 'memberOrders' : 'nonMemberOrders', sign);
  add(inc, 'revenueFen', sign * o.paidFen);
  if (o.memberId) {
    add(inc, `buyers.${mapKey(o.memberId)}`, sign);
    if (o.firstOrder && sign === 1) add(inc, `firstOrders.${mapKey(o.memberId)}`, 1);
  }
  if (o.repeat) {
    add(inc, 'repeatOrders', sign);
    add(inc, 'repeatFen', sign * o.paidFen);
  }
  for (const l of o.lines) add(inc, `categories.${statsKey(l.category)}`, sign * l.amountFen);
  add(inc, `bands.${priceBand(o.paidFen)}`, sign);
  if (o.creditClerkId) {
    const c = `clerks.${mapKey(o.creditClerkId)}`;
    add(inc, `${c}.orders`, sign);
    add(inc, `${c}.revenueFen`, sign * o.paidFen);
    if (o.repeat) {
      add(inc, `${c}.repeatOrders`, sign);
      add(inc, `${c}.repeatFen`, sign * o.paidFen);
    }
  }
  return { inc };
}

/**
 * The increments a refund makes to the rollup of its ORDER's day (an order's amount is paid
 * less refunded; an order refunded in full no longer counts — but its visit stays, so
 * `firstOrders` is kept, as refunds keep `stats.firstOrderAt`).
 */
export function refundRollupDelta(o: RollupOrder, r: RollupRefund): RollupDelta {
  const inc: Record<string, number> = {};
  add(inc, 'revenueFen', -r.refundFen);
  for (const l of r.lines) add(inc, `categories.${statsKey(l.category)}`, -l.amountFen);
  const c = o.creditClerkId ? `clerks.${mapKey(o.creditClerkId)}` : null;
  if (c) add(inc, `${c}.revenueFen`, -r.refundFen);
  if (o.repeat) {
    add(inc, 'repeatFen', -r.refundFen);
    if (c) add(inc, `${c}.repeatFen`, -r.refundFen);
  }
  if (r.cancelsOrder) {
    add(inc, 'orders', -1);
    add(inc, o.memberId ? 'memberOrders' : 'nonMemberOrders', -1);
    if (o.memberId) add(inc, `buyers.${mapKey(o.memberId)}`, -1);
    if (o.repeat) add(inc, 'repeatOrders', -1);
    add(inc, `bands.${priceBand(o.paidFen)}`, -1);
    if (c) {
      add(inc, `${c}.orders`, -1);
      if (o.repeat) add(inc, `${c}.repeatOrders`, -1);
    }
  }
  return { inc };
}

/** The increment that records a new member on the day they joined. */
export const joinedRollupDelta = (memberId: string): RollupDelta => ({
  inc: { [`joined.${mapKey(memberId)}`]: 1 },
});

/** An empty rollup of a store's day. */
export function emptyRollup(date: string, storeId: string, now: number): DailyRollup {
  return {
    _id: rollupId(date, storeId),
    date,
    storeId,
    orders: 0,
    memberOrders: 0,
    nonMemberOrders: 0,
    revenueFen: 0,
    repeatOrders: 0,
    repeatFen: 0,
    buyers: {},
    firstOrders: {},
    joined: {},
    categories: {},
    bands: {},
    clerks: {},
    orderIds: [],
    refundIds: [],
    closed: false,
    updatedAt: now,
  };
}

/**
 * The delta applied to a rollup, purely (what `_.inc` on the same paths does). Does not
 * mutate its input.
 * @example applyRollupDelta(emptyRollup('2026-12-01', 'S1', 0), { inc: { orders: 1 } }).orders // 1
 */
export function applyRollupDelta(r: DailyRollup, d: RollupDelta): DailyRollup {
  const next = structuredClone(r) as unknown as Record<string, unknown>;
  for (const [path, n] of Object.entries(d.inc)) {
    const parts = path.split('.');
    let at = next;
    for (const p of parts.slice(0, -1)) {
      if (typeof at[p] !== 'object' || at[p] === null) at[p] = {};
      at = at[p] as Record<string, unknown>;
    }
    const last = parts[parts.length - 1];
    at[last] = ((at[last] as number | undefined) ?? 0) + n;
  }
  return next as unknown as DailyRollup;
}

/** The report facts stored on an order when it is recorded (`orders.report`). */
export type OrderReportFacts = Pick<RollupOrder, 'repeat' | 'firstOrder' | 'creditClerkId'>;

/**
 * Decided from the member as the order found them: their first order before this one and
 * who had them (the owner at the time of the order).
 * @example orderReportFacts(null, 1000, 'C1') // { repeat: false, firstOrder: true, creditClerkId: 'C1' }
 */
export function orderReportFacts(
  firstOrderAtBefore: number | null | undefined,
  createdAt: number,
  creditClerkId: string | null,
): OrderReportFacts {
  return {
    repeat: isRepeatPurchase(firstOrderAtBefore, createdAt),
    firstOrder: firstOrderAtBefore == null,
    creditClerkId,
  };
}

export type RecordedOrder = RollupOrder & {
  id: string;
  refunds: readonly (RollupRefund & { id: string })[];
};

/**
 * A store's day recomputed from its orders (with their refunds) and the members who joined
 * that day — what the nightly pass writes; the same deltas the order path increments.
 */
export function rebuildRollup(
  date: string,
  storeId: string,
  orders: readonly RecordedOrder[],
  joinedMemberIds: readonly string[],
  now: number,
): DailyRollup {
  let r = emptyRollup(date, storeId, now);
  for (const o of orders) {
    r = applyRollupDelta(r, orderRollupDelta(o));
    r.orderIds.push(o.id);
    for (const f of o.refunds) {
      r = applyRollupDelta(r, refundRollupDelta(o, f));
      r.refundIds.push(f.id);
    }
  }
  for (const m of joinedMemberIds) r = applyRollupDelta(r, joinedRollupDelta(m));
  return r;
}
