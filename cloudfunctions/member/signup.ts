/**
 * Signup with the phone alone.
 *
 * One member per person across the chain: the member is inserted in one transaction with
 * the claims on its phone and member number (`uniqueClaims`, ids derived from the values:
 * repos/claims.ts), so of any number of simultaneous signups with one phone exactly one
 * creates the member — without relying on a unique index — and the rest link their WeChat
 * identity to it. An existing member (imported, or signed up at
 * another store or from another WeChat identity) is linked, never duplicated, and keeps
 * the store and clerk who first brought them in.
 *
 * Split by concept: what it reads first (signupFacts.ts), the member and identity
 * (signupMember.ts), the gift (giveNewMemberGift.ts); this file decides the order.
 *
 * The new-member gift follows domain/newMemberGift.ts (once per member, within the daily
 * cap, once per phone even after account deletion, once per coupon key); the reply carries
 * the coupon or why none was given (`giftRefusal`), which the landing page shows. Reaching
 * the cap never blocks the signup. The person's `giftClaims` document is a keyed hash
 * (HMAC) of the phone — not the phone, and not linked to any member — kept after deletion.
 *
 * Consent: the version the visitor agreed to must be the current one (CONSENT.OUTDATED
 * otherwise, before anything is written: the page then shows the new notice); it is stored
 * on the member (what, which version, when) and appended to the consent log. Marketing
 * consent is separate (profile).
 */
import { AppError } from '@/contracts/errors';
import type { CouponView } from '@/contracts/member';
import { ensurePhone } from '@/domain/phone';
import type { GiftRefusal } from '@/domain/newMemberGift';
import type { Ctx } from '../_shared/runtime';
import { couponView } from '../_shared/repos/coupons';
import { recordConsent } from '../_shared/repos/consents';
import { logEvent } from '../_shared/log';
import { loadSignupFacts } from './signupFacts';
import { findOrCreateMember, linkIdentity, recordConsentIfMissing } from './signupMember';
import { giveNewMemberGift, type GiftOutcome } from './giveNewMemberGift';

export type SignupInput = { phoneCode: string; scene?: string; consentVersion: string };
export type SignupResult = {
  memberId: string;
  created: boolean;
  giftCoupon: CouponView | null;
  giftRefusal: GiftRefusal | null;
};

export async function signup(ctx: Ctx, input: SignupInput): Promise<SignupResult> {
  const { db, now } = ctx;
  const openid = ctx.identity.openid;
  if (!openid) throw new AppError('AUTH.NO_IDENTITY');

  const facts = await loadSignupFacts(ctx, input.scene);
  const settings = facts.settings;
  // the page shows the notice of getPrivacyNotice and sends its version back: another
  // version was read before HQ changed the notice (or never read at all)
  if (input.consentVersion !== settings.privacy.consentVersion)
    throw new AppError('CONSENT.OUTDATED');

  const existing = facts.identity;
  if (existing) {
    const linked = facts.linked;
    if (linked && linked.status === 'active') {
      // a retried signup: finish what the first attempt may not have (consent, gift)
      await recordConsentIfMissing(ctx, linked, input.consentVersion, null);
      const gift = await giveNewMemberGift(ctx, settings, linked, false, linked.homeStoreId);
      return replyOf(linked._id, false, gift, now);
    }
    // left over from a deleted account: this identity is a visitor again
    await db.collection('identities').where({ _id: openid, memberId: existing.memberId }).remove();
  }

  const origin = input.scene ? await facts.origin() : null;
  const phone = await resolvePhone(ctx, input.phoneCode);

  const { member, created } = await findOrCreateMember(ctx, settings, phone, {
    storeId: origin?.storeId ?? null,
    clerkId: origin?.clerkId ?? null,
    consentVersion: input.consentVersion,
  });
  await Promise.all([
    linkIdentity(ctx, member._id),
    created
      ? recordConsent(db, ctx.ids, {
          memberId: member._id,
          kind: 'privacy',
          granted: true,
          version: input.consentVersion,
          channel: 'signup',
          storeId: origin?.storeId ?? null,
          at: now,
        })
      : null,
  ]);

  const gift = await giveNewMemberGift(
    ctx,
    settings,
    member,
    created,
    origin?.storeId ?? member.homeStoreId,
  );
  logEvent('member.signup', {
    memberId: member._id,
    created,
    storeId: origin?.storeId ?? null,
    gift: gift.refusal ?? 'given',
  });
  return replyOf(member._id, created, gift, now);
}

const replyOf = (
  memberId: string,
  created: boolean,
  gift: GiftOutcome,
  now: number,
): SignupResult => ({
  memberId,
  created,
  giftCoupon: gift.coupon ? couponView(gift.coupon, now) : null,
  giftRefusal: gift.refusal,
});

async function resolvePhone(ctx: Ctx, code: string): Promise<string> {
  let res: { phoneInfo?: { purePhoneNumber?: string; countryCode?: string } };
  try {
    res = (await ctx.openapi.phonenumber.getPhoneNumber({ code })) as typeof res;
  } catch (e) {
    const errCode = (e as { errCode?: number }).errCode;
    if (errCode === 40029 || errCode === 40163) throw new AppError('PHONE.CODE_INVALID');
    throw e;
  }
  return ensurePhone(res.phoneInfo?.purePhoneNumber);
}
