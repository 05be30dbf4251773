/**
 * Subscribe messages to members: the one way any function sends one.
 *
 * `sendMemberMessage(ctx, { memberId, purpose, key, page, data })` sends at most once per
 * `key` (outbox document, see repos/outbox.ts), only with a credit (repos/subscriptions.ts)
 * and only within what the member agreed to:
 *
 * - `benefit` (birthday): the privacy notice every member accepts at signup covers the
 *   birthday greeting and the member notices (domain/consent.ts), so a birthday greeting
 *   needs that consent (and a credit) but not the separate marketing consent; a member who
 *   withdrew it (privacy page) gets nothing;
 * - `service` (couponExpiring, pointsChanged, levelChanged): notices about the member's own
 *   account, sent because the member accepted that very template; privacy consent + credit;
 * - `marketing` (offer: the automations' care and coupon messages): also needs the separate marketing consent
 *   (`member.consent.marketing`), which the member can withdraw at any time.
 * A deleted member (consent withdrawn, identities gone) gets nothing.
 *
 * Recipient: of the member's linked WeChat identities that hold a credit for the purpose's
 * template, the most recently linked one (credits belong to an OPENID, as in WeChat).
 * Exactly one credit is spent, by a conditional update, before the send; it is given back
 * when WeChat answers an error proving nothing was delivered, and the count is zeroed when
 * WeChat answers 43101 (no credit left on its side).
 *
 * Without a configured template or an unspent credit the call answers `skipped` after one
 * read and writes nothing (the common case on the till path); otherwise the outbox
 * document is created and the send goes through its states.
 *
 * Everything that happened is answered as data (`SendOutcome`), never thrown, except
 * database failures.
 */
import type { SentPurpose, SubscriptionPurpose } from '@/contracts/member';
import { mayReceiveMemberMessages } from '@/domain/consent';
import type { Ctx } from './runtime';
import { getById } from './db';
import { logEvent } from './log';
import type { IdentityDoc, MemberDoc } from './repos/members';
import {
  clearCredits,
  creditSpentFor,
  refundCredit,
  spendCredit,
  type SubscriptionDoc,
} from './repos/subscriptions';
import {
  claim,
  closeAbandoned,
  createOrGet,
  reopenAbandoned,
  finish,
  MAX_ATTEMPTS,
  type OutboxDoc,
  type OutboxState,
  type SkipReason,
} from './repos/outbox';

export type MessagePolicy = 'benefit' | 'service' | 'marketing';

export const PURPOSE_POLICY: Record<SubscriptionPurpose, MessagePolicy> = {
  birthday: 'benefit',
  couponExpiring: 'service',
  pointsChanged: 'service',
  levelChanged: 'service',
  offer: 'marketing',
};

export type MemberMessage = {
  memberId: string;
  /** only what members are asked for (SENT_PURPOSES): add a purpose there to send it */
  purpose: SentPurpose;
  /** deterministic outbox id: one message per key, ever (e.g. `birthday:{memberId}:{year}`) */
  key: string;
  /** mini-program page the message opens, without a leading '/', e.g. 'pages/card/index' */
  page: string;
  /** template keywords → values, e.g. `{ thing1: '生日快乐', date2: '2026-11-30' }` (see templateData) */
  data: Record<string, string | number>;
};

export type SendOutcome =
  | { status: 'sent'; outboxId: string }
  | { status: 'skipped'; outboxId: string; reason: SkipReason }
  /** WeChat refused or the outcome is unknown; `retryable`: the next call with the key tries again */
  | { status: 'failed'; outboxId: string; errCode: number | null; retryable: boolean }
  /** this key was handled before (by another request or an earlier run) */
  | { status: 'duplicate'; outboxId: string; state: OutboxState }
  /** another run is sending this key right now */
  | { status: 'busy'; outboxId: string };

const KEYWORD_LIMITS: Record<string, number> = {
  thing: 20,
  phrase: 5,
  character_string: 32,
  number: 32,
  letter: 32,
  name: 10,
};

