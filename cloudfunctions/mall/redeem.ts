/**
 * Redeeming a reward for points: all or nothing, no overselling, counted once per tap.
 *
 * 1. Stock (shared by every member, the hot document): one conditional update on the
 *    reward (`stock > 0`) takes a unit and records this redemption's hold — of 100
 *    concurrent redemptions of 10 units exactly 10 get one, without transaction conflicts.
 * 2. The member's side in ONE transaction: re-read the member, the spendable lots (after
 *    the start, see repos/points.ts), count their earlier redemptions of this reward; then
 *    write the redemption, the balance (`_.inc(−cost)`), each lot taken (soonest-expiring
 *    first, domain planSpend) and the ledger entry. Two redemptions of the same member
 *    both write the member document, so one of them conflicts and is retried on the new
 *    state: the balance can never go below zero and the per-member limit holds.
 *    If the transaction fails (not enough points, limit reached, too much contention), the
 *    unit is given back.
 * 3. Coupon rewards: the coupon fixed in the redemption is issued through `issueCoupon`
 *    (key `mall:<redemptionId>`); a retry whose first attempt died here issues it then.
 *
 * `requestId` makes a retried tap count once: the redemption id is derived from (member,
 * requestId), and an existing redemption is answered with `duplicate: true`.
 */
import { AppError } from '@/contracts/errors';
import type { CouponView } from '@/contracts/member';
import { availablePoints, planSpend } from '@/domain/points';
import { couponValidity } from '@/domain/coupons';
import type { Ctx } from '../_shared/runtime';
import {
  findOne,
  getById,
  isDuplicateKeyError,
  isTransactionConflict,
  runTransaction,
} from '../_shared/db';
import { derivedId } from '../_shared/keys';
import { logEvent } from '../_shared/log';
import { couponSpecOf, couponView, issueCoupon, type CouponDoc } from '../_shared/repos/coupons';
import { requireMember, type MemberDoc } from '../_shared/repos/members';
import {
  asLots,
  ledgerIdFor,
  txMember,
  usableLots,
  writeTakes,
  type LedgerDoc,
} from '../_shared/repos/points';
import {
  holdStock,
  loadTemplate,
  releaseStock,
  type RedemptionDoc,
  type RewardDoc,
} from '../_shared/repos/rewards';

type RedeemResult = {
  redemptionId: string;
  duplicate: boolean;
  coupon: CouponView | null;
  pointsSpent: number;
  balance: number;
};

export async function redeemReward(
  ctx: Ctx,
  input: { rewardId: string; requestId: string },
): Promise<RedeemResult> {
  const { db, now } = ctx;
  const _ = db.command;
  const member = await requireMember(db, ctx.identity.openid);
  const redemptionId = derivedId('rdm', member._id, input.requestId);
  const [reward, existing] = await Promise.all([
    getById<RewardDoc>(db, 'rewards', input.rewardId),
    getById<RedemptionDoc>(db, 'redemptions', redemptionId),
  ]);
  if (existing) return finish(ctx, existing, true, member.points.balance);
  if (!reward || !reward.active) throw new AppError('REWARD.NOT_FOUND');
  const cost = reward.pointsCost;
  const couponSpec =
    reward.kind === 'coupon'
      ? await loadTemplate(db, reward.couponTemplateId).then((t) =>
          couponSpecOf(reward.couponTemplateId!, t, couponValidity(t, now), 'mall'),
        )
      : null;
  // cheap refusals before any write (the transaction decides for real)
  if ((member.points?.balance ?? 0) < cost) throw new AppError('POINTS.INSUFFICIENT');
  if (reward.stock !== null && reward.stock <= 0) throw new AppError('REWARD.OUT_OF_STOCK');

  if (reward.stock !== null) await holdStock(db, reward._id, redemptionId);
  let outcome: { redemption: RedemptionDoc; balance: number };
  try {
    outcome = await runTransaction(
      db,
      async (tx) => {
        const current = await txMember<MemberDoc>(tx, member._id);
        if (!current || current.status !== 'active') throw new AppError('AUTH.NOT_MEMBER');
        const [lots, redeemed] = await Promise.all([
          usableLots(db, member._id, now),
          reward.perMemberLimit !== null
            ? db
                .collection('redemptions')
                .where({ memberId: member._id, rewardId: reward._id })
                .count()
                .then((r) => r.total)
            : Promise.resolve(0),
        ]);
        if (reward.perMemberLimit !== null && redeemed >= reward.perMemberLimit)
          throw new AppError('REWARD.LIMIT_REACHED');
        const balance = current.points?.balance ?? 0;
        const plan = planSpend(asLots(lots), cost, now);
        if (!plan.ok || Math.min(balance, availablePoints(asLots(lots), now)) < cost)
          throw new AppError('POINTS.INSUFFICIENT');
        const redemption: RedemptionDoc = {
          _id: redemptionId,
          memberId: member._id,
          rewardId: reward._id,
          requestId: input.requestId,
          kind: reward.kind,
          title: reward.title,
          pointsCost: cost,
          status: reward.kind === 'coupon' ? 'done' : 'reserved',
          couponSpec,
          couponIssueKey: couponSpec ? `mall:${redemptionId}` : null,
          lots: plan.takes,
          at: now,
        };
        const entry: LedgerDoc = {
          _id: ledgerIdFor(`mall:${redemptionId}`),
          memberId: member._id,
          kind: 'spend',
          delta: -cost,
          ref: `mall:${redemptionId}`,
          at: now,
          title: `兑换${reward.title}`,
          lots: plan.takes,
        };
        await tx.collection('redemptions').add({ data: redemption }); // first: a duplicate stops here
        await Promise.all([
          tx
            .collection('members')
            .doc(member._id)
            .update({ data: { 'points.balance': _.inc(-cost), updatedAt: now } }),
          writeTakes(tx, _, plan.takes),
          tx.collection('pointsLedger').add({ data: entry }),
        ]);
        return { redemption, balance: balance - cost };
      },
      { attempts: 8 },
    );
  } catch (e) {
    if (isDuplicateKeyError(e)) {
      const done = await getById<RedemptionDoc>(db, 'redemptions', redemptionId);
      if (done) return finish(ctx, done, true, member.points.balance); // the same tap, committed concurrently
    }
    // give the unit back unless a concurrent copy of this very tap committed with it
    if (reward.stock !== null && !(await getById<RedemptionDoc>(db, 'redemptions', redemptionId))) {
      await releaseStock(db, reward._id, redemptionId);
    }
    if (isTransactionConflict(e)) throw new AppError('COMMON.CONFLICT');
    throw e;
  }
  logEvent('mall.redeemed', {
    redemptionId,
    rewardId: reward._id,
    memberId: member._id,
    points: cost,
  });
  return finish(ctx, outcome.redemption, false, outcome.balance);
}

/** Issue the redemption's coupon (once, by its key) and answer. */
async function finish(
  ctx: Ctx,
  r: RedemptionDoc,
  duplicate: boolean,
  balance: number,
): Promise<RedeemResult> {
  let coupon: CouponDoc | null = null;
  if (r.couponSpec && r.couponIssueKey) {
    coupon =
      (await issueCoupon(ctx.db, ctx.ids, {
        memberId: r.memberId,
        issueKey: r.couponIssueKey,
        spec: r.couponSpec,
        now: r.at,
      })) ?? (await findOne<CouponDoc>(ctx.db, 'coupons', { issueKey: r.couponIssueKey }));
  }
  return {
    redemptionId: r._id,
    duplicate,
    coupon: coupon ? couponView(coupon, ctx.now) : null,
    pointsSpent: r.pointsCost,
    balance,
  };
}
