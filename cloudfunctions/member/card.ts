import type { CardView } from '@/contracts/member';
import { rollingSpend } from '@/domain/spendByMonth';
import { maskPhone } from '@/domain/masking';
import { formatLevelProgress, nextLevelProgress } from '@/domain/levels';
import { memberCodeKey } from '@/domain/memberCode';
import { isBirthdayToday } from '@/domain/birthday';
import { shanghaiParts } from '@/domain/calendar';
import type { Ctx } from '../_shared/runtime';
import { loadSettings } from '../_shared/repos/settings';
import { requireMember, type MemberDoc } from '../_shared/repos/members';
import { storeNames } from '../_shared/repos/stores';
import { couponView, type CouponDoc } from '../_shared/repos/coupons';
import { purchaseView, type OrderDoc } from '../_shared/repos/orders';

export function displayName(member: Pick<MemberDoc, 'name' | 'phone'>): string {
  return member.name ?? `会员${member.phone.slice(-4)}`;
}

/**
 * The member card. Database requests: identity → member, then settings ∥ unused-coupon
 * count ∥ recent orders ∥ (members with a birthday) the current birthday coupon, then
 * store names.
 */
export async function getCard(ctx: Ctx): Promise<CardView> {
  const { db, now } = ctx;
  const _ = db.command;
  const member = await requireMember(db, ctx.identity.openid);
  const birthdayToday = member.birthday ? isBirthdayToday(member.birthday, now) : false;
  const [settings, couponsUnused, orders, birthdayCoupon] = await Promise.all([
    loadSettings(db),
    db
      .collection('coupons')
      .where({ memberId: member._id, status: 'unused', validUntil: _.gte(now) })
      .count()
      .then((r) => r.total),
    db
      .collection('orders')
      .where({ memberId: member._id })
      .orderBy('createdAt', 'desc')
      .limit(5)
      .get()
      .then((r) => r.data as OrderDoc[]),
    member.birthday ? currentBirthdayCoupon(ctx, member._id) : Promise.resolve(null),
  ]);
  const names = await storeNames(db, [...orders.map((o) => o.storeId), member.homeStoreId ?? '']);
  const spend12mFen = rollingSpend(member.stats.spendByMonth, now);
  const progress = nextLevelProgress(spend12mFen, settings);
  return {
    memberId: member._id,
    memberNo: member.memberNo,
    memberCodeKey: memberCodeKey(member.memberNo, ctx.config.memberCodeSecret),
    serverTime: now,
    displayName: displayName(member),
    phoneMasked: maskPhone(member.phone),
    level: member.level,
    levelProgress: { ...progress, text: formatLevelProgress(progress) },
    points: member.points,
    spend12mFen,
    couponsUnused,
    recentPurchases: orders.map((o) => purchaseView(o, names)),
    joinedAt: member.createdAt,
    homeStoreName: member.homeStoreId ? (names.get(member.homeStoreId) ?? null) : null,
    birthdayToday,
    birthdayCoupon: birthdayCoupon ? couponView(birthdayCoupon, now) : null,
    profileIncomplete: !(member.name && member.gender && member.birthday),
    profileCompletionPoints: settings.points.profileCompletionPoints,
  };
}

/**
 * This birthday's coupon while it is valid. It is issued a day or more before the birthday
 * and its issueKey carries the birthday's year, which around New Year may be last or next
 * year — so the three keys are looked up at once (one indexed request).
 */
async function currentBirthdayCoupon(ctx: Ctx, memberId: string): Promise<CouponDoc | null> {
  const _ = ctx.db.command;
  const year = shanghaiParts(ctx.now).year;
  const keys = [year - 1, year, year + 1].map((y) => `birthday:${memberId}:${y}`);
  const res = await ctx.db
    .collection('coupons')
    .where({ issueKey: _.in(keys), validUntil: _.gte(ctx.now) })
    .limit(3)
    .get();
  const coupons = res.data as CouponDoc[];
  return coupons.sort((a, b) => a.validUntil - b.validUntil)[0] ?? null;
}
