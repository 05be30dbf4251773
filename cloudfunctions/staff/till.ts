/**
 * The till's member lookup: by the rotating member code (scanned or typed) or by phone.
 * The clerk sees the member's full form of address only for their own customers
 * (`member.clerkId` is the caller) and the surname with the rest masked otherwise; the
 * phone is always masked. Coupons listed are those usable now at this store (unused, in
 * their validity window, not limited to other stores); the category/threshold check
 * happens when the purchase is recorded.
 */
import { AppError } from '@/contracts/errors';
import type { PurchaseView } from '@/contracts/member';
import type { TillMemberView } from '@/contracts/staff';
import { sortWallet } from '@/domain/couponWallet';
import { honorific, maskName, maskPhone } from '@/domain/masking';
import { verifyMemberCode } from '@/domain/memberCode';
import type { Ctx } from '../_shared/runtime';
import { findOne, getById } from '../_shared/db';
import { couponView, type CouponDoc } from '../_shared/repos/coupons';
import type { MemberDoc } from '../_shared/repos/members';
import { purchaseView, type OrderDoc } from '../_shared/repos/orders';
import { requireStaff, tillStoreOf, TILL_ROLES, type StaffDoc } from '../_shared/repos/staff';
import { storeNames } from '../_shared/repos/stores';

/** How the till names a member: 张女士 for the clerk's own customers, 张** otherwise. */
export function tillDisplayName(
  member: Pick<MemberDoc, 'name' | 'gender' | 'phone'>,
  own: boolean,
): string {
  if (!member.name) return `会员${member.phone.slice(-4)}`;
  return own ? honorific(member.name, member.gender) : maskName(member.name);
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
  const own = member.clerkId === staff._id;
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
      displayName: tillDisplayName(member, own),
      phoneMasked: maskPhone(member.phone),
      level: member.level,
      points: { balance: member.points?.balance ?? 0, lifetime: member.points?.lifetime ?? 0 },
      coupons: sortWallet(coupons, now).map((c) => couponView(c, now)),
      ownCustomer: own,
      clerkName: clerk?.name ?? null,
      homeStoreName: member.homeStoreId ? (names.get(member.homeStoreId) ?? null) : null,
      recentPurchases,
      birthdayText: member.birthday
        ? own
          ? `${member.birthday.month}月${member.birthday.day}日`
          : '已登记'
        : null,
    },
  };
}
