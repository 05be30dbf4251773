/**
 * What a redemption reads before it writes anything, in ONE request: the caller's member,
 * the reward and the reward's coupon template (mall/redeem.ts decides on them).
 */
import { AppError } from '@/contracts/errors';
import type { Ctx } from '../_shared/runtime';
import type { Doc } from '../_shared/db';
import type { MemberDoc } from '../_shared/repos/members';
import { templateFromDoc, type CouponTemplateDoc, type RewardDoc } from '../_shared/repos/rewards';

/**
 * The caller's member, the reward and its coupon template, in ONE request: an aggregate on
 * the caller's identity joining the member and the reward (which joins its template).
 */
export async function loadRedeemFacts(
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
