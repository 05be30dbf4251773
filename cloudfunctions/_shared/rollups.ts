/**
 * Keeping `dailyRollups` current (domain/reports/rollup.ts decides the deltas; this file
 * applies them).
 *
 * The order path counts an order ONCE however often it is retried: the increment and its
 * guard are one atomic update of the rollup document,
 *   where({ _id, closed: false, orderIds: _.neq(orderId) }).update({ …_.inc, orderIds: _.push })
 * so a retried receipt (or the reconciliation finishing an order) finds its id listed and
 * changes nothing. The first order of a store's day inserts the document (its id is the
 * key: of two first orders at once, one inserts and the other increments). Not a
 * transaction: the rollup is the busiest document of a store's day, and a transactional
 * write on it would turn concurrent orders into conflicts; a plain conditional update
 * queues behind the others instead. A day already closed by the nightly pass (which
 * recomputed it from the orders, this one included) is left alone.
 *
 * Refunds apply to the rollup of the ORDER's day, guarded by `refundIds`, closed or not (the
 * nightly pass never revisits an older day). If an instance dies before its increment, the
 * nightly pass (daily/rollups.ts) recomputes yesterday from the orders and corrects it.
 *
 * Requests: 1 per order (2–3 for the first order of a store's day); 1 per refund.
 */
import { shanghaiDate } from '@/domain/calendar';
import { ownerBeforePurchase } from '@/domain/ownershipTerm';
import {
  applyRollupDelta,
  emptyRollup,
  joinedRollupDelta,
  orderReportFacts,
  orderRollupDelta,
  refundRollupDelta,
  rollupId,
  type RollupDelta,
  type RollupOrder,
  type RollupRefund,
} from '@/domain/reports/rollup';
import type { Ctx } from './runtime';
import { isDuplicateKeyError } from './db';
import type { OrderDoc } from './repos/orders';

export const ROLLUPS = 'dailyRollups';
/** campaign and automation response per start day × key × store (daily/responses.ts) */
export const RESPONSES = 'responseRollups';

/** The owner at the time of the order: from its owner plan, else the facts it was recorded with. */
export function creditClerkOf(o: OrderDoc, memberClerkId: string | null = null): string | null {
  if (o.ownerPlan) return ownerBeforePurchase(o.ownerPlan, o.createdAt).clerkId;
  return o.report ? o.report.creditClerkId : memberClerkId;
}

/** What the rollup counts of an order document (`memberFirstOrderAt`: for orders without report facts). */
export function rollupOrderOf(
  o: OrderDoc,
  fallback: { firstOrderAt: number | null; clerkId: string | null } | null = null,
): RollupOrder {
  const facts = o.report ?? orderReportFacts(fallback?.firstOrderAt ?? null, o.createdAt, null);
  return {
    memberId: o.memberId || null,
    paidFen: o.paidFen,
    lines: o.lines,
    repeat: facts.repeat,
    // an order at the member's recorded first purchase is their first order
    firstOrder: o.report ? facts.firstOrder : fallback?.firstOrderAt === o.createdAt,
    creditClerkId: creditClerkOf(o, fallback?.clerkId ?? null),
  };
}

async function applyGuarded(
  ctx: Ctx,
  a: {
    date: string;
    storeId: string;
    guard: 'orderIds' | 'refundIds';
    key: string;
    delta: RollupDelta;
    skipClosed: boolean;
  },
): Promise<boolean> {
  const { db, now } = ctx;
  const _ = db.command;
  const id = rollupId(a.date, a.storeId);
  const data: Record<string, unknown> = { [a.guard]: _.push([a.key]), updatedAt: now };
  for (const [path, n] of Object.entries(a.delta.inc)) data[path] = _.inc(n);
  const where = {
    _id: id,
    [a.guard]: _.neq(a.key),
    ...(a.skipClosed ? { closed: false } : {}),
  };
  const update = async () =>
    (await db.collection(ROLLUPS).where(where).update({ data })).stats.updated === 1;
  if (await update()) return true;
  const fresh = applyRollupDelta(emptyRollup(a.date, a.storeId, now), a.delta);
  fresh[a.guard] = [a.key];
  try {
    await db.collection(ROLLUPS).add({ data: fresh });
    return true;
  } catch (e) {
    if (!isDuplicateKeyError(e)) throw e;
  }
  // it exists: created by a concurrent first order — or already counted, or closed
  return update();
}

/** Count a recorded order into its day's rollup, once. */
export async function countOrder(ctx: Ctx, o: OrderDoc): Promise<boolean> {
  return applyGuarded(ctx, {
    date: shanghaiDate(o.createdAt),
    storeId: o.storeId,
    guard: 'orderIds',
    key: o._id,
    delta: orderRollupDelta(rollupOrderOf(o)),
    skipClosed: true,
  });
}

/** Take a refund off the rollup of its order's day, once. */
export async function countRefund(
  ctx: Ctx,
  o: OrderDoc,
  refund: RollupRefund & { id: string },
): Promise<boolean> {
  return applyGuarded(ctx, {
    date: shanghaiDate(o.createdAt),
    storeId: o.storeId,
    guard: 'refundIds',
    key: refund.id,
    delta: refundRollupDelta(rollupOrderOf(o), refund),
    skipClosed: false,
  });
}

/** Record a new member on the rollup of the day and store they joined by. */
export async function countJoined(
  ctx: Ctx,
  m: { _id: string; createdAt: number; storeId: string },
): Promise<boolean> {
  return applyGuarded(ctx, {
    date: shanghaiDate(m.createdAt),
    storeId: m.storeId,
    guard: 'orderIds',
    key: `join:${m._id}`,
    delta: joinedRollupDelta(m._id),
    skipClosed: true,
  });
}
