/**
 * Contract of the `mall` cloud function: the member's points — the points mall (rewards
 * redeemed for points) and the points history.
 */
import { z } from 'zod';
import { action } from './define';
import type { CouponView } from './member';
import type { PickupStatus } from '../domain/pickups';

export type RewardView = {
  id: string;
  title: string;
  description: string;
  kind: 'coupon' | 'gift';
  pointsCost: number;
  /** remaining stock, null = unlimited */
  stock: number | null;
  /** for coupon rewards: what the coupon gives */
  coupon: Pick<CouponView, 'title' | 'conditions'> | null;
  /** redemptions allowed per member, null = no limit */
  perMemberLimit: number | null;
  /** how many times the caller has redeemed it */
  redeemedByMe: number;
  /** the member may redeem it now (enough points, in stock, within the per-member limit) */
  available: boolean;
  unavailableReason: string | null;
};

export type PointsEntryView = {
  id: string;
  kind: 'earn' | 'spend' | 'expire' | 'reverse' | 'adjust';
  /** signed */
  delta: number;
  /** Chinese description, e.g. 「南京西路店消费」「兑换 ¥20 券」「积分过期」 */
  title: string;
  at: number;
  /** a gift redeemed for pickup in store: 待领取 (waiting) or 已领取 (collected); else null */
  pickup: PickupStatus | null;
};

/** Actions without input (any extra field is dropped, never trusted). */
const noInput = z.object({});

export const mallContract = {
  listRewards: action(noInput).returns<{ rewards: RewardView[]; balance: number }>(),
  /**
   * Redeem a reward: points deducted (soonest-expiring lots first), stock taken, coupon
   * issued or gift reserved — all or nothing. `requestId` makes a retried tap count once.
   */
  redeemReward: action(
    z.object({ rewardId: z.string().min(1).max(64), requestId: z.string().min(8).max(64) }),
  ).returns<{
    redemptionId: string;
    duplicate: boolean;
    coupon: CouponView | null;
    pointsSpent: number;
    balance: number;
  }>(),
  pointsHistory: action(
    z.object({ before: z.int().min(0).optional(), limit: z.int().min(1).max(50).default(20) }),
  ).returns<{
    entries: PointsEntryView[];
    hasMore: boolean;
    balance: number;
    expiringSoon: { points: number; at: number } | null;
  }>(),
};

export type MallContract = typeof mallContract;
