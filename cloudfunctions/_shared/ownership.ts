/**
 * Changing who a customer belongs to: the member's `clerkId` / `homeStoreId` (what every
 * view reads, domain/ownership.ts) and one `ownerHistory` document per change (who had
 * them, from when, why), so the retention bonus can be computed for any period.
 *
 * The one way a function moves a customer to another clerk outside the order path.
 */
import type { Ctx } from './runtime';
import type { OrderDoc } from './repos/orders';

export type OwnerChangeReason = 'joined' | 'firstPurchase' | 'crossStore' | 'poolClaim' | 'manual';

export type OwnerHistoryDoc = {
  _id: string;
  memberId: string;
  clerkId: string | null;
  storeId: string | null;
  previousClerkId: string | null;
  previousStoreId: string | null;
  why: OwnerChangeReason;
  /** the staff member who made the change (null: the system) */
  by: string | null;
  at: number;
};

/**
 * Moves the member to `clerkId` / `storeId` if they are still with `from` (a conditional
 * update: two concurrent moves, one wins); answers whether this call moved them.
 */
export async function assignOwner(
  ctx: Ctx,
  input: {
    memberId: string;
    from: { clerkId: string | null; storeId: string | null };
    to: { clerkId: string | null; storeId: string | null };
    why: OwnerChangeReason;
    by: string | null;
  },
): Promise<boolean> {
  const { memberId, from, to } = input;
  const res = await ctx.db
    .collection('members')
    .where({ _id: memberId, clerkId: from.clerkId, homeStoreId: from.storeId })
    .update({ data: { clerkId: to.clerkId, homeStoreId: to.storeId, ownerSince: ctx.now } });
  if (res.stats.updated !== 1) return false;
  const doc: OwnerHistoryDoc = {
    _id: `${memberId}:${ctx.now}`,
    memberId,
    clerkId: to.clerkId,
    storeId: to.storeId,
    previousClerkId: from.clerkId,
    previousStoreId: from.storeId,
    why: input.why,
    by: input.by,
    at: ctx.now,
  };
  await ctx.db.collection('ownerHistory').add({ data: doc });
  return true;
}

/**
 * The order path's ownership change (orderPlan.ts `reassign`): one ownerHistory document
 * keyed by the order, so a retried receipt or the reconciliation writes it once.
 */
export async function recordOrderOwnerChange(
  ctx: Ctx,
  order: Pick<
    OrderDoc,
    | '_id'
    | 'memberId'
    | 'clerkId'
    | 'createdAt'
    | 'reassign'
    | 'previousClerkId'
    | 'previousHomeStoreId'
  >,
): Promise<void> {
  if (!order.reassign) return;
  const previousStoreId = order.previousHomeStoreId ?? null;
  const previousClerkId = order.previousClerkId ?? null;
  const first =
    previousClerkId === null &&
    (previousStoreId === null || previousStoreId === order.reassign.homeStoreId);
  const doc: Omit<OwnerHistoryDoc, '_id'> = {
    memberId: order.memberId,
    clerkId: order.reassign.clerkId,
    storeId: order.reassign.homeStoreId,
    previousClerkId,
    previousStoreId,
    why: first ? 'firstPurchase' : 'crossStore',
    by: order.clerkId,
    at: order.createdAt,
  };
  await ctx.db
    .collection('ownerHistory')
    .doc(`${order.memberId}:order:${order._id}`)
    .set({ data: doc });
}

/** A member's owners, oldest first (index member_time). */
export async function ownerHistoryOf(ctx: Ctx, memberId: string): Promise<OwnerHistoryDoc[]> {
  const res = await ctx.db
    .collection('ownerHistory')
    .where({ memberId })
    .orderBy('at', 'asc')
    .limit(100)
    .get();
  return res.data as OwnerHistoryDoc[];
}
