/**
 * Who owns a customer after a purchase — the "for now" rule of a cross-store purchase.
 *
 * - A member nobody has served yet (no clerk) belongs, for good, to the clerk who serves
 *   their first purchase (and that clerk's store).
 * - A purchase served by another clerk of the owner's own store changes nothing.
 * - A purchase in another store moves the member to the serving clerk **for now**: for
 *   30 days (TEMPORARY_DAYS, to the end of that Shanghai day). The original owner is kept.
 *   - A second purchase in that store within the 30 days makes the move permanent.
 *   - A purchase back in the original owner's store within the 30 days returns the member
 *     to the original owner at once.
 *   - Otherwise, when the 30 days are over, the member returns to the original owner
 *     (returnDue, run by a timer).
 * - A purchase in a third store during the term starts a new term; the original owner
 *   stays the one they return to.
 *
 * Decisions are data; the caller writes the member and one ownerHistory document.
 * @example decideOwnerOnPurchase({ clerkId: 'C1', homeStoreId: 'S1', ownerTerm: null }, { clerkId: 'C9', storeId: 'S2', at }).kind // 'temporary'
 */
import { addShanghaiDays, endOfShanghaiDay } from './calendar';

export const TEMPORARY_DAYS = 30;

export type OwnerRef = { clerkId: string | null; storeId: string | null };

/** A temporary owner: until when, and whom the member returns to. */
export type OwnerTerm = { until: number; original: OwnerRef };

export type OwnedByTerm = {
  clerkId: string | null;
  homeStoreId: string | null;
  ownerTerm?: OwnerTerm | null;
};

export type OwnerDecision =
  | { kind: 'none' }
  | { kind: 'firstPurchase'; to: OwnerRef }
  | { kind: 'temporary'; to: OwnerRef; term: OwnerTerm }
  | { kind: 'permanent'; to: OwnerRef }
  | { kind: 'returned'; to: OwnerRef };

/** The last instant of the temporary term started at `at`. */
export function termEnd(at: number): number {
  return endOfShanghaiDay(addShanghaiDays(at, TEMPORARY_DAYS));
}

export function decideOwnerOnPurchase(
  member: OwnedByTerm,
  purchase: { clerkId: string | null; storeId: string; at: number },
): OwnerDecision {
  const serving: OwnerRef = { clerkId: purchase.clerkId, storeId: purchase.storeId };
  const term = member.ownerTerm ?? null;
  if (term && purchase.at <= term.until) {
    if (purchase.storeId === member.homeStoreId)
      return { kind: 'permanent', to: { clerkId: member.clerkId, storeId: member.homeStoreId } };
    if (purchase.storeId === term.original.storeId) return { kind: 'returned', to: term.original };
  }
  if (purchase.clerkId === null) return { kind: 'none' };
  if (member.clerkId === null && (member.homeStoreId ?? purchase.storeId) === purchase.storeId)
    return { kind: 'firstPurchase', to: serving };
  if (member.homeStoreId === purchase.storeId) return { kind: 'none' };
  const original =
    term && purchase.at <= term.until
      ? term.original
      : { clerkId: member.clerkId, storeId: member.homeStoreId };
  return { kind: 'temporary', to: serving, term: { until: termEnd(purchase.at), original } };
}

/** When the term is over (and nothing made it permanent): back to the original owner. */
export function returnDue(member: OwnedByTerm, now: number): OwnerDecision {
  const term = member.ownerTerm ?? null;
  if (!term || now <= term.until) return { kind: 'none' };
  return { kind: 'returned', to: term.original };
}
