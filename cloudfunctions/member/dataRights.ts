/**
 * Data rights: export everything stored about the caller, withdraw (or give again) the
 * privacy consent, and delete the account.
 *
 * "Everything" is the member document plus every document of each collection declared
 * with a `memberId`-leading index in database/indexes.json (identities, orders, coupons,
 * point lots and ledger, subscriptions, consents, outbox, and any collection added later
 * the same way), so a new per-member collection is exported without touching this file.
 *
 * Deletion erases personal data and keeps the books:
 * - the member document stays (its _id is what the ledgers point to) with the phone
 *   replaced by a unique tombstone `deleted:<memberId>` and the phone's claim
 *   (repos/claims.ts) removed in the same transaction, so the same phone may sign up again
 *   as a new member; name, gender, birthday, preferences and consents cleared, status
 *   `deleted`;
 * - identities (the WeChat OPENIDs) and subscription credits are removed in the same
 *   transaction, so the caller is a visitor at once;
 * - queued or sent messages (their data may address the member by name) are removed;
 * - the consent log records the withdrawal; orders, coupons, point lots and the points
 *   ledger keep their memberId, so balances and coupon counts still add up.
 *
 * Withdrawing the privacy consent (domain/consent.ts decides) keeps the membership and
 * stops every message: the consent (and the marketing consent with it) is cleared by an
 * update conditional on the version withdrawn, unspent subscription credits are zeroed, and
 * each change is appended to the consent log. Giving it again agrees to the current notice.
 */
import { AppError } from '@/contracts/errors';
import type { ProfileView } from '@/contracts/member';
import { planPrivacyConsent } from '@/domain/consent';
import indexes from '../../database/indexes.json';
import type { Ctx } from '../_shared/runtime';
import type { Doc } from '../_shared/db';
import { logEvent } from '../_shared/log';
import { loadSettings } from '../_shared/repos/settings';
import { requireMember, type IdentityDoc, type MemberDoc } from '../_shared/repos/members';
import { subscriptionsOf } from '../_shared/repos/subscriptions';
import { recordConsent } from '../_shared/repos/consents';
import { CLAIMS, phoneClaimId } from '../_shared/repos/claims';
import { getById } from '../_shared/db';
import { profileView } from './profile';

type IndexSpec = { name: string; keys: Record<string, number>; unique?: boolean };

/** Collections holding documents per member: those indexed by memberId first. */
export const MEMBER_COLLECTIONS: string[] = Object.entries(
  indexes.collections as unknown as Record<string, IndexSpec[]>,
)
  .filter(
    ([name, specs]) =>
      name !== 'members' && specs.some((s) => Object.keys(s.keys)[0] === 'memberId'),
  )
  .map(([name]) => name)
  .sort();

const PAGE = 100;
/** a safety bound per collection; far above any real member's history */
const MAX_DOCS = 20_000;

async function allOf(ctx: Ctx, collection: string, memberId: string): Promise<Doc[]> {
  const _ = ctx.db.command;
  const out: Doc[] = [];
  let after = '';
  while (out.length < MAX_DOCS) {
    const filter = after ? { memberId, _id: _.gt(after) } : { memberId };
    const res = await ctx.db
      .collection(collection)
      .where(filter)
      .orderBy('_id', 'asc')
      .limit(PAGE)
      .get();
    out.push(...res.data);
    if (res.data.length < PAGE) break;
    after = String(res.data[res.data.length - 1]._id);
  }
  return out;
}

export async function exportData(
  ctx: Ctx,
): Promise<{ exportedAt: number; data: Record<string, unknown> }> {
  const member = await requireMember(ctx.db, ctx.identity.openid);
  const parts = await Promise.all(
    MEMBER_COLLECTIONS.map(async (c) => [c, await allOf(ctx, c, member._id)] as const),
  );
  logEvent('member.export', { memberId: member._id });
  return { exportedAt: ctx.now, data: { member, ...Object.fromEntries(parts) } };
}

