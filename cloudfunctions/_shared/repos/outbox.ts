/**
 * The outbox of member messages: one document per message we mean to send, with a
 * deterministic `_id` (`birthday:{memberId}:{year}`), so a retried request or a re-run
 * timer finds the document instead of sending again (engineering guide #7).
 *
 *   pending ──claim──▶ sending ──▶ sent
 *      ▲                  │  ├───▶ failed   (WeChat refused, or the outcome is unknown)
 *      └──── retry ───────┘  └───▶ skipped  (no template, no credit, no consent, not a member)
 *
 * `claim` is a conditional update (`state: 'pending'`) that sets a lease; only the caller
 * whose update changed the document sends. A `sending` document whose lease has run out
 * was abandoned mid-send (crash, timeout): WeChat may or may not have delivered it, so it
 * is closed as `failed` (unknownOutcome) and never sent again — at most once, never twice.
 * Only errors that prove nothing was delivered (WeChat's -1 "system busy") go back to
 * `pending` for the next run, up to MAX_ATTEMPTS.
 */
import type { SubscriptionPurpose } from '@/contracts/member';
import type { Database } from '../db';
import { addOrGet } from '../db';

export type OutboxState = 'pending' | 'sending' | 'sent' | 'failed' | 'skipped';
export type SkipReason = 'noTemplate' | 'noCredit' | 'noConsent' | 'notMember';

export type OutboxDoc = {
  _id: string;
  channel: 'subscribe';
  memberId: string;
  purpose: SubscriptionPurpose;
  templateId: string | null;
  page: string;
  /** template data as sent: `{ thing1: { value } }` */
  data: Record<string, { value: string }>;
  state: OutboxState;
  attempts: number;
  /** while `sending`: the claim is valid until then */
  leaseUntil: number | null;
  /** the OPENID the message went (or was going) to */
  touser: string | null;
  /** the subscriptions document whose credit was spent */
  creditId: string | null;
  skipReason: SkipReason | null;
  error: { code: number | null; message: string } | null;
  createdAt: number;
  updatedAt: number;
  sentAt: number | null;
};

export const MAX_ATTEMPTS = 3;
export const LEASE_MS = 60_000;

/** Create the pending document; answers the existing one when the key was used before. */
export function createOrGet(
  db: Database,
  doc: OutboxDoc,
): Promise<{ doc: OutboxDoc; created: boolean }> {
  return addOrGet(db, 'outbox', doc);
}

/** pending → sending, for exactly one caller. */
export async function claim(db: Database, id: string, now: number): Promise<boolean> {
  const _ = db.command;
  const res = await db
    .collection('outbox')
    .where({ _id: id, state: 'pending', attempts: _.lt(MAX_ATTEMPTS) })
    .update({
      data: { state: 'sending', leaseUntil: now + LEASE_MS, attempts: _.inc(1), updatedAt: now },
    });
  return res.stats.updated === 1;
}

/**
 * An abandoned send (lease run out) that never spent a credit — so WeChat was never asked —
 * back to pending: the next call with its key sends it.
 */
export async function reopenAbandoned(db: Database, id: string, now: number): Promise<boolean> {
  const _ = db.command;
  const res = await db
    .collection('outbox')
    .where({ _id: id, state: 'sending', leaseUntil: _.lt(now) })
    .update({ data: { state: 'pending', leaseUntil: null, updatedAt: now } });
  return res.stats.updated === 1;
}

/** Close an abandoned send (lease run out) as failed, never to be sent again. */
export async function closeAbandoned(db: Database, id: string, now: number): Promise<boolean> {
  const _ = db.command;
  const res = await db
    .collection('outbox')
    .where({ _id: id, state: 'sending', leaseUntil: _.lt(now) })
    .update({
      data: {
        state: 'failed',
        leaseUntil: null,
        error: _.set({ code: null, message: 'unknownOutcome' }),
        updatedAt: now,
      },
    });
  return res.stats.updated === 1;
}

/** Finish a claimed send (only while still `sending`, i.e. the claim was not taken over). */
export async function finish(
  db: Database,
  id: string,
  now: number,
  outcome:
    | { state: 'sent'; touser: string; creditId: string }
    | {
        state: 'failed' | 'pending';
        touser: string | null;
        creditId: string | null;
        error: { code: number | null; message: string };
      }
    | { state: 'skipped'; skipReason: SkipReason },
): Promise<void> {
  const _ = db.command;
  const data: Record<string, unknown> = { state: outcome.state, leaseUntil: null, updatedAt: now };
  if (outcome.state === 'sent')
    Object.assign(data, {
      touser: outcome.touser,
      creditId: outcome.creditId,
      sentAt: now,
      error: null,
    });
  else if (outcome.state === 'skipped') data.skipReason = outcome.skipReason;
  else
    Object.assign(data, {
      touser: outcome.touser,
      creditId: outcome.creditId,
      error: _.set(outcome.error),
    });
  await db.collection('outbox').where({ _id: id, state: 'sending' }).update({ data });
}
