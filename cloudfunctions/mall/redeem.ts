/**
 * Redeeming a reward for points: all or nothing, no overselling, counted once per tap, and
 * never left half-done by an instance that dies (recoveryPlan.ts).
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
 * 3. The member's side in ONE transaction, each request in turn: re-read the member, the
 *    spendable lots (after the start, see repos/points.ts), count their committed
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
import { planSpend, spendablePoints } from '@/domain/points';
import { couponValidity } from '@/domain/coupons';
import type { Ctx } from '../_shared/runtime';
import {
  findOne,
  getById,
  isDuplicateKeyError,
  isTransactionConflict,
  runTransaction,
  type Doc,
  type Transaction,
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
import {
  asLots,
  ledgerIdFor,
  writeTakes,
  type LedgerDoc,
  type PointLotDoc,
} from '../_shared/repos/points';
import { cancelRedemption, insertPending, renewLease } from '../_shared/repos/redemptions';
import {
  COMMITTED,
  holdStock,
  templateFromDoc,
  type CouponTemplateDoc,
  type RedemptionDoc,
  type RewardDoc,
} from '../_shared/repos/rewards';
import { planRedemptionRetry } from '../_shared/recoveryPlan';

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

/**
 * The caller's member, the reward and its coupon template, in ONE request: an aggregate on
 * the caller's identity joining the member and the reward (which joins its template).
 */
async function loadRedeemFacts(
  ctx: Ctx,
  rewardId: string,
): Promise<{ member: MemberDoc; reward: RewardDoc | null; template: CouponTemplateDoc | null }> {
  if (!ctx.identity.openid) throw new AppError('AUTH.NO_IDENTITY');
  const _ = ctx.db.command;
  const rewardPipeline = _.aggregate
    .pipeline()
    .match({ _id: rewardId })
    .limit(1)
    .lookup({
      from: 'couponTemplates',
      localField: 'couponTemplateId',
      foreignField: '_id',
      as: 'template',
    })
    .done();
  const row = (
    (await ctx.db
      .collection('identities')
      .aggregate()
      .match({ _id: ctx.identity.openid })
      .limit(1)
      .lookup({ from: 'members', localField: 'memberId', foreignField: '_id', as: 'member' })
      .lookup({ from: 'rewards', pipeline: rewardPipeline, as: 'reward' })
      .end()) as { list: Doc[] }
  ).list[0];
  const member = row?.member?.[0] as MemberDoc | undefined;
  if (!member || member.status !== 'active') throw new AppError('AUTH.NOT_MEMBER');
  const joined = row.reward?.[0] as (RewardDoc & { template?: Doc[] }) | undefined;
  if (!joined) return { member, reward: null, template: null };
  const { template: templates, ...reward } = joined;
  const templateId = reward.kind === 'coupon' ? reward.couponTemplateId : null;
  return {
    member,
    reward,
    template: reward.active && templateId ? templateFromDoc(templates?.[0], templateId) : null,
  };
}

/**
 * What the spending transaction decides on, in ONE request made after it started: the
 * member, their usable lots (soonest-expiring first) and, under a per-member limit, their
 * committed redemptions of the reward. Read outside the transaction but after its start:
 * a change since then to the member (every debit and credit writes it), which this
 * transaction writes too, fails the commit as a conflict and the transaction is retried.
 */
async function loadSpendFacts(
  ctx: Ctx,
  memberId: string,
  reward: RewardDoc,
): Promise<{ member: MemberDoc | null; lots: PointLotDoc[]; redeemed: number }> {
  const _ = ctx.db.command;
  let q = ctx.db
    .collection('members')
    .aggregate()
    .match({ _id: memberId })
    .limit(1)
    .lookup({
      from: 'pointLots',
      pipeline: _.aggregate
        .pipeline()
        .match({ memberId, remaining: _.gt(0), expiresAt: _.gte(ctx.now) })
        .sort({ expiresAt: 1 })
        .limit(1000)
        .done(),
      as: 'lots',
    });
  if (reward.perMemberLimit !== null)
    q = q.lookup({
      from: 'redemptions',
      pipeline: _.aggregate
        .pipeline()
        .match({ memberId, rewardId: reward._id, status: _.in(COMMITTED) })
        .limit(reward.perMemberLimit)
        .project({ _id: 1 })
        .done(),
      as: 'redeemed',
    });
  const row = ((await q.end()) as { list: Doc[] }).list[0];
  if (!row) return { member: null, lots: [], redeemed: 0 };
  const { lots, redeemed, ...member } = row;
  return {
    member: member as MemberDoc,
    lots: (lots ?? []) as PointLotDoc[],
    redeemed: (redeemed ?? []).length,
  };
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

/** The transaction that commits a redemption: every request in turn, the ledger entry first. */
async function spendPoints(
  ctx: Ctx,
  tx: Transaction,
  r: RedemptionDoc,
  reward: RewardDoc,
): Promise<{ redemption: RedemptionDoc; balance: number }> {
  const { db, now } = ctx;
  const _ = db.command;
  const cost = r.pointsCost;
  const { member: current, lots, redeemed } = await loadSpendFacts(ctx, r.memberId, reward);
  if (!current || current.status !== 'active') throw new AppError('AUTH.NOT_MEMBER');
  if (reward.perMemberLimit !== null && redeemed >= reward.perMemberLimit)
    throw new AppError('REWARD.LIMIT_REACHED');
  const balance = current.points?.balance ?? 0;
  const plan = planSpend(asLots(lots), cost, now);
  if (!plan.ok || spendablePoints(balance, asLots(lots), now) < cost)
    throw new AppError('POINTS.INSUFFICIENT');
  const status = r.kind === 'coupon' ? 'done' : 'reserved';
  const entry: LedgerDoc = {
    _id: ledgerIdFor(opKeys.mall(r._id)),
    memberId: r.memberId,
    kind: 'spend',
    delta: -cost,
    ref: opKeys.mall(r._id),
    at: now,
    title: `兑换${r.title}`,
    lots: plan.takes,
  };
  await tx.collection('pointsLedger').add({ data: entry }); // first: a committed copy stops here
  await tx
    .collection('redemptions')
    .doc(r._id)
    .update({ data: { status, lots: plan.takes, committedAt: now } });
  await tx
    .collection('members')
    .doc(r.memberId)
    .update({ data: { 'points.balance': _.inc(-cost), updatedAt: now } });
  await writeTakes(tx, _, plan.takes);
  return { redemption: { ...r, status, lots: plan.takes }, balance: balance - cost };
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
