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
 * Decisions are data; the caller writes the member and one ownerHistory document per change.
 * The order path decides with `planOwnerOnPurchase`, which applies a return that is due
 * first (the nightly pass may not have run yet), so an order is always decided on who owns
 * the customer at that instant.
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

/** Why an owner changed (the ownerHistory `why` of the order path and the nightly return). */
export type OwnerStepReason = 'firstPurchase' | 'crossStore' | 'confirmed' | 'reverted';

/** One change of owner, one ownerHistory document: to whom, from whom, when, why. */
export type OwnerStep = { why: OwnerStepReason; from: OwnerRef; to: OwnerRef; at: number };

/** What a purchase does to the customer's owner: the changes in order, and the end state. */
export type OwnerPlan = {
  steps: OwnerStep[];
  owner: OwnerRef;
  term: OwnerTerm | null;
  /** the clerk to tell (a cross-store move away from them), or null */
  tell: OwnerRef | null;
};

const WHY: Record<Exclude<OwnerDecision['kind'], 'none'>, OwnerStepReason> = {
  firstPurchase: 'firstPurchase',
  temporary: 'crossStore',
  permanent: 'confirmed',
  returned: 'reverted',
};

/**
 * The purchase's effect on the owner, a return that is due applied first; null when the
 * owner and the term stay as they are.
 * @example planOwnerOnPurchase({ clerkId: 'C1', homeStoreId: 'S1', ownerTerm: null }, { clerkId: 'C9', storeId: 'S2', at }).steps[0].why // 'crossStore'
 */
export function planOwnerOnPurchase(
  member: OwnedByTerm,
  purchase: { clerkId: string | null; storeId: string; at: number },
): OwnerPlan | null {
  const steps: OwnerStep[] = [];
  let current: OwnedByTerm = member;
  const due = returnDue(member, purchase.at);
  if (due.kind === 'returned') {
    const from = { clerkId: member.clerkId, storeId: member.homeStoreId };
    steps.push({ why: 'reverted', from, to: due.to, at: member.ownerTerm!.until });
    current = { clerkId: due.to.clerkId, homeStoreId: due.to.storeId, ownerTerm: null };
  }
  const d = decideOwnerOnPurchase(current, purchase);
  const owner = { clerkId: current.clerkId, storeId: current.homeStoreId };
  if (d.kind === 'none')
    return steps.length ? { steps, owner, term: current.ownerTerm ?? null, tell: null } : null;
  steps.push({ why: WHY[d.kind], from: owner, to: d.to, at: purchase.at });
  const temporary = d.kind === 'temporary';
  return {
    steps,
    owner: d.to,
    term: temporary ? d.term : null,
    tell: temporary && owner.clerkId && owner.clerkId !== d.to.clerkId ? owner : null,
  };
}

/**
 * Who owned the customer when a purchase came in: the owner as the order found them, after
 * a term that had already ended was returned — before the purchase's own change. (业绩
 * credits the owner at the time of the order.)
 * @example ownerBeforePurchase({ from: temp, steps: [{ why: 'reverted', to: original, at: termEnd }] }, later) // original
 */
export function ownerBeforePurchase(
  plan: Pick<OwnerPlan, 'steps'> & { from: OwnerRef },
  purchasedAt: number,
): OwnerRef {
  // a return dated before the purchase is a term that had ended (a purchase back in the
  // original store returns the customer at the purchase itself: the temporary owner had them)
  const returned = plan.steps.filter((s) => s.why === 'reverted' && s.at < purchasedAt).pop();
  return returned ? returned.to : plan.from;
}