/**
 * Template data in WeChat's shape, values clipped to their keyword's length limit
 * (`thing` ≤20 characters, `phrase` ≤5 …) so a long name never fails a send with 47003.
 * @example templateData({ thing1: '欧阳娜娜女士，祝您生日快乐！' }) // { thing1: { value: '欧阳娜娜女士，祝您生日快乐！' } }
 */
export function templateData(
  values: Record<string, string | number>,
): Record<string, { value: string }> {
  const out: Record<string, { value: string }> = {};
  for (const [key, raw] of Object.entries(values)) {
    const type = /^([a-z_]+?)\d+$/.exec(key)?.[1] ?? '';
    const limit = KEYWORD_LIMITS[type];
    const chars = Array.from(String(raw));
    out[key] = {
      value: limit && chars.length > limit ? chars.slice(0, limit).join('') : chars.join(''),
    };
  }
  return out;
}

export async function sendMemberMessage(ctx: Ctx, msg: MemberMessage): Promise<SendOutcome> {
  const { db, now } = ctx;
  if (!msg.memberId || !msg.key || msg.key.length > 128)
    throw new Error('sendMemberMessage: memberId and key are required');
  const templateId = ctx.config.templates[msg.purpose] || null;
  // the common case costs one request and writes nothing: no credit, no message
  if (!templateId) return { status: 'skipped', outboxId: msg.key, reason: 'noTemplate' };
  const credited = await creditsFor(ctx, msg.memberId, templateId);
  if (credited.length === 0) return { status: 'skipped', outboxId: msg.key, reason: 'noCredit' };

  const fresh: OutboxDoc = {
    _id: msg.key,
    channel: 'subscribe',
    memberId: msg.memberId,
    purpose: msg.purpose,
    templateId,
    page: msg.page,
    data: templateData(msg.data),
    state: 'pending',
    attempts: 0,
    leaseUntil: null,
    touser: null,
    creditId: null,
    skipReason: null,
    error: null,
    createdAt: now,
    updatedAt: now,
    sentAt: null,
  };
  let { doc } = await createOrGet(db, fresh);
  const outboxId = doc._id;
  if (doc.state === 'sending') {
    if (doc.leaseUntil !== null && doc.leaseUntil >= now) return { status: 'busy', outboxId };
    const settled = await settleAbandoned(ctx, doc, now);
    if (settled === 'closed') return { status: 'duplicate', outboxId, state: 'failed' };
    if (settled === 'busy') return { status: 'busy', outboxId };
    doc = { ...doc, state: 'pending', leaseUntil: null };
  }
  if (doc.state !== 'pending') return { status: 'duplicate', outboxId, state: doc.state };
  if (!(await claim(db, outboxId, now))) return { status: 'busy', outboxId };
  const attempt = doc.attempts + 1;

  const skip = async (reason: SkipReason): Promise<SendOutcome> => {
    await finish(db, outboxId, now, { state: 'skipped', skipReason: reason });
    logEvent('message.skipped', { key: outboxId, purpose: doc.purpose, reason });
    return { status: 'skipped', outboxId, reason };
  };

  // the stored document decides (a retry sends what the first call meant to send)
  if (!doc.templateId) return skip('noTemplate');
  const member = await getById<MemberDoc>(db, 'members', doc.memberId);
  if (!member || member.status !== 'active') return skip('notMember');
  if (!mayMessage(member, doc.purpose)) return skip('noConsent');

  const spent = await spendOneCredit(
    ctx,
    outboxId,
    doc.memberId,
    doc.templateId === templateId ? credited : await creditsFor(ctx, doc.memberId, doc.templateId),
  );
  if (!spent) return skip('noCredit');

  try {
    await ctx.openapi.subscribeMessage.send({
      touser: spent.openid,
      templateId: doc.templateId,
      page: doc.page,
      data: doc.data,
      miniprogramState: ctx.config.miniprogramState,
    });
  } catch (e) {
    const errCode =
      typeof (e as { errCode?: unknown }).errCode === 'number'
        ? (e as { errCode: number }).errCode
        : null;
    const message = String(
      (e as { errMsg?: string; message?: string }).errMsg ?? (e as Error).message ?? e,
    ).slice(0, 200);
    const error = { code: errCode, message };
    if (errCode === 43101) await clearCredits(db, spent.creditId, now);
    else if (errCode !== null) await refundCredit(db, spent.creditId, now); // WeChat delivered nothing
    const retryable = errCode === -1 && attempt < MAX_ATTEMPTS;
    await finish(db, outboxId, now, {
      state: retryable ? 'pending' : 'failed',
      touser: spent.openid,
      creditId: spent.creditId,
      error,
    });
    logEvent('message.failed', { key: outboxId, purpose: doc.purpose, errCode, retryable });
    return { status: 'failed', outboxId, errCode, retryable };
  }
  await finish(db, outboxId, now, {
    state: 'sent',
    touser: spent.openid,
    creditId: spent.creditId,
  });
  logEvent('message.sent', { key: outboxId, purpose: doc.purpose, memberId: doc.memberId });
  return { status: 'sent', outboxId };
}

