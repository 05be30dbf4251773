/** The catalogue as the member sees it: what each reward gives and whether they may redeem it now. */
import type { RewardView } from '@/contracts/mall';
import type { CouponTemplate } from '@/domain/coupons';
import type { Ctx } from '../_shared/runtime';
import { logEvent } from '../_shared/log';
import { requireMember } from '../_shared/repos/members';
import {
  COMMITTED,
  loadTemplate,
  rewardView,
  type RedemptionDoc,
  type RewardDoc,
} from '../_shared/repos/rewards';

export async function listRewards(ctx: Ctx): Promise<{ rewards: RewardView[]; balance: number }> {
  const { db } = ctx;
  const _ = db.command;
  const member = await requireMember(db, ctx.identity.openid);
  const rewards = (
    await db.collection('rewards').where({ active: true }).orderBy('sort', 'asc').limit(100).get()
  ).data as RewardDoc[];
  const limited = rewards.filter((r) => r.perMemberLimit !== null).map((r) => r._id);
  const templateIds = [
    ...new Set(rewards.map((r) => r.couponTemplateId).filter((id): id is string => Boolean(id))),
  ];
  const [templates, mine] = await Promise.all([
    Promise.all(
      templateIds.map((id) =>
        loadTemplate(db, id).catch((e: unknown) => {
          logEvent('mall.template_invalid', {
            templateId: id,
            error: String((e as Error)?.message ?? e),
          });
          return null;
        }),
      ),
    ),
    limited.length
      ? db
          .collection('redemptions')
          .where({ memberId: member._id, rewardId: _.in(limited), status: _.in(COMMITTED) })
          .limit(1000)
          .get()
          .then((r) => r.data as RedemptionDoc[])
      : Promise.resolve([] as RedemptionDoc[]),
  ]);
  const byTemplate = new Map<string, CouponTemplate>();
  templateIds.forEach((id, i) => templates[i] && byTemplate.set(id, templates[i]!));
  const count = (rewardId: string) => mine.filter((x) => x.rewardId === rewardId).length;
  const balance = member.points?.balance ?? 0;
  const views = rewards
    // a coupon reward whose template is broken or switched off by HQ is not offered
    .filter(
      (r) =>
        r.kind !== 'coupon' ||
        (r.couponTemplateId &&
          byTemplate.get(r.couponTemplateId)?.active !== false &&
          byTemplate.has(r.couponTemplateId)),
    )
    .map((r) =>
      rewardView(r, r.couponTemplateId ? (byTemplate.get(r.couponTemplateId) ?? null) : null, {
        balance,
        redeemed: count(r._id),
      }),
    );
  return { rewards: views, balance };
}
