/**
 * Reconciliation, every 5 minutes: finds the operations a dead instance left half-done
 * (timeout, recycled instance, crash) and completes or undoes each, as recoveryPlan.ts
 * decides — coupon claims without their order released, orders finished (points, stats,
 * clerk, level), abandoned redemptions undone. Everything older than GRACE_MS is taken to
 * be abandoned; every repair is idempotent and conditional, so a run that overlaps a live
 * retry, or a second run, changes nothing more. A run stops starting work at its budget;
 * the scans resume from their cursors (jobRuns/reconcile.*).
 */
import { createTimer } from '../_shared/timer';
import { finishOrders, releaseClaims } from './orders';
import { undoRedemptions } from './redemptions';

/** Stop starting new work this long after the run began (set the console timeout to 60 s). */
export const BUDGET_MS = 40_000;

export const main = createTimer('reconcile', async (ctx) => {
  const started = performance.now();
  const deadline = () => performance.now() - started > BUDGET_MS;
  const claims = await releaseClaims(ctx, deadline);
  const orders = await finishOrders(ctx, deadline);
  const redemptions = await undoRedemptions(ctx, deadline);
  return { claims, orders, redemptions };
});
