/**
 * The member card, opened by every member on every visit: two database requests.
 *
 *   1. the caller's identity (`identities/<OPENID>`, the OPENID's claim) → the member id;
 *   2. one aggregate on the member by `_id`, joining the stores of the home store and of the
 *      member's last purchases (`members.recentPurchases`, kept by the order and refund
 *      writes), the settings (level thresholds, profile-completion points: read with the
 *      member, never cached) and the member's valid coupons that are unused (their count)
 *      or this birthday's coupon whatever its status.
 *
 * The same aggregate also joins the member's resolved service tickets not rated yet (a
 * sub-pipeline on the tickets' member index, at most 3): the card's 满意度评价 prompt costs no
 * request of its own.
 *
 * The card also lists the member's notices (domain/notices.ts: level changes, automation
 * messages), read from the member document; `markNoticesRead` clears the unread mark.
 *
 * A member from before `recentPurchases` (or whose list is short of their orders) is
 * answered from the orders, and the list is written back (`backfillRecentPurchases`): +3
 * requests, once.
 */
import { isProfileComplete } from '@/domain/profileCompletion';
import { visibleNotices } from '@/domain/notices';
import { opKeys } from '../_shared/keys';
import type { CardView } from '@/contracts/member';
import { AppError } from '@/contracts/errors';
import { rollingSpend } from '@/domain/spendByMonth';
import { maskPhone } from '@/domain/masking';
import { formatLevelProgress, nextLevelProgress } from '@/domain/levels';
import { memberCodeKey } from '@/domain/memberCode';
import { isBirthdayToday } from '@/domain/birthday';
import { shanghaiParts } from '@/domain/calendar';
import {
  mergeRecent,
  recentPurchaseOf,
  recentPurchasesIncomplete,
  RECENT_PURCHASES_KEPT,
  type RecentPurchase,
} from '@/domain/recentPurchases';
import type { Settings } from '@/domain/settings';
import type { Ctx } from '../_shared/runtime';
import type { Doc } from '../_shared/db';
import { settingsFromDoc, settingsLookup } from '../_shared/repos/settings';
import { memberIdForOpenid, type MemberDoc } from '../_shared/repos/members';
import { storeNames, type StoreDoc } from '../_shared/repos/stores';
import { couponView, type CouponDoc } from '../_shared/repos/coupons';
import type { OrderDoc } from '../_shared/repos/orders';
import type { TicketDoc } from '../_shared/repos/tickets';

export function displayName(member: Pick<MemberDoc, 'name' | 'phone'>): string {
  return member.name ?? `会员${member.phone.slice(-4)}`;
}

export async function getCard(ctx: Ctx): Promise<CardView> {
  const { now } = ctx;
  const memberId = await memberIdForOpenid(ctx.db, ctx.identity.openid);
  if (!memberId) throw new AppError(ctx.identity.openid ? 'AUTH.NOT_MEMBER' : 'AUTH.NO_IDENTITY');
  const birthdayKeys = birthdayCouponKeys(memberId, now);
  const { member, settings, names, coupons, toRate } = await cardFacts(ctx, memberId, birthdayKeys);
  const recent = recentPurchasesIncomplete(member)
    ? await backfillRecentPurchases(ctx, member, names)
    : (member.recentPurchases ?? []);
  const birthdayCoupon = member.birthday
    ? (coupons
        .filter((c) => birthdayKeys.includes(c.issueKey))
        .sort((a, b) => a.validUntil - b.validUntil)[0] ?? null)
    : null;
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
    couponsUnused: coupons.filter((c) => c.status === 'unused').length,
    recentPurchases: recent.map((p) => ({ ...p, storeName: names.get(p.storeId) ?? p.storeId })),
    joinedAt: member.createdAt,
    homeStoreName: member.homeStoreId ? (names.get(member.homeStoreId) ?? null) : null,
    birthdayToday: member.birthday ? isBirthdayToday(member.birthday, now) : false,
    birthdayCoupon: birthdayCoupon ? couponView(birthdayCoupon, now) : null,
    profileIncomplete: !isProfileComplete(member),
    profileCompletionPoints: settings.points.profileCompletionPoints,
    notices: visibleNotices(member.notices, member.noticesReadAt ?? 0, now),
    ticketsToRate: toRate
      .sort((a, b) => (b.resolvedAt ?? 0) - (a.resolvedAt ?? 0))
      .map((t) => ({
        id: t._id,
        kind: t.kind,
        title: t.title,
        resolution: t.resolution,
        resolvedAt: t.resolvedAt ?? t.openedAt,
      })),
  };
}

