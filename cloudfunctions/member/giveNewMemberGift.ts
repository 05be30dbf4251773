/**
 * Giving the new-member gift at signup (member/signup.ts) as domain/newMemberGift.ts plans it:
 * the daily cap (`giftCaps`), the person's keyed claim (`giftClaims`, kept after deletion)
 * and the coupon, once per coupon key; or why none was given.
 */
import type { GiftDecision, GiftRefusal } from '@/domain/newMemberGift';
import { planNewMemberGift } from '@/domain/newMemberGift';
import type { Settings } from '@/domain/settings';
import type { Ctx } from '../_shared/runtime';
import { isDuplicateKeyError } from '../_shared/db';
import { giftClaimId } from '../_shared/giftClaims';
import { issueCoupon, type CouponDoc } from '../_shared/repos/coupons';
import type { MemberDoc } from '../_shared/repos/members';
import { opKeys } from '../_shared/keys';
import { newMemberCouponSpec } from '../_shared/giftCoupons';
import { logEvent } from '../_shared/log';

/** What signup did about the gift: the coupon, or why none (domain newMemberGift.ts). */
export type GiftOutcome =
  | { coupon: CouponDoc; refusal: null }
  | { coupon: null; refusal: GiftRefusal };
const refused = (refusal: GiftRefusal): GiftOutcome => ({ coupon: null, refusal });

/**
 * The 新人礼 coupon, as the domain plans it: only the request that clears the member's
 * `giftPending` flag goes on (so the cap counts each person once), then the daily cap, the
 * person's claim and the coupon; a reservation is given back when a later step refuses.
 */
export async function giveNewMemberGift(
  ctx: Ctx,
  settings: Settings,
  member: MemberDoc,
  created: boolean,
  storeId: string | null,
): Promise<GiftOutcome> {
  const { db, now } = ctx;
  const pendingCleared =
    member.giftPending === true &&
    (
      await db
        .collection('members')
        .where({ _id: member._id, giftPending: true })
        .update({ data: { giftPending: false, updatedAt: now } })
    ).stats.updated === 1;
  const plan = planNewMemberGift({ settings, created, pendingCleared, storeId, now });
  if (plan.kind === 'none') return refused(plan.reason);

  if (!(await reserveGift(ctx, plan))) {
    logEvent('member.gift_cap_reached', { storeId: plan.bucket });
    return refused('dailyCapReached');
  }
  const release = () =>
    db
      .collection('giftCaps')
      .doc(plan.capId)
      .update({ data: { count: db.command.inc(-1) } });
  try {
    await db
      .collection('giftClaims')
      .add({ data: { _id: giftClaimId(member.phone, ctx.config.piiHashSecret), at: now } });
  } catch (e) {
    if (!isDuplicateKeyError(e)) throw e;
    await release();
    logEvent('member.gift_already_claimed', { memberId: member._id });
    return refused('phoneGiftedBefore');
  }
  const coupon = await issueCoupon(db, ctx.ids, {
    memberId: member._id,
    issueKey: opKeys.newMemberCoupon(member._id),
    now,
    spec: newMemberCouponSpec(settings, now),
  });
  if (coupon) return { coupon, refusal: null };
  await release();
  return refused('alreadyIssued');
}

/** Take one of the day's gifts of the bucket: a conditional increment, or the day's first. */
async function reserveGift(
  ctx: Ctx,
  plan: Extract<GiftDecision, { kind: 'reserve' }>,
): Promise<boolean> {
  const _ = ctx.db.command;
  for (let attempt = 0; attempt < 3; attempt++) {
    const res = await ctx.db
      .collection('giftCaps')
      .where({ _id: plan.capId, count: _.lt(plan.cap) })
      .update({ data: { count: _.inc(1) } });
    if ((res.stats?.updated ?? 0) === 1) return true;
    try {
      await ctx.db.collection('giftCaps').add({
        data: { _id: plan.capId, storeId: plan.bucket, date: plan.date, count: 1 },
      });
      return true;
    } catch (e) {
      if (!isDuplicateKeyError(e)) throw e;
      // exists: either full, or created by a concurrent signup — try the increment again
    }
  }
  return false;
}