/**
 * A send abandoned mid-flight (its instance died; lease run out). If no credit was spent on
 * its key, WeChat was never asked: back to `pending` ('reopened'), sent by the next call with
 * the key. If one was, the send may or may not have reached WeChat, and a subscribe message
 * has no de-duplication id: closed as failed ('closed'), never sent twice. 'busy': another
 * caller settled it first.
 */
export async function settleAbandoned(
  ctx: Ctx,
  doc: Pick<OutboxDoc, '_id' | 'memberId' | 'purpose'>,
  now: number,
): Promise<'reopened' | 'closed' | 'busy'> {
  if (!(await creditSpentFor(ctx.db, doc.memberId, doc._id)))
    return (await reopenAbandoned(ctx.db, doc._id, now)) ? 'reopened' : 'busy';
  if (!(await closeAbandoned(ctx.db, doc._id, now))) return 'busy';
  logEvent('message.abandoned', { key: doc._id, purpose: doc.purpose });
  return 'closed';
}

/** Whether the member's consents allow a message of this purpose (credit aside). */
export function mayMessage(
  member: Pick<MemberDoc, 'status' | 'consent'>,
  purpose: SubscriptionPurpose,
): boolean {
  if (member.status !== 'active' || !mayReceiveMemberMessages(member.consent)) return false;
  if (PURPOSE_POLICY[purpose] === 'marketing') return Boolean(member.consent.marketing);
  return true;
}

/** The member's subscription documents holding a credit for a template. */
async function creditsFor(
  ctx: Ctx,
  memberId: string,
  templateId: string,
): Promise<SubscriptionDoc[]> {
  const _ = ctx.db.command;
  const res = await ctx.db
    .collection('subscriptions')
    .where({ memberId, templateId, credits: _.gt(0) })
    .limit(50)
    .get();
  return res.data as SubscriptionDoc[];
}

/** Spend one credit of the most recently linked identity that has one. */
async function spendOneCredit(
  ctx: Ctx,
  key: string,
  memberId: string,
  subs: SubscriptionDoc[],
): Promise<{ openid: string; creditId: string } | null> {
  const { db, now } = ctx;
  if (subs.length === 0) return null;
  const identities = (await db.collection('identities').where({ memberId }).limit(50).get())
    .data as IdentityDoc[];
  const withCredit = new Map(subs.map((s) => [s.openid, s._id]));
  const candidates = identities
    .filter((i) => withCredit.has(i._id))
    .sort((a, b) => b.linkedAt - a.linkedAt);
  for (const identity of candidates) {
    const creditId = withCredit.get(identity._id)!;
    if (await spendCredit(db, creditId, now, key)) return { openid: identity._id, creditId };
  }
  return null;
}