export async function setPrivacyConsent(
  ctx: Ctx,
  input: { granted: boolean; consentVersion?: string },
): Promise<ProfileView> {
  const { db, now } = ctx;
  const _ = db.command;
  const [member, settings] = await Promise.all([
    requireMember(db, ctx.identity.openid),
    loadSettings(db),
  ]);
  const current = settings.privacy.consentVersion;
  const decision = planPrivacyConsent(
    member.consent,
    input.granted ? { granted: true, version: input.consentVersion ?? '' } : { granted: false },
    current,
    now,
  );
  if (decision.kind === 'outdated') throw new AppError('CONSENT.OUTDATED');
  if (decision.kind === 'unchanged') return profileView(member);

  const log = (kind: 'privacy' | 'marketing', granted: boolean, version: string) =>
    recordConsent(db, ctx.ids, {
      memberId: member._id,
      kind,
      granted,
      version,
      channel: 'profile',
      storeId: null,
      at: now,
    });
  const changed = async (where: Record<string, unknown>, data: Record<string, unknown>) => {
    const res = await db
      .collection('members')
      .where({ _id: member._id, status: 'active', ...where })
      .update({ data: { ...data, updatedAt: now } });
    return res.stats.updated === 1;
  };
  const fresh = async () => {
    const doc = await getById<MemberDoc>(db, 'members', member._id);
    if (!doc || doc.status !== 'active') throw new AppError('AUTH.NOT_MEMBER');
    return profileView(doc);
  };

  if (decision.kind === 'grant') {
    // conditional: of two taps at once, one agrees and logs it
    const granted = await changed(
      { consent: { privacy: { version: _.neq(current) } } },
      { consent: { privacy: _.set(decision.privacy) } },
    );
    if (!granted) return fresh();
    await log('privacy', true, current);
    return profileView({ ...member, consent: { ...member.consent, privacy: decision.privacy } });
  }

  const withdrawn = await changed(
    { consent: { privacy: { version: decision.version } } },
    { consent: _.set({ privacy: null, marketing: null }) },
  );
  if (!withdrawn) return fresh();
  // a credit left would promise a message that is no longer sent
  await db
    .collection('subscriptions')
    .where({ memberId: member._id, credits: _.gt(0) })
    .update({ data: { credits: 0, updatedAt: now } });
  await log('privacy', false, decision.version);
  if (decision.marketing) await log('marketing', false, current);
  logEvent('member.privacy_withdrawn', { memberId: member._id });
  return profileView({ ...member, consent: { privacy: null, marketing: null } });
}

export async function deleteAccount(ctx: Ctx): Promise<{ deleted: true }> {
  const { db, now } = ctx;
  const _ = db.command;
  const member = await requireMember(db, ctx.identity.openid);
  const [identities, subscriptions, settings] = await Promise.all([
    db
      .collection('identities')
      .where({ memberId: member._id })
      .limit(1000)
      .get()
      .then((r) => r.data as IdentityDoc[]),
    subscriptionsOf(db, member._id),
    loadSettings(db),
  ]);

  await db.runTransaction(async (tx) => {
    const current = (await tx.collection('members').doc(member._id).get()).data as
      | MemberDoc
      | undefined;
    if (!current || current.status !== 'active') throw new AppError('AUTH.NOT_MEMBER');
    await tx
      .collection('members')
      .doc(member._id)
      .update({
        data: {
          phone: `deleted:${member._id}`,
          phoneTail: null,
          name: null,
          gender: null,
          birthday: null,
          birthdayDueAt: null,
          preferences: _.set([]),
          consent: _.set({ privacy: null, marketing: null }),
          giftPending: false,
          // what staff knew of the person: computed tags, clerks' manual tags (notes below)
          tags: _.set({}),
          tagKeys: _.set([]),
          tagReviewAt: null,
          manualTags: _.set([]),
          status: 'deleted',
          deletedAt: now,
          updatedAt: now,
        },
      });
    // the phone may sign up again, as a new member (the member number stays claimed)
    await tx.collection(CLAIMS).doc(phoneClaimId(member.phone, ctx.config.piiHashSecret)).remove();
    for (const identity of identities) await tx.collection('identities').doc(identity._id).remove();
    for (const sub of subscriptions) await tx.collection('subscriptions').doc(sub._id).remove();
  });

  await db.collection('outbox').where({ memberId: member._id }).remove();
  await db.collection('memberNotes').where({ memberId: member._id }).remove();
  const withdrawn = [
    ...(member.consent?.privacy ? (['privacy'] as const) : []),
    ...(member.consent?.marketing ? (['marketing'] as const) : []),
  ];
  for (const kind of withdrawn) {
    await recordConsent(db, ctx.ids, {
      memberId: member._id,
      kind,
      granted: false,
      version: settings.privacy.consentVersion,
      channel: 'deleteAccount',
      storeId: null,
      at: now,
    });
  }
  logEvent('member.deleted', { memberId: member._id });
  return { deleted: true };
}
