/**
 * Finishing or undoing work a dead instance left half-done, decided with no IO. The live
 * paths (a retried receipt, a retried tap, a failed redemption) and the reconciliation timer
 * (cloudfunctions/reconcile) take these same decisions, so they cannot disagree.
 *
 * An operation is "in flight" for at most the life of one invocation (WeChat kills a
 * function at its timeout, 60 s at most). Anything older than GRACE_MS is abandoned.
 *
 * - Purchases (order-first, recordOrder.ts): the ORDER is the intent. Once it exists it is
 *   COMPLETED — member credit (balance, stats, clerk), lot, ledger, level — the purchase
 *   happened at the till. A coupon claimed for an order that was never written is RELEASED
 *   (unused again): the claim's `claimedAt` is a lease a retry renews before it writes the
 *   order, and the release is conditional on the lease it saw, so a live retry and the
 *   reconciler can never both win.
 * - Redemptions (mall/redeem.ts): the redemption is written first as `pending` with a lease
 *   (`leaseAt`), then stock is held, the coupon issued, and one transaction spends the points
 *   and marks it done/reserved. An abandoned pending redemption is UNDONE (the shopper saw a
 *   failure and may have tapped again): cancelling → give back the held unit, take back the
 *   unused coupon (and its template unit) → the intent is removed (a later retry of the tap
 *   starts afresh). Points are spent only by the committing transaction, so an undone
 *   redemption never spent any.
 * - Refunds and debits are one transaction each: nothing to finish or undo.
 */
import type { LevelDecision } from '@/domain/levels';

/** How many recent operation keys a member keeps for idempotent credits (`appliedOps`). */
export const APPLIED_OPS_KEPT = 50;

/** Older than this, an operation's instance is dead (3× the longest function life, 60 s). */
export const GRACE_MS = 3 * 60_000;
/**
 * A lease younger than this needs no renewal: whoever holds it finishes (or dies) within one
 * function life, well before GRACE_MS after it.
 */
export const LEASE_FRESH_MS = 60_000;
/** A level change is still raised by a recovery this long after its order (never later). */
export const LEVEL_RECOVERY_MS = 24 * 3600_000;

// ---------------------------------------------------------------- credits and orders

export type CreditState = 'applied' | 'due' | 'unknown';

/**
 * Has the credit `opKey` reached the member? Its key in `appliedOps` says yes; absent from a
 * list that is not full (nothing evicted) says no; absent from a full list, the lot decides
 * (written only after the credit) — `unknown` until it is known. A zero-point credit has no
 * lot: with a full list it is taken as applied (never doubled, at worst stats missing).
 * @example creditState({ opKey: 'order:S001.R1', points: 10 }, { appliedOps: [] }) // 'due'
 */
export function creditState(
  c: { opKey: string; points: number },
  seen: { appliedOps: readonly string[]; lotExists?: boolean },
): CreditState {
  if (seen.appliedOps.includes(c.opKey)) return 'applied';
  if (seen.appliedOps.length < APPLIED_OPS_KEPT) return 'due';
  if (c.points === 0) return 'applied';
  if (seen.lotExists === undefined) return 'unknown';
  return seen.lotExists ? 'applied' : 'due';
}

export type OrderFacts = {
  _id: string;
  opKey?: string;
  pointsEarned: number;
  createdAt: number;
  levelChange?: LevelDecision | null;
};

export type MemberFacts = {
  status: string;
  level?: string;
  appliedOps?: string[];
  notices?: { id: string }[];
};

export const levelNoticeId = (orderId: string) => `level:${orderId}`;

/**
 * Is the order's level change still to be made? When this attempt credited the member, or
 * (recovering soon after the order) when the member is still at the level it started from
 * and carries no notice of this order's change. Never lowers a level (the update itself is
 * conditional on the `from` level).
 */
export function levelDue(
  order: OrderFacts,
  member: MemberFacts | null,
  credited: boolean,
  now: number,
): Extract<LevelDecision, { kind: 'levelChanged' }> | null {
  const change = order.levelChange;
  if (!change || change.kind !== 'levelChanged' || !member) return null;
  if (credited) return change;
  if (now - order.createdAt > LEVEL_RECOVERY_MS) return null;
  if (member.level !== change.from) return null;
  if ((member.notices ?? []).some((n) => n.id === levelNoticeId(order._id))) return null;
  return change;
}

export type OrderRepair = {
  credit: boolean;
  lot: boolean;
  ledger: boolean;
  level: Extract<LevelDecision, { kind: 'levelChanged' }> | null;
};

