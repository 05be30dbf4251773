/**
 * The one member of a phone (member/signup.ts): found, or inserted in one transaction with
 * the claims on its phone and member number (repos/claims.ts), so of any number of
 * simultaneous signups with one phone exactly one creates it; the caller's WeChat identity
 * linked to it; the privacy consent recorded when the member lacks this version.
 */
import { countJoined } from '../_shared/rollups';
import { AppError } from '@/contracts/errors';
import { phoneTail } from '@/domain/customers/search';
import { emptyStats } from '@/domain/memberStats';
import type { Settings } from '@/domain/settings';
import type { Ctx } from '../_shared/runtime';
import { findOne, isDuplicateKeyError, isTransactionConflict, runTransaction } from '../_shared/db';
import { addClaim, ClaimTaken, claimId, phoneClaimId } from '../_shared/repos/claims';
import type { IdentityDoc, MemberDoc } from '../_shared/repos/members';
import { recordConsent } from '../_shared/repos/consents';

export async function findOrCreateMember(
  ctx: Ctx,
  settings: Settings,
  phone: string,
  origin: { storeId: string | null; clerkId: string | null; consentVersion: string },
): Promise<{ member: MemberDoc; created: boolean }> {
  const { db, now, ids } = ctx;
  for (let attempt = 0; attempt < 6; attempt++) {
    const found = await findOne<MemberDoc>(db, 'members', { phone });
    if (found) {
      if (found.status !== 'active') throw new AppError('MEMBER.DELETED');
      await recordConsentIfMissing(ctx, found, origin.consentVersion, origin.storeId);
      return { member: found, created: false };
    }
    const member: MemberDoc = {
      _id: ids.docId(),
      memberNo: ids.int(10_000_000, 100_000_000),
      phone,
      phoneTail: phoneTail(phone),
      name: null,
      gender: null,
      birthday: null,
      preferences: [],
      level: 'normal',
      points: { balance: 0, lifetime: 0 },
      stats: emptyStats(),
      recentPurchases: [],
      source: { storeId: origin.storeId, clerkId: origin.clerkId, channel: 'qr', at: now },
      homeStoreId: origin.storeId,
      clerkId: origin.clerkId,
      consent: { privacy: { version: origin.consentVersion, at: now }, marketing: null },
      profileCompletedAt: null,
      giftPending: settings.newMemberGift.enabled,
      status: 'active',
      createdAt: now,
      updatedAt: now,
    };
    const claim = (_id: string, kind: 'phone' | 'memberNo') =>
      ({ _id, kind, owner: member._id, at: now }) as const;
    try {
      await runTransaction(
        db,
        async (tx) => {
          await addClaim(tx, claim(phoneClaimId(phone, ctx.config.piiHashSecret), 'phone'));
          await addClaim(tx, claim(claimId('memberNo', member.memberNo), 'memberNo'));
          await tx.collection('members').add({ data: member });
        },
        { attempts: 10 },
      );
    } catch (e) {
      // another signup with this phone won the race (or, rarely, the member number was taken;
      // or a unique index of members tripped on a member from before the claims)
      if (e instanceof ClaimTaken || isDuplicateKeyError(e) || isTransactionConflict(e)) continue;
      throw e;
    }
    // the store's new members of the day (dailyRollups; the nightly pass recounts yesterday)
    if (origin.storeId)
      await countJoined(ctx, { _id: member._id, createdAt: now, storeId: origin.storeId });
    return { member, created: true };
  }
  throw new AppError('COMMON.CONFLICT');
}

/** An imported member (or one who agreed to an older version) agrees here. */
export async function recordConsentIfMissing(
  ctx: Ctx,
  member: MemberDoc,
  version: string,
  storeId: string | null,
) {
  if (member.consent?.privacy?.version === version) return;
  const privacy = { version, at: ctx.now };
  await ctx.db
    .collection('members')
    .doc(member._id)
    .update({ data: { consent: { privacy: ctx.db.command.set(privacy) }, updatedAt: ctx.now } });
  member.consent = { ...member.consent, privacy };
  await recordConsent(ctx.db, ctx.ids, {
    memberId: member._id,
    kind: 'privacy',
    granted: true,
    version,
    channel: 'signup',
    storeId,
    at: ctx.now,
  });
}

export async function linkIdentity(ctx: Ctx, memberId: string) {
  const identity: IdentityDoc = {
    _id: ctx.identity.openid,
    memberId,
    appid: ctx.identity.appid,
    unionid: ctx.identity.unionid || null,
    linkedAt: ctx.now,
  };
  try {
    await ctx.db.collection('identities').add({ data: identity });
  } catch (e) {
    if (!isDuplicateKeyError(e)) throw e; // the same identity signing up twice at once
  }
}
