/**
 * Orders (purchases recorded at the till or sent by a till system) and refunds.
 *
 * An order's `_id` is derived from the store and its receipt number (`S001.R000123`) and
 * (storeId, receiptNo) is also a unique index, so a receipt can be recorded only once. The
 * order carries everything its effects need (points, lot expiry, stats, level, clerk
 * reassignment), so a retry of the same receipt can finish what a crashed first attempt
 * began without recomputing anything (see recordOrder.ts).
 */
import type { OrderReportFacts } from '@/domain/reports/rollup';
import type { Level, PurchaseView } from '@/contracts/member';
import type { PurchaseResult, RefundResult } from '@/contracts/staff';
import type { LevelDecision } from '@/domain/levels';
import type { OwnerPlan, OwnerRef } from '@/domain/ownershipTerm';
import type { OrderLine } from '@/domain/memberStats';
import { recentPurchaseOf } from '@/domain/recentPurchases';

export type OrderLineDoc = {
  category: string;
  name: string | null;
  quantity: number;
  amountFen: number;
};

export type OrderDoc = {
  _id: string;
  storeId: string;
  receiptNo: string;
  memberId: string;
  /** the staff member who served (till caller, or the clerk a till system named) */
  clerkId: string | null;
  lines: OrderLineDoc[];
  amountFen: number;
  discountFen: number;
  paidFen: number;
  couponId: string | null;
  pointsEarned: number;
  status: 'completed' | 'partially_refunded' | 'refunded';
  refundedFen: number;
  source: 'till' | 'pos';
  createdAt: number;
  // ---- written by this engine (absent on imported / seeded orders) ----
  /** the operation key of its effects: `order:<_id>` */
  opKey?: string;
  /** the point lot it earned (`lot:order:<_id>`), null when it earned nothing */
  lotId?: string | null;
  pointsExpireAt?: number;
  doubled?: boolean;
  levelBefore?: Level;
  levelAfter?: Level;
  /** the upgrade this order caused (applied with its effects) */
  levelChange?: LevelDecision | null;
  /** the member's balance right after this order, as computed when it was recorded */
  pointsBalanceAfter?: number;
  /** the member's owner after this order (a first purchase, a cross-store move, a return) … */
  reassign?: { clerkId: string | null; homeStoreId: string | null } | null;
  /** what the daily rollups count of it, decided as the member was found (domain/reports/rollup.ts) */
  report?: OrderReportFacts;
  /** what the order does to the owner (domain/ownershipTerm.ts), as applied by ownership.ts */
  ownerPlan?: OrderOwnerPlan | null;
  /** … away from this clerk, who is to be told (a later outbox message; cross-store only) */
  previousClerkId?: string | null;
  previousHomeStoreId?: string | null;
  /** points taken back by refunds so far, including those written off */
  pointsReversed?: number;
  /** of which already spent and written off */
  pointsUnrecoverable?: number;
  refundIds?: string[];
};

/** An owner plan and the owner it was decided from (the guard of its member update). */
export type OrderOwnerPlan = OwnerPlan & { from: OwnerRef; rev: number | null };

export type RefundDoc = RefundResult & {
  _id: string;
  requestId: string;
  memberId: string;
  storeId: string;
  /** this refund's share of each order line (category statistics) */
  lines: OrderLine[];
  cancelsOrder: boolean;
  by: string;
  at: number;
};

/** The deterministic order id of a receipt ('.' never occurs in store ids or receipt numbers). */
export const orderIdFor = (storeId: string, receiptNo: string) => `${storeId}.${receiptNo}`;
export const orderOpKey = (orderId: string) => `order:${orderId}`;

export function purchaseView(o: OrderDoc, names: Map<string, string>): PurchaseView {
  return { ...recentPurchaseOf(o), storeName: names.get(o.storeId) ?? o.storeId };
}

export function purchaseResultOf(
  o: OrderDoc,
  couponUsed: PurchaseResult['couponUsed'],
  duplicate: boolean,
): PurchaseResult {
  return {
    orderId: o._id,
    duplicate,
    amountFen: o.amountFen,
    discountFen: o.discountFen,
    paidFen: o.paidFen,
    couponUsed,
    pointsEarned: o.pointsEarned,
    doubled: o.doubled ?? false,
    levelBefore: o.levelBefore ?? 'normal',
    levelAfter: o.levelAfter ?? o.levelBefore ?? 'normal',
    pointsBalance: o.pointsBalanceAfter ?? 0,
  };
}