/** The card's notices read up to now (2 requests: the identity, the member). */
export async function markNoticesRead(ctx: Ctx): Promise<{ readAt: number }> {
  const memberId = await memberIdForOpenid(ctx.db, ctx.identity.openid);
  if (!memberId) throw new AppError(ctx.identity.openid ? 'AUTH.NOT_MEMBER' : 'AUTH.NO_IDENTITY');
  const res = await ctx.db
    .collection('members')
    .where({ _id: memberId, status: 'active' })
    .update({ data: { noticesReadAt: ctx.now } });
  if (res.stats.updated !== 1) throw new AppError('AUTH.NOT_MEMBER');
  return { readAt: ctx.now };
}

/** How many valid coupons the card reads at most (a member rarely holds more than a few). */
const CARD_COUPONS_LIMIT = 1000;
/** How many tickets awaiting a rating the card asks about at once. */
const CARD_TICKETS_LIMIT = 3;

/**
 * Request 2: the member, joined with the stores of the home store and of the recent
 * purchases (by `_id`), the settings, and the member's valid coupons that are unused or
 * this birthday's (any status) — a sub-pipeline on the coupons' member index. A member that
 * is gone or deleted → AUTH.NOT_MEMBER.
 */
async function cardFacts(
  ctx: Ctx,
  memberId: string,
  birthdayKeys: string[],
): Promise<{
  member: MemberDoc;
  settings: Settings;
  names: Map<string, string>;
  coupons: CouponDoc[];
  toRate: TicketDoc[];
}> {
  const _ = ctx.db.command;
  const couponFilter = _.and([
    { memberId, validUntil: _.gte(ctx.now) },
    _.or([{ status: 'unused' }, { issueKey: _.in(birthdayKeys) }]),
  ]);
  const res = (await ctx.db
    .collection('members')
    .aggregate()
    .match({ _id: memberId })
    .limit(1)
    .lookup({ from: 'stores', localField: 'homeStoreId', foreignField: '_id', as: 'homeStore' })
    .lookup({
      from: 'stores',
      localField: 'recentPurchases.storeId',
      foreignField: '_id',
      as: 'purchaseStores',
    })
    .lookup(settingsLookup(ctx.db))
    .lookup({
      from: 'coupons',
      pipeline: _.aggregate.pipeline().match(couponFilter).limit(CARD_COUPONS_LIMIT).done(),
      as: 'coupons',
    })
    .lookup({
      from: 'tickets',
      pipeline: _.aggregate
        .pipeline()
        .match({ memberId, state: 'resolved', rating: null })
        .limit(CARD_TICKETS_LIMIT)
        .done(),
      as: 'toRate',
    })
    .end()) as { list: Doc[] };
  const row = res.list[0];
  if (!row || row.status !== 'active') throw new AppError('AUTH.NOT_MEMBER');
  const { homeStore, purchaseStores, settings, coupons, toRate, ...member } = row;
  const stores = [...(homeStore ?? []), ...(purchaseStores ?? [])] as StoreDoc[];
  return {
    member: member as MemberDoc,
    settings: settingsFromDoc(settings?.[0]),
    names: new Map(stores.map((s) => [s._id, s.name])),
    coupons: (coupons ?? []) as CouponDoc[],
    toRate: (toRate ?? []) as TicketDoc[],
  };
}

/**
 * The issue keys this birthday's coupon may carry: it is issued a day or more before the
 * birthday with the birthday's year, which around New Year may be last or next year.
 */
function birthdayCouponKeys(memberId: string, now: number): string[] {
  const year = shanghaiParts(now).year;
  return [year - 1, year, year + 1].map((y) => opKeys.birthday(memberId, y));
}

/**
 * A member whose list lacks purchases (from before `recentPurchases`): the newest orders
 * are read and merged in, and the list is written back only if no purchase or refund moved
 * the member (`updatedAt`) since it was read — a later card open tries again. Store names
 * missing from `names` are added to it.
 */
async function backfillRecentPurchases(
  ctx: Ctx,
  member: MemberDoc,
  names: Map<string, string>,
): Promise<RecentPurchase[]> {
  const { db } = ctx;
  const orders = (
    await db
      .collection('orders')
      .where({ memberId: member._id })
      .orderBy('createdAt', 'desc')
      .limit(RECENT_PURCHASES_KEPT)
      .get()
  ).data as OrderDoc[];
  const list = mergeRecent(member.recentPurchases, orders.map(recentPurchaseOf));
  const [more] = await Promise.all([
    storeNames(
      db,
      list.map((p) => p.storeId).filter((id) => !names.has(id)),
    ),
    db
      .collection('members')
      .where({
        _id: member._id,
        status: 'active',
        // never an undefined value in a filter: it would be dropped, widening the match
        updatedAt: member.updatedAt ?? db.command.exists(false),
      })
      .update({ data: { recentPurchases: db.command.set(list) } }),
  ]);
  for (const [id, name] of more) names.set(id, name);
  return list;
}
