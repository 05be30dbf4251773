/**
 * Changing who a customer belongs to: the member's `clerkId` / `homeStoreId` (what every
 * view reads, domain/ownership.ts) and one `ownerHistory` document per change (who had
 * them, from when, why), so the retention bonus can be computed for any period.
 *
 * The one way a function moves a customer to another clerk outside the order path.
 */
import type { Ctx } from './runtime';

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
