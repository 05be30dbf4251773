/**
 * Daily housekeeping at 02:00 Shanghai, within the 60 s timeout (work left over when the
 * budget runs out is picked up by the next run; every step is safe to repeat):
 *  1. coupons past their validity become `expired` (one multi-document update);
 *  2. point lots past their expiry lose what remains of them (expiry.ts);
 *  3. members above 普通 are re-checked against their rolling 12-month spend once a month,
 *     and moved down (or up) with a notice (levels.ts).
 */
import { createTimer } from '../_shared/timer';
import { loadSettings } from '../_shared/repos/settings';
import { expirePoints } from './expiry';
import { checkLevels } from './levels';

/** Stop starting new work this long after the run began (the function timeout is 60 s). */
export const BUDGET_MS = 45_000;

export const main = createTimer('daily', async (ctx) => {
  const started = performance.now();
  const _ = ctx.db.command;
  const expired = await ctx.db
    .collection('coupons')
    .where({ status: 'unused', validUntil: _.lt(ctx.now) })
    .update({ data: { status: 'expired', expiredAt: ctx.now } });
  const points = await expirePoints(ctx, started + BUDGET_MS * 0.6);
  const levels = await checkLevels(ctx, await loadSettings(ctx.db), started + BUDGET_MS);
  return { couponsExpired: expired.stats.updated, points, levels };
});
