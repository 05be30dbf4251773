import type { Ctx } from '../_shared/runtime';
import type { StoreDoc } from '../_shared/repos/stores';
import { ROLES } from '@/contracts/staff';
import { requireStaff } from '../_shared/repos/staff';

/** The chain's active stores, by id, with their area (reports group by it) — for any bound staff member. */
export async function listStores(ctx: Ctx) {
  await requireStaff(ctx, ROLES);
  const res = await ctx.db
    .collection('stores')
    .where({ active: true })
    .orderBy('_id', 'asc')
    .limit(1000)
    .get();
  return {
    stores: (res.data as StoreDoc[]).map((s) => ({
      id: s._id,
      name: s.name,
      city: s.city,
      area: s.area || null,
    })),
  };
}
