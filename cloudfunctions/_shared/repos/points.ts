/**
 * Points on the books: lots, the ledger and the member's balance.
 *
 *   pointLots      one document per earning (an order, a profile award…): `earned`,
 *                  `remaining`, `expiresAt`. Spending and refunds lower `remaining`; the
 *                  daily timer expires what is left of a lot past its `expiresAt`.
 *   pointsLedger   append-only: one entry per change (earn / spend / expire / reverse /
 *                  adjust) with a signed `delta`; never updated. The points history reads it.
 *   members        `points.balance` (spendable) and `points.lifetime` (ever earned), moved
 *                  only by `_.inc` in the same step as the lots they mirror.
 *
 * Invariant: balance = Σ remaining of the member's unexpired lots = earned − spent − expired
 * − reversed ≥ 0 (domain/points.ts).
 *
 * Two kinds of writes keep it:
 * - PURCHASE CREDITS (`creditPoints`) only add. Each of the three writes is idempotent on
 *   its own — the lot and the ledger entry have ids derived from the operation key (a
 *   second insert is a duplicate key), and the member update is conditional on the key not
 *   being in the member's `appliedOps` (the last 50 keys, pushed in the same update) — so a
 *   retry or a concurrent duplicate re-runs them safely, and a crash between them is
 *   completed by the retry or by the reconciliation timer, which finds the order (written
 *   first) and finishes it (recoveryPlan.ts). The lot is written after the member update, so
 *   a lot proves the credit even once its key has left `appliedOps`.
 * - AWARDS (`awardPoints`: profile completion, campaigns) have no order to witness them, so
 *   lot, ledger entry and balance are written in ONE transaction: all or nothing.
 * - DEBITS (spending, refund reversals, expiry) take from several lots and the balance
 *   together and must never half-happen, so they run in one transaction (`runTransaction`)
 *   that reads the member and the lots it takes from: a concurrent debit of the same member
 *   conflicts and is retried, and the balance can never go below zero.
 *
 * The pieces live beside this file, one concept each: the documents and their ids
 * (pointDocs.ts), purchase credits (pointCredits.ts), awards (pointAwards.ts) and what the
 * debit transactions share (pointDebits.ts). Import them from here.
 */
export * from './pointDocs';
export { APPLIED_OPS_KEPT } from '../recoveryPlan';
export { creditPoints, type Credit } from './pointCredits';
export { awardPoints, type AwardReason } from './pointAwards';
export { asLots, txMember, usableLots, writeTakes } from './pointDebits';
