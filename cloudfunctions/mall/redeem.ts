/**
 * Redeeming a reward for points: all or nothing, no overselling, counted once per tap, and
 * never left half-done by an instance that dies (recoveryPlan.ts).
 *
 * What it reads first (member, reward, template in one request) is redeemFacts.ts.
 *
 * 0. The intent: the redemption is written FIRST as `pending` (id derived from member and
 *    `requestId`, with its cost, coupon and a lease). A retried tap finds it: a committed one
 *    is answered (`duplicate: true`), a pending one is resumed after renewing its lease, a
 *    one being undone answers why. A pending redemption whose attempt died is undone by the
 *    reconciliation timer (stock and coupon given back; no points were spent).
 * 1. Stock (shared by every member, the hot document): one conditional update on the
 *    reward (`stock > 0`) takes a unit and records this redemption's hold — of 100
 *    concurrent redemptions of 10 units exactly 10 get one, without transaction conflicts.
 * 2. Coupon rewards: the coupon is issued before any points are spent, through
 *    `issueFromTemplate` (key `mall:<redemptionId>`), which enforces the template's own
 *    total stock and per-member limit (COUPON.OUT_OF_STOCK / COUPON.LIMIT_REACHED).
 * 3. The member's side in ONE transaction (spendPoints.ts), each request in turn: re-read
 *    the member, the spendable lots (after the start, see repos/points.ts), count their committed
 *    redemptions of this reward; then write the ledger entry (derived id: a copy of the tap
 *    that committed already stops here), the redemption (done / reserved), the balance
 *    (`_.inc(−cost)`) and each lot taken (soonest-expiring first, domain planSpend). Two
 *    redemptions of one member both write the member document, so one conflicts and is
 *    retried on the new state: the balance never goes below zero, the per-member limit holds.
 * Any refusal after the intent was written (out of stock, limit, not enough points, too much
 * contention) undoes it at once (repos/redemptions.ts cancelRedemption: the unit and the
 * coupon are given back) — by the attempt that wrote it; a retry leaves that to the timer.
 */
import { AppError, isAppError, type ErrorCode } from '@/contracts/errors';
import type { CouponView } from '@/contracts/member';
import { couponValidity } from '@/domain/coupons';
import type { Ctx } from '../_shared/runtime';
import {
  findOne,
  getById,
  isDuplicateKeyError,
  isTransactionConflict,
  runTransaction,
} from '../_shared/db';
import { derivedId, opKeys } from '../_shared/keys';
import { logEvent } from '../_shared/log';
import {
  couponSpecOf,
  couponView,
  issueCoupon,
  issueFromTemplate,
  type CouponDoc,
} from '../_shared/repos/coupons';
import type { MemberDoc } from '../_shared/repos/members';
import { cancelRedemption, insertPending, renewLease } from '../_shared/repos/redemptions';
import {
  COMMITTED,
  holdStock,
  type CouponTemplateDoc,
  type RedemptionDoc,
  type RewardDoc,
} from '../_shared/repos/rewards';
import { planRedemptionRetry } from '../_shared/recoveryPlan';
import { loadRedeemFacts } from './redeemFacts';
import { spendPoints } from './spendPoints';

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
  const { member, reward, template } = await loadRedeemFacts(ctx, input.rewardId);
  const redemptionId = derivedId('rdm', member._id, input.requestId);
  const templateId = reward?.kind === 'coupon' ? reward.couponTemplateId : null;
  // cheap refusals before any write (the transaction decides for real) — unless this is a
  // retried tap, whose redemption may have spent the very points it would now lack
  const refusal: ErrorCode | null =
    !reward || !reward.active
      ? 'REWARD.NOT_FOUND'
      : (member.points?.balance ?? 0) < reward.pointsCost
        ? 'POINTS.INSUFFICIENT'
        : reward.stock !== null && reward.stock <= 0
          ? 'REWARD.OUT_OF_STOCK'
          : template?.active === false
            ? 'COUPON.TEMPLATE_INACTIVE'
            : template?.stock != null && template.stock <= 0
              ? 'COUPON.OUT_OF_STOCK'
              : null;
  if (refusal || !reward) {
    const existing = await getById<RedemptionDoc>(db, 'redemptions', redemptionId);
    if (existing && planRedemptionRetry(existing) === 'answer')
      return finish(ctx, existing, true, member.points.balance);
    throw new AppError(refusal ?? 'REWARD.NOT_FOUND');
  }
  const couponSpec =
    templateId && template
      ? couponSpecOf(templateId, template, couponValidity(template, now), 'mall')
      : null;
  const intent: RedemptionDoc = {
    _id: redemptionId,
    memberId: member._id,
    rewardId: reward._id,
    requestId: input.requestId,
    kind: reward.kind,
    title: reward.title,
    pointsCost: reward.pointsCost,
    status: 'pending',
    leaseAt: now,
    stockHeld: reward.stock !== null,
    couponStocked: template?.stock != null,
    couponSpec,
    couponIssueKey: couponSpec ? opKeys.mall(redemptionId) : null,
    lots: [],
    at: now,
  };
  let r = intent;
  const existing = await insertPending(db, intent);
  if (existing) {
    const resumed = await resume(ctx, existing, member, reward._id);
    if ('answer' in resumed) return resumed.answer;
    r = resumed.redemption;
  }
  return proceed(ctx, { r, owner: !existing, member, reward, template });
}

