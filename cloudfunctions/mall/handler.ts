import type { MallContract } from '@/contracts/mall';
import type { Handlers } from '../_shared/callable';
import { listRewards } from './rewards';
import { redeemReward } from './redeem';
import { pointsHistory } from './history';

export const handlers: Handlers<MallContract> = {
  listRewards: (_req, ctx) => listRewards(ctx),
  redeemReward: (req, ctx) => redeemReward(ctx, req),
  pointsHistory: (req, ctx) => pointsHistory(ctx, req),
};
