/**
 * 到店领取 actions of the `staff` function (spread into staffContract): gifts redeemed in the
 * points mall, waiting to be handed over in store. Rules: src/domain/pickups.ts.
 */
import { z } from 'zod';
import { action } from './define';

export type PickupView = {
  /** the redemption */
  id: string;
  memberId: string;
  /** 张女士 / 张** by the ownership rule */
  memberDisplayName: string;
  title: string;
  pointsCost: number;
  redeemedAt: number;
  /** the store that hands it over (null: any store) */
  pickupStoreId: string | null;
  pickupStoreName: string | null;
  /** the caller's store may hand it over */
  collectableHere: boolean;
  collectedAt: number | null;
  collectedByName: string | null;
};

const redemptionId = z.string().min(1).max(128);

export const pickupActions = {
  /** The store's gifts waiting for pickup, oldest first (clerks and managers: their store; HQ: any). */
  listPickups: action(
    z.object({
      storeId: z.string().min(1).max(8).optional(),
      limit: z.int().min(1).max(100).default(50),
    }),
  ).returns<{ pickups: PickupView[]; hasMore: boolean }>(),
  /** At the till, after a member lookup: the member's gifts waiting for pickup. */
  memberPickups: action(z.object({ memberId: z.string().min(1).max(64) })).returns<{
    pickups: PickupView[];
  }>(),
  /** Hand a gift over: marked collected once, by whom and when (again: the same answer). */
  collectPickup: action(z.object({ redemptionId })).returns<{
    pickup: PickupView;
    alreadyCollected: boolean;
  }>(),
};
