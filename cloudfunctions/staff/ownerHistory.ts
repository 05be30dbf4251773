/**
 * A member's owner history for the store manager and HQ (the basis of the retention bonus):
 * a manager reads it when the member belongs, or once belonged, to their store.
 */
import { AppError } from '@/contracts/errors';
import type { OwnerHistoryView } from '@/contracts/staff';
import type { Ctx } from '../_shared/runtime';
import { ownerHistoryOf } from '../_shared/ownership';
import { requireStaff } from '../_shared/repos/staff';

export async function getOwnerHistory(
  ctx: Ctx,
  memberId: string,
): Promise<{ history: OwnerHistoryView[] }> {
  const staff = await requireStaff(ctx, ['manager', 'hq']);
  const [member, docs] = await Promise.all([
    ctx.db
      .collection('members')
      .where({ _id: memberId })
      .field({ homeStoreId: true })
      .limit(1)
      .get()
      .then((r) => r.data[0] as { homeStoreId?: string | null } | undefined),
    ownerHistoryOf(ctx, memberId),
  ]);
  if (!member) throw new AppError('MEMBER.NOT_FOUND');
  const stores = new Set([member.homeStoreId ?? null]);
  for (const d of docs) stores.add(d.storeId).add(d.previousStoreId);
  if (staff.role !== 'hq' && !stores.has(staff.storeId)) throw new AppError('AUTH.FORBIDDEN');
  return {
    history: docs.map((d) => ({
      clerkId: d.clerkId,
      storeId: d.storeId,
      previousClerkId: d.previousClerkId,
      previousStoreId: d.previousStoreId,
      why: d.why,
      by: d.by,
      at: d.at,
      until: d.until ?? null,
    })),
  };
}
