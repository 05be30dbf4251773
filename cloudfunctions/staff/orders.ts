/** Orders recorded at the caller's store (HQ: every store), newest first, paged by time. */
import type { PurchaseView } from '@/contracts/member';
import type { Ctx } from '../_shared/runtime';
import type { MemberDoc } from '../_shared/repos/members';
import { purchaseView, type OrderDoc } from '../_shared/repos/orders';
import { requireStaff } from '../_shared/repos/staff';
import { storeNames } from '../_shared/repos/stores';
import { staffDisplayName } from './till';

export async function listStoreOrders(
  ctx: Ctx,
  input: { before?: number; limit: number },
): Promise<{ orders: (PurchaseView & { memberDisplayName: string })[]; hasMore: boolean }> {
  const { db } = ctx;
  const _ = db.command;
  const staff = await requireStaff(ctx, ['clerk', 'manager', 'hq']);
  const filter: Record<string, unknown> = staff.role === 'hq' ? {} : { storeId: staff.storeId };
  if (input.before !== undefined) filter.createdAt = _.lt(input.before);
  const page = (
    await db
      .collection('orders')
      .where(filter)
      .orderBy('createdAt', 'desc')
      .limit(input.limit + 1)
      .get()
  ).data as OrderDoc[];
  const orders = page.slice(0, input.limit);
  const memberIds = [...new Set(orders.map((o) => o.memberId))];
  const [members, names] = await Promise.all([
    memberIds.length
      ? db
          .collection('members')
          .where({ _id: _.in(memberIds) })
          .field({ name: true, gender: true, phone: true, clerkId: true, homeStoreId: true })
          .limit(memberIds.length)
          .get()
          .then((r) => new Map((r.data as MemberDoc[]).map((m) => [m._id, m])))
      : Promise.resolve(new Map<string, MemberDoc>()),
    storeNames(
      db,
      orders.map((o) => o.storeId),
    ),
  ]);
  return {
    orders: orders.map((o) => {
      const m = members.get(o.memberId);
      return {
        ...purchaseView(o, names),
        memberDisplayName: m ? staffDisplayName(m, staff) : '会员',
      };
    }),
    hasMore: page.length > input.limit,
  };
}
