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
import type { CouponView, SceneInfo } from '@/contracts/member';
import { emptyStats } from '@/domain/memberStats';
import { ensurePhone } from '@/domain/phone';
import { planNewMemberGift, type GiftDecision, type GiftRefusal } from '@/domain/newMemberGift';
import type { Settings } from '@/domain/settings';
import type { Ctx } from '../_shared/runtime';
import { giftClaimId } from '../_shared/giftClaims';
import {
  findOne,
  getById,
  isDuplicateKeyError,
  isTransactionConflict,
  runTransaction,
  type Doc,
} from '../_shared/db';
import { addClaim, ClaimTaken, claimId, phoneClaimId } from '../_shared/repos/claims';
import { loadSettings, SETTINGS_ID, settingsFromDoc } from '../_shared/repos/settings';
import type { IdentityDoc, MemberDoc } from '../_shared/repos/members';
import { couponView, issueCoupon, type CouponDoc } from '../_shared/repos/coupons';
import { opKeys } from '../_shared/keys';
import { recordConsent } from '../_shared/repos/consents';
import { newMemberCouponSpec } from '../_shared/giftCoupons';
import { resolveScene, verifyScene, type SceneClerk } from './scene';
import { decodeScene } from '@/domain/scene';
import type { StoreDoc } from '../_shared/repos/stores';
import { logEvent } from '../_shared/log';

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

type SignupFacts = {
  settings: Settings;
  identity: IdentityDoc | null;
  linked: MemberDoc | null;
  /** the verified checkout code (SCENE.INVALID when it is not) */
  origin: () => Promise<SceneInfo>;
};

/**
 * What signup decides on before the phone is asked for. With a checkout code (the usual
 * way in), ONE request: an aggregate on the code's store joining its clerk, the settings and
 * the caller's identity with its member. Without one (or when the store is unknown, or the
 * code does not decode), the same documents one read each.
 */
async function loadSignupFacts(ctx: Ctx, scene: string | undefined): Promise<SignupFacts> {
  const { db } = ctx;
  const decoded = scene ? decodeScene(scene, ctx.config.sceneSecret) : null;
  if (decoded && !('error' in decoded)) {
    const _ = db.command;
    const one = (match: Record<string, unknown>) =>
      _.aggregate.pipeline().match(match).limit(1).done();
    let q = db
      .collection('stores')
      .aggregate()
      .match({ _id: decoded.storeId })
      .limit(1)
      .lookup({ from: 'settings', pipeline: one({ _id: SETTINGS_ID }), as: 'settings' })
      .lookup({
        from: 'identities',
        pipeline: _.aggregate
          .pipeline()
          .match({ _id: ctx.identity.openid })
          .limit(1)
          .lookup({ from: 'members', localField: 'memberId', foreignField: '_id', as: 'member' })
          .done(),
        as: 'identity',
      });
    if (decoded.clerkId)
      q = q.lookup({ from: 'staff', pipeline: one({ _id: decoded.clerkId }), as: 'clerk' });
    const row = ((await q.end()) as { list: Doc[] }).list[0];
    if (row) {
      const { settings, identity, clerk, ...store } = row;
      const { member, ...identityDoc } = (identity?.[0] ?? {}) as Doc;
      return {
        settings: settingsFromDoc(settings?.[0]),
        identity: identity?.[0] ? (identityDoc as IdentityDoc) : null,
        linked: (member?.[0] as MemberDoc | undefined) ?? null,
        origin: async () =>
          verifyScene(decoded, store as StoreDoc, (clerk?.[0] as SceneClerk | undefined) ?? null),
      };
    }
  }
  const settings = await loadSettings(db);
  const identity = await getById<IdentityDoc>(db, 'identities', ctx.identity.openid);
  return {
    settings,
    identity,
    linked: identity ? await getById<MemberDoc>(db, 'members', identity.memberId) : null,
    origin: () => resolveScene(ctx, scene ?? ''),
  };
}

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

async function findOrCreateMember(
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
    return { member, created: true };
  }
  throw new AppError('COMMON.CONFLICT');
}

/** An imported member (or one who agreed to an older version) agrees here. */
async function recordConsentIfMissing(
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

async function linkIdentity(ctx: Ctx, memberId: string) {
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

/** What signup did about the gift: the coupon, or why none (domain newMemberGift.ts). */
type GiftOutcome = { coupon: CouponDoc; refusal: null } | { coupon: null; refusal: GiftRefusal };
const refused = (refusal: GiftRefusal): GiftOutcome => ({ coupon: null, refusal });

/**
 * The 新人礼 coupon, as the domain plans it: only the request that clears the member's
 * `giftPending` flag goes on (so the cap counts each person once), then the daily cap, the
 * person's claim and the coupon; a reservation is given back when a later step refuses.
 */
async function giveNewMemberGift(
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
