/**
 * The till's member lookup: by the rotating member code (scanned or typed) or by phone.
 * Who sees the member's full form of address and birthday follows the one ownership rule
 * (src/domain/ownership.ts: own clerk, the store's clerks while nobody has served them,
 * the store's manager, HQ); everyone else sees the surname masked. The phone is always
 * masked. Coupons listed are those usable now at this store (unused, in
 * their validity window, not limited to other stores); the category/threshold check
 * happens when the purchase is recorded. `findCoupon` finds one of them by the code the
 * member's wallet shows, or says why it cannot be used here.
 */
import { AppError } from '@/contracts/errors';
import type { PurchaseView } from '@/contracts/member';
import type { TillMemberView } from '@/contracts/staff';
import type { CouponView } from '@/contracts/member';
import { checkCouponUsable } from '@/domain/coupons';
import { sortWallet } from '@/domain/couponWallet';
import { honorific, maskName, maskPhone } from '@/domain/masking';
import { verifyMemberCode } from '@/domain/memberCode';
import { isOwnClerk, seesInFull, type StaffViewer } from '@/domain/ownership';
import type { Ctx } from '../_shared/runtime';
import { findOne, getById } from '../_shared/db';
import { couponView, type CouponDoc } from '../_shared/repos/coupons';
import type { MemberDoc } from '../_shared/repos/members';
import { purchaseView, type OrderDoc } from '../_shared/repos/orders';
import { requireStaff, tillStoreOf, TILL_ROLES, type StaffDoc } from '../_shared/repos/staff';
import { storeNames } from '../_shared/repos/stores';

/** The ownership rule's viewer for a staff record. */
export const viewerOf = (staff: StaffDoc): StaffViewer => ({
  staffId: staff._id,
  role: staff.role,
  storeId: staff.storeId,
});

/** How staff see a member's name: 张女士 for those who see them in full, 张** otherwise. */
export function staffDisplayName(
  member: Pick<MemberDoc, 'name' | 'gender' | 'phone' | 'clerkId' | 'homeStoreId'>,
  staff: StaffDoc,
): string {
  if (!member.name) return `会员${member.phone.slice(-4)}`;
  return seesInFull(viewerOf(staff), member)
    ? honorific(member.name, member.gender)
    : maskName(member.name);
}

/**
 * The names these staff see of these members, by member id (one request): the ownership
 * rule's staffDisplayName; '会员' for a member who is gone.
 */
export async function displayNamesFor(
  ctx: Ctx,
  staff: StaffDoc,
  memberIds: readonly string[],
): Promise<(memberId: string) => string> {
  const { db } = ctx;
  const ids = [...new Set(memberIds)];
  const members = ids.length
    ? ((
        await db
          .collection('members')
          .where({ _id: db.command.in(ids) })
          .field({ name: true, gender: true, phone: true, clerkId: true, homeStoreId: true })
          .limit(ids.length)
          .get()
      ).data as MemberDoc[])
    : [];
  const byId = new Map(members.map((m) => [m._id, m]));
  return (id) => {
    const m = byId.get(id);
    return m ? staffDisplayName(m, staff) : '会员';
  };
}

export async function findMemberForTill(
  ctx: Ctx,
  input: { memberCode?: string; phone?: string },
): Promise<MemberDoc> {
  let member: MemberDoc | null;
  if (input.memberCode) {
    const code = verifyMemberCode(input.memberCode, ctx.config.memberCodeSecret, ctx.now);
    if ('error' in code) throw new AppError('MEMBER.CODE_INVALID');
    member = await findOne<MemberDoc>(ctx.db, 'members', { memberNo: code.memberNo });
  } else if (input.phone) {
    member = await findOne<MemberDoc>(ctx.db, 'members', { phone: input.phone });
  } else {
    throw new AppError('COMMON.INVALID_INPUT');
  }
  if (!member) throw new AppError('MEMBER.NOT_FOUND');
  if (member.status !== 'active') throw new AppError('MEMBER.DELETED');
  return member;
}

