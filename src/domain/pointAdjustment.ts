/**
 * Manual point adjustments (积分调整): a store manager (for their store's members) or HQ
 * (any member) adds points — a goodwill gesture, a purchase the till missed — or takes them
 * back — points earned by mistake — with a reason. An addition is a new lot that expires
 * like any other; a deduction takes from the soonest-expiring lots like a spend and never
 * takes more than the member can spend, so no balance goes below zero.
 */
import { lotExpiresAt, planSpend, spendablePoints, type LotTake, type PointLot } from './points';
import type { Settings } from './settings';

/** the largest adjustment one request may make, either way */
export const MAX_ADJUSTMENT = 100_000;

/** what members read in their points history (the reason is for staff and the audit log) */
export const ADJUSTMENT_TITLE = '积分调整';

export type AdjustmentDecision =
  | { kind: 'credit'; points: number; expiresAt: number }
  | { kind: 'debit'; points: number; takes: LotTake[] }
  | { kind: 'insufficient'; spendable: number };

/**
 * What an adjustment of `delta` points does to a member with this balance and these lots.
 * @example decideAdjustment({ delta: 50, balance: 0, lots: [], now, settings }) // { kind: 'credit', points: 50, expiresAt }
 * @example decideAdjustment({ delta: -80, balance: 60, lots, now, settings }) // { kind: 'insufficient', spendable: 60 }
 */
export function decideAdjustment(input: {
  delta: number;
  balance: number;
  lots: readonly PointLot[];
  now: number;
  settings: Settings;
}): AdjustmentDecision {
  const { delta, balance, lots, now, settings } = input;
  if (!Number.isSafeInteger(delta) || delta === 0 || Math.abs(delta) > MAX_ADJUSTMENT)
    throw new Error(`decideAdjustment: delta must be a non-zero integer: ${delta}`);
  if (delta > 0) return { kind: 'credit', points: delta, expiresAt: lotExpiresAt(now, settings) };
  const spendable = spendablePoints(balance, lots, now);
  const plan = planSpend(lots, -delta, now);
  if (!plan.ok || spendable < -delta) return { kind: 'insufficient', spendable };
  return { kind: 'debit', points: -delta, takes: plan.takes };
}

/**
 * Who may adjust a member's points: HQ any member's; a store manager those whose home store
 * is theirs; clerks none (an adjustment is money, decided above the till).
 * @example mayAdjustPoints({ role: 'manager', storeId: 'S001' }, { homeStoreId: 'S002' }) // false
 */
export function mayAdjustPoints(
  staff: { role: 'clerk' | 'manager' | 'hq'; storeId: string | null },
  member: { homeStoreId?: string | null },
): boolean {
  if (staff.role === 'hq') return true;
  return staff.role === 'manager' && !!staff.storeId && member.homeStoreId === staff.storeId;
}