/**
 * What an existing order's effects still lack, from the member, lot and ledger entry as read.
 * @example planOrderRepair(order, { member, lotExists: false, ledgerExists: false }, now) // { credit: true, lot: true, ledger: true, level: null }
 */
export function planOrderRepair(
  order: OrderFacts,
  seen: { member: MemberFacts | null; lotExists: boolean; ledgerExists: boolean },
  now: number,
): OrderRepair {
  // imported orders have no effects to finish; a deleted member's are not finished
  if (!order.opKey || seen.member?.status !== 'active')
    return { credit: false, lot: false, ledger: false, level: null };
  const credit =
    creditState(
      { opKey: order.opKey, points: order.pointsEarned },
      { appliedOps: seen.member.appliedOps ?? [], lotExists: seen.lotExists },
    ) === 'due';
  const earns = order.pointsEarned > 0;
  return {
    credit,
    lot: earns && !seen.lotExists,
    ledger: earns && !seen.ledgerExists,
    level: levelDue(order, seen.member, credit, now),
  };
}

export const repairNeeded = (r: OrderRepair) => r.credit || r.lot || r.ledger || r.level !== null;

// ---------------------------------------------------------------- coupon claims

export type ClaimFacts = {
  status: string;
  orderId: string | null;
  claimedAt?: number | null;
  usedAt?: number | null;
};

export type ClaimDecision =
  | { kind: 'keep' }
  | { kind: 'wait' }
  | { kind: 'release'; lease: number };

/**
 * A retry finding the coupon already claimed for its order: renew the lease before writing
 * the order, unless a concurrent attempt took or renewed it moments ago.
 */
export const claimNeedsRenewal = (c: ClaimFacts, now: number): boolean =>
  now - (c.claimedAt ?? c.usedAt ?? 0) >= LEASE_FRESH_MS;

/**
 * A coupon marked used by an order: kept when the order exists, released once its claim is
 * older than GRACE_MS and the order was never written.
 */
export function planCouponClaim(c: ClaimFacts, orderExists: boolean, now: number): ClaimDecision {
  if (c.status !== 'used' || !c.orderId || orderExists) return { kind: 'keep' };
  const lease = c.claimedAt ?? c.usedAt;
  if (lease == null) return { kind: 'keep' };
  if (now - lease < GRACE_MS) return { kind: 'wait' };
  return { kind: 'release', lease };
}

// ---------------------------------------------------------------- redemptions

export type RedemptionStatus = 'pending' | 'done' | 'reserved' | 'cancelling';

export type RedemptionFacts = {
  status: RedemptionStatus;
  leaseAt?: number;
  rewardId: string;
  stockHeld?: boolean;
  couponIssueKey: string | null;
  couponSpec?: { templateId: string } | null;
  couponStocked?: boolean;
};

/** What a retried tap does with the redemption its request id already names. */
export function planRedemptionRetry(r: RedemptionFacts): 'answer' | 'resume' | 'refuse' {
  if (r.status === 'done' || r.status === 'reserved') return 'answer';
  if (r.status === 'pending') return 'resume';
  return 'refuse';
}

export type RedemptionDecision =
  | { kind: 'none' }
  | { kind: 'wait' }
  | { kind: 'cancel'; lease: number }
  | { kind: 'finishCancel' };

/** The reconciler's decision for a redemption that is not committed. */
export function planRedemption(r: RedemptionFacts, now: number): RedemptionDecision {
  if (r.status === 'cancelling') return { kind: 'finishCancel' };
  if (r.status !== 'pending') return { kind: 'none' };
  const lease = r.leaseAt ?? 0;
  if (now - lease < GRACE_MS) return { kind: 'wait' };
  return { kind: 'cancel', lease };
}

export type UndoStep =
  | { kind: 'releaseStock'; rewardId: string }
  | { kind: 'revokeCoupon'; issueKey: string; templateId: string; returnStock: boolean }
  | { kind: 'forget' };

/** Undoing a redemption that spent no points, in order; every step is safe to repeat. */
export function planRedemptionUndo(r: RedemptionFacts): UndoStep[] {
  const steps: UndoStep[] = [];
  if (r.stockHeld !== false) steps.push({ kind: 'releaseStock', rewardId: r.rewardId });
  if (r.couponIssueKey && r.couponSpec)
    steps.push({
      kind: 'revokeCoupon',
      issueKey: r.couponIssueKey,
      templateId: r.couponSpec.templateId,
      returnStock: r.couponStocked === true,
    });
  steps.push({ kind: 'forget' });
  return steps;
}
