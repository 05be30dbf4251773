/**
 * The optional profile (name, gender, birthday, preferences) and the marketing consent.
 *
 * The birthday drives birthday gifts, so the member sets it once: the write is conditional
 * on `birthday: null`, and a different birthday afterwards is PROFILE.BIRTHDAY_LOCKED
 * (a clerk changes it). Sending the same birthday again is accepted (a retried request).
 * Setting it also sets `birthdayDueAt`, so the birthday job greets this year's birthday
 * even when it is tomorrow and today's run is over (domain/birthdayGreeting.ts).
 * Completing name + gender + birthday the first time awards the profile points once:
 * `awardPoints` is keyed `profile:<memberId>` (idempotent), and only then is
 * `profileCompletedAt` set, so a crash in between is healed by the next save.
 */
import type { ProfileView } from '@/contracts/member';
import { AppError } from '@/contracts/errors';
import { ensureRecordableBirthday } from '@/domain/birthday';
import { isProfileComplete } from '@/domain/profileCompletion';
import { firstBirthdayDue } from '@/domain/birthdayGreeting';
import type { Ctx } from '../_shared/runtime';
import { getById } from '../_shared/db';
import { loadSettings } from '../_shared/repos/settings';
import { requireMember, type MemberDoc } from '../_shared/repos/members';
import { recordConsent } from '../_shared/repos/consents';
import { awardPoints } from '../_shared/repos/points';

type BirthdayInput = { month: number; day: number; year: number | null };
export type ProfileInput = {
  name?: string;
  gender?: 'female' | 'male';
  birthday?: BirthdayInput;
  preferences?: string[];
};

export function profileView(m: MemberDoc): ProfileView {
  return {
    name: m.name ?? null,
    gender: m.gender ?? null,
    birthday: m.birthday
      ? { month: m.birthday.month, day: m.birthday.day, year: m.birthday.year ?? null }
      : null,
    birthdayLocked: m.birthday != null,
    preferences: m.preferences ?? [],
    profileCompleted: m.profileCompletedAt != null,
    marketingConsent: m.consent?.marketing != null,
    privacyConsent: m.consent?.privacy
      ? { version: m.consent.privacy.version, at: m.consent.privacy.at }
      : null,
  };
}

export async function getProfile(ctx: Ctx): Promise<ProfileView> {
  return profileView(await requireMember(ctx.db, ctx.identity.openid));
}

const sameBirthday = (a: MemberDoc['birthday'], b: BirthdayInput) =>
  a != null && a.month === b.month && a.day === b.day && (a.year ?? null) === b.year;

export async function updateProfile(
  ctx: Ctx,
  input: ProfileInput,
): Promise<{ profile: ProfileView; pointsAwarded: number }> {
  const { db, now } = ctx;
  const _ = db.command;
  if (input.birthday) {
    const b = input.birthday;
    ensureRecordableBirthday(b, now);
  }
  let member = await requireMember(db, ctx.identity.openid);

  for (let attempt = 0; attempt < 2; attempt++) {
    const changes: Record<string, unknown> = {};
    const applied: Partial<MemberDoc> = {};
    if (input.name !== undefined && input.name !== member.name)
      applied.name = changes.name = input.name;
    if (input.gender !== undefined && input.gender !== member.gender)
      applied.gender = changes.gender = input.gender;
    if (input.preferences !== undefined) {
      applied.preferences = [...new Set(input.preferences)];
      changes.preferences = _.set(applied.preferences);
    }
    const b = input.birthday;
    const setsBirthday = b !== undefined && member.birthday == null;
    if (b !== undefined && !setsBirthday && !sameBirthday(member.birthday, b))
      throw new AppError('PROFILE.BIRTHDAY_LOCKED');
    if (setsBirthday) {
      applied.birthday = { month: b.month, day: b.day, year: b.year };
      applied.birthdayDueAt = firstBirthdayDue(applied.birthday, now);
      changes.birthday = _.set(applied.birthday);
      changes.birthdayDueAt = applied.birthdayDueAt;
    }
    if (Object.keys(changes).length === 0) break;
    changes.updatedAt = now;
    const res = await db
      .collection('members')
      .where({ _id: member._id, status: 'active', ...(setsBirthday ? { birthday: null } : {}) })
      .update({ data: changes });
    if (res.stats.updated === 1) {
      member = { ...member, ...applied, updatedAt: now };
      break;
    }
    // someone set the birthday (or deleted the account) meanwhile: look again
    const fresh = await getById<MemberDoc>(db, 'members', member._id);
    if (!fresh || fresh.status !== 'active') throw new AppError('AUTH.NOT_MEMBER');
    member = fresh;
    if (attempt === 1) throw new AppError('COMMON.CONFLICT');
  }

  const pointsAwarded = await completeProfileOnce(ctx, member);
  if (pointsAwarded !== null) member = { ...member, profileCompletedAt: now };
  return { profile: profileView(member), pointsAwarded: pointsAwarded ?? 0 };
}

/** Award the completion points the first time the profile is complete; null when not applicable. */
async function completeProfileOnce(ctx: Ctx, member: MemberDoc): Promise<number | null> {
  if (member.profileCompletedAt != null || !isProfileComplete(member)) return null;
  const { db, now } = ctx;
  const settings = await loadSettings(db);
  const points = settings.points.profileCompletionPoints;
  let awarded = 0;
  if (points > 0) {
    const result = await awardPoints(ctx, {
      memberId: member._id,
      points,
      reason: 'profile',
      key: `profile:${member._id}`,
    });
    awarded = result.awarded ? points : 0;
  }
  await db
    .collection('members')
    .where({ _id: member._id, profileCompletedAt: null })
    .update({ data: { profileCompletedAt: now, updatedAt: now } });
  return awarded;
}

export async function setMarketingConsent(ctx: Ctx, granted: boolean): Promise<ProfileView> {
  const { db, now } = ctx;
  const member = await requireMember(db, ctx.identity.openid);
  if ((member.consent?.marketing != null) === granted) return profileView(member);
  const settings = await loadSettings(db);
  const marketing = granted ? { at: now, version: settings.privacy.consentVersion } : null;
  const res = await db
    .collection('members')
    .where({ _id: member._id, status: 'active' })
    .update({
      data: {
        consent: { marketing: marketing ? db.command.set(marketing) : null },
        updatedAt: now,
      },
    });
  if (res.stats.updated !== 1) throw new AppError('AUTH.NOT_MEMBER');
  await recordConsent(db, ctx.ids, {
    memberId: member._id,
    kind: 'marketing',
    granted,
    version: settings.privacy.consentVersion,
    channel: 'profile',
    storeId: null,
    at: now,
  });
  return profileView({ ...member, consent: { ...member.consent, marketing } });
}
