/**
 * Awards (repos/points.ts): points outside a purchase — profile completion, campaigns — with
 * no order to witness them, so lot, ledger entry and balance are written in ONE transaction.
 */
import type { Ctx } from '../runtime';
import type { Database } from '../db';
import { isDuplicateKeyError, runTransaction } from '../db';
import { lotExpiresAt } from '@/domain/points';
import { creditState } from '../recoveryPlan';
import { loadSettings } from './settings';
import { creditDocs, memberCredit, type Credit } from './pointCredits';
import { txMember } from './pointDebits';

/**
 * A credit with no order to witness it, all or nothing: one transaction reads the member
 * (active, key not applied) and writes the lot (a duplicate id aborts: already credited),
 * the ledger entry and the member, in turn. Requests: start, 1 read, 3 writes, commit.
 */
async function creditAtomically(db: Database, c: Credit): Promise<boolean> {
  const _ = db.command;
  const { lot, entry } = creditDocs(c);
  try {
    return await runTransaction(db, async (tx) => {
      const member = await txMember<{ status?: string; appliedOps?: string[] }>(tx, c.memberId);
      if (!member || member.status !== 'active') return false;
      if (creditState(c, { appliedOps: member.appliedOps ?? [] }) === 'applied') return false;
      await tx.collection('pointLots').add({ data: lot }); // a duplicate stops here
      await tx.collection('pointsLedger').add({ data: entry });
      await tx
        .collection('members')
        .doc(c.memberId)
        .update({ data: memberCredit(_, c) });
      return true;
    });
  } catch (e) {
    if (isDuplicateKeyError(e)) return false;
    throw e;
  }
}

export type AwardReason = 'profile' | 'campaign' | 'adjust';

const AWARD_TITLES: Record<AwardReason, string> = {
  profile: '完善资料奖励',
  campaign: '活动奖励',
  adjust: '积分调整',
};

/**
 * Award points outside a purchase (profile completion, campaigns), once per `key`: a
 * retried or concurrent award with the same key credits nothing more. The lot expires like
 * any other (end of the year after, by settings). `awarded` is true for the call that
 * credited the member.
 * @example await awardPoints(ctx, { memberId, points: 50, reason: 'profile', key: `profile:${memberId}` }) // { awarded: true, points: 50 }
 */
export async function awardPoints(
  ctx: Ctx,
  args: { memberId: string; points: number; reason: AwardReason; key: string },
): Promise<{ awarded: boolean; points: number }> {
  if (!Number.isSafeInteger(args.points) || args.points <= 0)
    throw new Error(`awardPoints: points must be a positive integer: ${args.points}`);
  if (!args.memberId || !args.key) throw new Error('awardPoints: memberId and key are required');
  const settings = await loadSettings(ctx.db);
  const opKey = `award:${args.key}`;
  const awarded = await creditAtomically(ctx.db, {
    memberId: args.memberId,
    opKey,
    points: args.points,
    at: ctx.now,
    expiresAt: lotExpiresAt(ctx.now, settings),
    source: 'award',
    orderId: null,
    ref: opKey,
    title: AWARD_TITLES[args.reason],
  });
  return { awarded, points: awarded ? args.points : 0 };
}
