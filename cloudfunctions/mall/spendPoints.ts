/**
 * The member's side of a redemption (step 3 of mall/redeem.ts): ONE transaction that re-reads
 * the member, their spendable lots and their committed redemptions of the reward, then writes
 * the ledger entry (first: a committed copy of the tap stops there), the redemption, the
 * balance and each lot taken (soonest-expiring first, domain planSpend).
 */
import { AppError } from '@/contracts/errors';
import { planSpend, spendablePoints } from '@/domain/points';
import type { Ctx } from '../_shared/runtime';
import type { Doc, Transaction } from '../_shared/db';
import { opKeys } from '../_shared/keys';
import type { MemberDoc } from '../_shared/repos/members';
import {
  asLots,
  ledgerIdFor,
  writeTakes,
  type LedgerDoc,
  type PointLotDoc,
} from '../_shared/repos/points';
import { COMMITTED, type RedemptionDoc, type RewardDoc } from '../_shared/repos/rewards';

/** The transaction that commits a redemption: every request in turn, the ledger entry first. */
export async function spendPoints(
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
  // a gift is handed over by the member's store of the moment (domain/pickups.ts)
  const pickup =
    r.kind === 'gift' ? { pickupStoreId: current.homeStoreId ?? null, collectedAt: null } : {};
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
    .update({ data: { status, lots: plan.takes, committedAt: now, ...pickup } });
  await tx
    .collection('members')
    .doc(r.memberId)
    .update({ data: { 'points.balance': _.inc(-cost), updatedAt: now } });
  await writeTakes(tx, _, plan.takes);
  return { redemption: { ...r, status, lots: plan.takes, ...pickup }, balance: balance - cost };
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
