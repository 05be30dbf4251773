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
 * 3. Coupon rewards: the coupon is issued BEFORE any points are spent, through
 *    `issueFromTemplate` (key `mall:<redemptionId>`), which enforces the template's own
 *    total stock and per-member limit (COUPON.OUT_OF_STOCK / COUPON.LIMIT_REACHED refuse
 *    the redemption with no points taken, and the reward's unit is given back). If the
 *    points transaction then fails, the still-unused coupon is taken back (its template
 *    unit returned). A redemption committed without its coupon (a concurrent copy of the
 *    same tap took it back) gets it issued on reply, without limits: it is paid for.
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
import {
  couponSpecOf,
  couponView,
  issueCoupon,
  issueFromTemplate,
  revokeUnusedCoupon,
  type CouponDoc,
} from '../_shared/repos/coupons';
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
  const templateId = reward.kind === 'coupon' ? reward.couponTemplateId : null;
  const template = templateId ? await loadTemplate(db, templateId) : null;
  const couponSpec =
    templateId && template
      ? couponSpecOf(templateId, template, couponValidity(template, now), 'mall')
      : null;
  const couponIssueKey = couponSpec ? `mall:${redemptionId}` : null;
  // cheap refusals before any write (the transaction decides for real)
  if ((member.points?.balance ?? 0) < cost) throw new AppError('POINTS.INSUFFICIENT');
  if (reward.stock !== null && reward.stock <= 0) throw new AppError('REWARD.OUT_OF_STOCK');
  if (template?.stock != null && template.stock <= 0) throw new AppError('COUPON.OUT_OF_STOCK');

  if (reward.stock !== null) await holdStock(db, reward._id, redemptionId);
  // give the reward's unit back unless a concurrent copy of this very tap committed with it
  const releaseUnlessCommitted = async (): Promise<boolean> => {
    if (await getById<RedemptionDoc>(db, 'redemptions', redemptionId)) return false;
    if (reward.stock !== null) await releaseStock(db, reward._id, redemptionId);
    return true;
  };
  // the template's stock and per-member limit are taken before any points are spent
  let coupon: CouponDoc | null = null;
  if (templateId && template && couponIssueKey) {
    try {
      coupon =
        (await issueFromTemplate(db, ctx.ids, {
          memberId: member._id,
          templateId,
          template,
          issueKey: couponIssueKey,
          now,
          source: 'mall',
        })) ?? (await findOne<CouponDoc>(db, 'coupons', { issueKey: couponIssueKey })); // a retried tap
    } catch (e) {
      await releaseUnlessCommitted();
      throw e;
    }
  }
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
          couponIssueKey,
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
      if (done) return finish(ctx, done, true, member.points.balance, coupon); // the same tap, committed concurrently
    }
    if ((await releaseUnlessCommitted()) && coupon) {
      // nothing was paid: take the coupon back (and its template unit)
      const revoked = await revokeUnusedCoupon(db, coupon, {
        returnStock: template?.stock != null,
      });
      if (!revoked)
        logEvent('mall.couponKept', { redemptionId, couponId: coupon._id, memberId: member._id });
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
  return finish(ctx, outcome.redemption, false, outcome.balance, coupon);
}

/**
 * Answer with the redemption's coupon: the one issued before the points were spent, else
 * the one its key holds, else (taken back by a failed concurrent copy of the tap, or a
 * redemption from before coupons were issued first) issued now, once by its key.
 */
async function finish(
  ctx: Ctx,
  r: RedemptionDoc,
  duplicate: boolean,
  balance: number,
  issued: CouponDoc | null = null,
): Promise<RedeemResult> {
  let coupon: CouponDoc | null = null;
  if (r.couponSpec && r.couponIssueKey) {
    const key = r.couponIssueKey;
    coupon =
      (issued?.issueKey === key ? issued : null) ??
      (await findOne<CouponDoc>(ctx.db, 'coupons', { issueKey: key })) ??
      (await issueCoupon(ctx.db, ctx.ids, {
        memberId: r.memberId,
        issueKey: key,
        spec: r.couponSpec,
        now: r.at,
      })) ??
      (await findOne<CouponDoc>(ctx.db, 'coupons', { issueKey: key }));
  }
  return {
    redemptionId: r._id,
    duplicate,
    coupon: coupon ? couponView(coupon, ctx.now) : null,
    pointsSpent: r.pointsCost,
    balance,
  };
}