export async function lookupMember(
  ctx: Ctx,
  input: { memberCode?: string; phone?: string },
): Promise<{ member: TillMemberView }> {
  const { db, now } = ctx;
  const _ = db.command;
  const staff = await requireStaff(ctx, TILL_ROLES);
  const storeId = tillStoreOf(staff);
  const member = await findMemberForTill(ctx, input);
  const own = isOwnClerk(viewerOf(staff), member);
  const full = seesInFull(viewerOf(staff), member);
  const orderFilter = own ? { memberId: member._id } : { memberId: member._id, storeId };
  const [coupons, orders, clerk] = await Promise.all([
    db
      .collection('coupons')
      .where({
        memberId: member._id,
        status: 'unused',
        validFrom: _.lte(now),
        validUntil: _.gte(now),
      })
      .limit(100)
      .get()
      .then((r) =>
        (r.data as CouponDoc[]).filter(
          (c) => c.storeIds.length === 0 || c.storeIds.includes(storeId),
        ),
      ),
    db
      .collection('orders')
      .where(orderFilter)
      .orderBy('createdAt', 'desc')
      .limit(5)
      .get()
      .then((r) => r.data as OrderDoc[]),
    member.clerkId
      ? own
        ? Promise.resolve(staff)
        : getById<StaffDoc>(db, 'staff', member.clerkId)
      : Promise.resolve(null),
  ]);
  const names = await storeNames(db, [...orders.map((o) => o.storeId), member.homeStoreId ?? '']);
  const recentPurchases: PurchaseView[] = orders.map((o) => purchaseView(o, names));
  return {
    member: {
      memberId: member._id,
      memberNo: member.memberNo,
      displayName: staffDisplayName(member, staff),
      phoneMasked: maskPhone(member.phone),
      level: member.level,
      points: { balance: member.points?.balance ?? 0, lifetime: member.points?.lifetime ?? 0 },
      coupons: sortWallet(coupons, now).map((c) => couponView(c, now)),
      ownCustomer: own,
      clerkName: clerk?.name ?? null,
      homeStoreName: member.homeStoreId ? (names.get(member.homeStoreId) ?? null) : null,
      recentPurchases,
      birthdayText: member.birthday
        ? full
          ? `${member.birthday.month}月${member.birthday.day}日`
          : '已登记'
        : null,
    },
  };
}

/**
 * The member's coupon with this code, usable now at the caller's store; else COUPON.NOT_FOUND
 * (no such code, or another member's: the clerk learns nothing about other members),
 * COUPON.ALREADY_USED, COUPON.EXPIRED, COUPON.NOT_STARTED or COUPON.NOT_APPLICABLE (store).
 * Category and threshold wait for the order: the till judges them as amounts are typed.
 */
export async function findCoupon(
  ctx: Ctx,
  input: { memberId: string; code: string },
): Promise<{ coupon: CouponView }> {
  const staff = await requireStaff(ctx, TILL_ROLES);
  const storeId = tillStoreOf(staff);
  const coupon = await findOne<CouponDoc>(ctx.db, 'coupons', { code: input.code.toUpperCase() });
  if (!coupon || coupon.memberId !== input.memberId)
    throw new AppError('COUPON.NOT_FOUND', '找不到这张优惠券，请核对券码是否属于这位会员');
  // one line that meets any category and threshold: only validity and store are judged here
  const check = checkCouponUsable(coupon, {
    now: ctx.now,
    storeId,
    lines: [{ category: coupon.categories[0] ?? '', amountFen: Math.max(coupon.thresholdFen, 1) }],
  });
  if (!check.ok)
    throw check.code === 'COUPON.NOT_APPLICABLE'
      ? new AppError('COUPON.NOT_APPLICABLE', '这张优惠券不适用于本店')
      : new AppError(check.code);
  return { coupon: couponView(coupon, ctx.now) };
}