/** A retried tap: answer a committed redemption, refuse one being undone, take over a pending one. */
async function resume(
  ctx: Ctx,
  found: RedemptionDoc,
  member: MemberDoc,
  rewardId: string,
): Promise<{ answer: RedeemResult } | { redemption: RedemptionDoc }> {
  let r: RedemptionDoc | null = found;
  for (let attempt = 0; attempt < 3 && r; attempt++) {
    const next = planRedemptionRetry(r);
    if (next === 'answer') return { answer: await finish(ctx, r, true, member.points.balance) };
    if (next === 'refuse') throw new AppError((r.failure as ErrorCode) ?? 'COMMON.CONFLICT');
    if (r.rewardId !== rewardId) throw new AppError('COMMON.CONFLICT'); // the request id of another tap
    if (await renewLease(ctx.db, r, ctx.now)) return { redemption: { ...r, leaseAt: ctx.now } };
    r = await getById<RedemptionDoc>(ctx.db, 'redemptions', found._id);
  }
  throw new AppError('COMMON.CONFLICT');
}

/** Hold the unit, issue the coupon, spend the points; undo the intent on a refusal. */
async function proceed(
  ctx: Ctx,
  a: {
    r: RedemptionDoc;
    owner: boolean;
    member: MemberDoc;
    reward: RewardDoc;
    template: CouponTemplateDoc | null;
  },
): Promise<RedeemResult> {
  const { db, now } = ctx;
  const { r, member, reward, template } = a;
  const undo = async (e: unknown): Promise<never> => {
    // only the attempt that wrote the intent undoes it live: a concurrent copy may still commit
    if (a.owner)
      await cancelRedemption(db, r, {
        now,
        lease: r.leaseAt,
        failure: isAppError(e) ? e.code : 'COMMON.CONFLICT',
      });
    if (isTransactionConflict(e)) throw new AppError('COMMON.CONFLICT');
    throw e;
  };
  let coupon: CouponDoc | null = null;
  try {
    if (r.stockHeld) await holdStock(db, reward._id, r._id);
    if (r.couponSpec && r.couponIssueKey && template)
      coupon =
        (await issueFromTemplate(db, ctx.ids, {
          memberId: member._id,
          templateId: r.couponSpec.templateId,
          template,
          issueKey: r.couponIssueKey,
          now,
          source: 'mall',
        })) ?? (await findOne<CouponDoc>(db, 'coupons', { issueKey: r.couponIssueKey })); // a retried tap
  } catch (e) {
    return undo(e);
  }
  let outcome: { redemption: RedemptionDoc; balance: number };
  try {
    outcome = await runTransaction(db, (tx) => spendPoints(ctx, tx, r, reward), { attempts: 8 });
  } catch (e) {
    // a copy of this tap may have committed meanwhile (its ledger entry, or the points it spent)
    if (isDuplicateKeyError(e) || isAppError(e)) {
      const done = await getById<RedemptionDoc>(db, 'redemptions', r._id);
      if (done && COMMITTED.includes(done.status))
        return finish(ctx, done, true, member.points.balance, coupon); // the same tap, committed concurrently
    }
    return undo(e);
  }
  logEvent('mall.redeemed', {
    redemptionId: r._id,
    rewardId: reward._id,
    memberId: member._id,
    points: r.pointsCost,
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
