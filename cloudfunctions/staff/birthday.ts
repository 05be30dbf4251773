/**
 * A member's birthday set or corrected at the till. Members set it once themselves
 * (member.updateProfile); afterwards only a clerk changes it, with the member present,
 * because the birthday drives gifts. The change records who made it and when
 * (`birthdayChangedBy`); this year's birthday coupon is keyed by year
 * (`birthday:<memberId>:<year>`), so moving the date never earns a second one; the
 * recomputed `birthdayDueAt` lets the birthday job greet a date that is already due.
 */
import { AppError } from '@/contracts/errors';
import { ROLES } from '@/contracts/staff';
import { ensureRecordableBirthday } from '@/domain/birthday';
import { firstBirthdayDue } from '@/domain/birthdayGreeting';
import type { Ctx } from '../_shared/runtime';
import { getById } from '../_shared/db';
import type { MemberDoc } from '../_shared/repos/members';
import { requireStaff } from '../_shared/repos/staff';
import { logEvent } from '../_shared/log';

export async function setMemberBirthday(
  ctx: Ctx,
  input: { memberId: string; birthday: { month: number; day: number; year: number | null } },
): Promise<{ birthdayText: string }> {
  const { db, now } = ctx;
  const _ = db.command;
  const staff = await requireStaff(ctx, ROLES);
  const b = input.birthday;
  ensureRecordableBirthday(b, now);
  const member = await getById<MemberDoc>(db, 'members', input.memberId);
  if (!member) throw new AppError('MEMBER.NOT_FOUND');
  const res = await db
    .collection('members')
    .where({ _id: member._id, status: 'active' })
    .update({
      data: {
        birthday: _.set({ month: b.month, day: b.day, year: b.year }),
        birthdayDueAt: firstBirthdayDue(b, now),
        birthdayChangedBy: _.set({ staffId: staff._id, storeId: staff.storeId ?? null, at: now }),
        updatedAt: now,
      },
    });
  if (res.stats.updated !== 1 && member.status !== 'active') throw new AppError('MEMBER.DELETED');
  logEvent('member.birthday_set_by_staff', { memberId: member._id, staffId: staff._id });
  return { birthdayText: `${b.month}月${b.day}日` };
}
