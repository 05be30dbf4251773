/**
 * The member's last few purchases, kept ON the member document (`members.recentPurchases`)
 * so the card reads them with the member instead of querying orders. Written by the writes
 * that change them, in the same atomic update: a recorded order pushes its entry (newest
 * first, at most RECENT_PURCHASES_KEPT, with `_.push({each, sort, slice})`, guarded like the
 * points credit so it lands once), a refund rewrites the entry's status and refunded amount
 * inside its transaction. Store names are not copied: the card joins the current names.
 *
 * Members from before this field (or whose list lost an entry to a race with a backfill)
 * are detected by `recentPurchasesIncomplete` and rebuilt from the orders (`mergeRecent`),
 * by a write conditional on the member's `updatedAt` as read (every writer of the list
 * moves it), so a backfill never overwrites a newer purchase or refund.
 */
export const RECENT_PURCHASES_KEPT = 5;

export type PurchaseStatus = 'completed' | 'partially_refunded' | 'refunded';

/** A purchase as the member document keeps it: the card's `PurchaseView` without the store name. */
export type RecentPurchase = {
  id: string;
  storeId: string;
  receiptNo: string;
  lines: { category: string; name: string | null; amountFen: number; quantity: number }[];
  amountFen: number;
  discountFen: number;
  paidFen: number;
  pointsEarned: number;
  status: PurchaseStatus;
  refundedFen: number;
  createdAt: number;
};

type OrderLike = {
  _id: string;
  storeId: string;
  receiptNo: string;
  lines: { category: string; name?: string | null; amountFen: number; quantity?: number }[];
  amountFen: number;
  discountFen?: number;
  paidFen: number;
  pointsEarned: number;
  status?: PurchaseStatus;
  refundedFen?: number;
  createdAt: number;
};

/**
 * The entry of an order (imported orders may lack discount, status, quantities).
 * @example recentPurchaseOf(order).status // 'completed'
 */
export function recentPurchaseOf(o: OrderLike): RecentPurchase {
  return {
    id: o._id,
    storeId: o.storeId,
    receiptNo: o.receiptNo,
    lines: o.lines.map((l) => ({
      category: l.category,
      name: l.name ?? null,
      amountFen: l.amountFen,
      quantity: l.quantity ?? 1,
    })),
    amountFen: o.amountFen,
    discountFen: o.discountFen ?? 0,
    paidFen: o.paidFen,
    pointsEarned: o.pointsEarned,
    status: o.status ?? 'completed',
    refundedFen: o.refundedFen ?? 0,
    createdAt: o.createdAt,
  };
}

/**
 * The list after a refund of `orderId`, or null when the order is not in it (nothing to
 * write).
 * @example withRefund(list, 'S001.R1', { status: 'refunded', refundedFen: 8600 })?.[0].status // 'refunded'
 */
export function withRefund(
  list: readonly RecentPurchase[] | undefined,
  orderId: string,
  refund: { status: PurchaseStatus; refundedFen: number },
): RecentPurchase[] | null {
  if (!list?.some((p) => p.id === orderId)) return null;
  return list.map((p) => (p.id === orderId ? { ...p, ...refund } : p));
}

/**
 * Does the member's list lack purchases it should hold? Missing (a member from before the
 * field), or shorter than the member's orders allow (`stats.orderCount`).
 * @example recentPurchasesIncomplete({ recentPurchases: [], stats: { orderCount: 2 } }) // true
 */
export function recentPurchasesIncomplete(m: {
  recentPurchases?: readonly RecentPurchase[] | null;
  stats?: { orderCount?: number } | null;
}): boolean {
  if (!m.recentPurchases) return true;
  const due = Math.min(RECENT_PURCHASES_KEPT, m.stats?.orderCount ?? 0);
  return m.recentPurchases.length < due;
}

/**
 * The list rebuilt from the newest orders as read, keeping entries already on the member
 * that the read did not return (by id); newest first, at most RECENT_PURCHASES_KEPT.
 * @example mergeRecent([], [recentPurchaseOf(o2), recentPurchaseOf(o1)]).map((p) => p.id) // ['S001.R2', 'S001.R1']
 */
export function mergeRecent(
  kept: readonly RecentPurchase[] | undefined | null,
  fromOrders: readonly RecentPurchase[],
): RecentPurchase[] {
  const byId = new Map<string, RecentPurchase>();
  for (const p of kept ?? []) byId.set(p.id, p);
  for (const p of fromOrders) byId.set(p.id, p);
  return [...byId.values()]
    .sort((a, b) => b.createdAt - a.createdAt || (a.id < b.id ? 1 : -1))
    .slice(0, RECENT_PURCHASES_KEPT);
}
