/**
 * Gifts redeemed in the points mall for pickup in store (到店领取): who may hand one over,
 * and what the member sees of it.
 *
 * A gift redemption is `reserved` once its points are spent, for the store that was the
 * member's home store at that moment (`pickupStoreId`; none when the member had no store:
 * then any store may hand it over). A clerk or manager of that store marks it collected at
 * the till, once (`collectedAt`, `collectedBy`). HQ has no till and hands nothing over.
 *
 * @example mayCollect({ staffId: 'C1', role: 'clerk', storeId: 'S2' }, { kind: 'gift', status: 'reserved', pickupStoreId: 'S1', collectedAt: null }) // { ok: false, code: 'AUTH.WRONG_STORE' }
 */
import type { StaffViewer } from './ownership';

export type PickupFacts = {
  kind: 'coupon' | 'gift';
  status: string;
  pickupStoreId?: string | null;
  collectedAt?: number | null;
};

export type PickupStatus = 'waiting' | 'collected';

export const PICKUP_STATUS_TEXT: Record<PickupStatus, string> = {
  waiting: '待领取',
  collected: '已领取',
};

/** The member's view of a redemption: a committed gift waits or was collected; else null. */
export function pickupStatus(r: PickupFacts): PickupStatus | null {
  if (r.kind !== 'gift' || r.status !== 'reserved') return null;
  return r.collectedAt ? 'collected' : 'waiting';
}

/** May this store hand the gift over? (`pickupStoreId` none: any store.) */
export function collectableAt(r: PickupFacts, storeId: string | null): boolean {
  return storeId !== null && (!r.pickupStoreId || r.pickupStoreId === storeId);
}

/**
 * May the actor mark the gift collected? `already`: it was collected before (a retried tap
 * answers the same, nothing is written again).
 */
export function mayCollect(
  actor: StaffViewer,
  r: PickupFacts | null,
):
  | { ok: true; already: boolean }
  | { ok: false; code: 'AUTH.FORBIDDEN' | 'AUTH.WRONG_STORE' | 'PICKUP.NOT_FOUND' } {
  if (actor.role === 'hq') return { ok: false, code: 'AUTH.FORBIDDEN' };
  if (!r || pickupStatus(r) === null) return { ok: false, code: 'PICKUP.NOT_FOUND' };
  if (!collectableAt(r, actor.storeId)) return { ok: false, code: 'AUTH.WRONG_STORE' };
  return { ok: true, already: pickupStatus(r) === 'collected' };
}
