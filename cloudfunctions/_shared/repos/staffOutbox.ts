/**
 * Service-account messages to staff in the one `outbox` collection (channel
 * 'serviceAccount'; member subscribe messages are repos/outbox.ts). One document per
 * message, `_id` = its key (`crossStore:<clerk>:<order>`: reason, recipient, occasion),
 * so intending it twice is a no-op.
 *
 *   pending ──claim──▶ sending ──▶ sent
 *      ▲  (nextAttemptAt)  │  ├──▶ fellBack (no follower, 43004, 40003, refused: in-app only)
 *      └──── retry ────────┘  └──▶ failed   (retries exhausted, or abandoned too late)
 *
 * `claim` is a conditional update (pending and due) that sets a lease: one sender per
 * attempt however many drains run. Unlike a member's subscribe message, a staff message
 * abandoned mid-send (lease run out: crash, timeout) IS tried again — with the same
 * `client_msg_id` (= `_id`), which WeChat de-duplicates for 10 minutes, so a repeat of a
 * send that did arrive answers the first msgid instead of delivering twice. Past that
 * window (domain/messages/delivery.ts `mayResumeAbandoned`) it is closed as failed.
 */
import type { FallbackReason } from '@/domain/messages/delivery';
import type { TemplateData } from '@/domain/messages/templateValues';
import type { Database } from '../db';
import { addOrGet } from '../db';
import type { StaffReminderKind } from './staffReminders';

export type StaffOutboxState = 'pending' | 'sending' | 'sent' | 'fellBack' | 'failed';

export type StaffOutboxDoc = {
  _id: string;
  channel: 'serviceAccount';
  staffId: string;
  kind: StaffReminderKind;
  /** the clerk's UNIONID when the message was intended (null: none recorded yet) */
  unionid: string | null;
  templateId: string | null;
  page: string;
  data: TemplateData;
  state: StaffOutboxState;
  attempts: number;
  /** while pending: not before then */
  nextAttemptAt: number | null;
  /** while sending: the claim holds until then */
  leaseUntil: number | null;
  firstAttemptAt: number | null;
  /** the service-account OPENID it went (or was going) to */
  touser: string | null;
  msgid: number | string | null;
  fallbackReason: FallbackReason | null;
  error: { code: number | null; message: string } | null;
  createdAt: number;
  updatedAt: number;
  sentAt: number | null;
};

export const STAFF_LEASE_MS = 30_000;

/** Create the message; answers the stored one when its key was used before. */
export function createStaffMessage(
  db: Database,
  doc: StaffOutboxDoc,
): Promise<{ doc: StaffOutboxDoc; created: boolean }> {
  return addOrGet(db, 'outbox', doc);
}

/**
 * pending and due → sending, or an abandoned send (lease run out) → sending again, for
 * exactly one caller; answers the claimed attempt's document, or null.
 */
export async function claimStaffMessage(
  db: Database,
  doc: StaffOutboxDoc,
  now: number,
): Promise<StaffOutboxDoc | null> {
  const _ = db.command;
  const where =
    doc.state === 'pending'
      ? { _id: doc._id, state: 'pending', attempts: doc.attempts, nextAttemptAt: _.lte(now) }
      : { _id: doc._id, state: 'sending', attempts: doc.attempts, leaseUntil: _.lt(now) };
  const firstAttemptAt = doc.firstAttemptAt ?? now;
  const res = await db
    .collection('outbox')
    .where(where)
    .update({
      data: {
        state: 'sending',
        leaseUntil: now + STAFF_LEASE_MS,
        attempts: _.inc(1),
        firstAttemptAt,
        updatedAt: now,
      },
    });
  if (res.stats.updated !== 1) return null;
  return {
    ...doc,
    state: 'sending',
    leaseUntil: now + STAFF_LEASE_MS,
    attempts: doc.attempts + 1,
    firstAttemptAt,
  };
}

export type StaffOutcome =
  | { state: 'sent'; touser: string; msgid: number | string | null }
  | {
      state: 'fellBack';
      reason: FallbackReason;
      touser: string | null;
      error: StaffOutboxDoc['error'];
    }
  | {
      state: 'failed';
      reason: FallbackReason;
      touser: string | null;
      error: StaffOutboxDoc['error'];
    }
  | {
      state: 'pending';
      nextAttemptAt: number;
      touser: string | null;
      error: StaffOutboxDoc['error'];
    };

/** Settle a claimed attempt (only while this attempt still holds it). */
export async function finishStaffMessage(
  db: Database,
  claimed: Pick<StaffOutboxDoc, '_id' | 'attempts'>,
  now: number,
  outcome: StaffOutcome,
): Promise<boolean> {
  const _ = db.command;
  const data: Record<string, unknown> = {
    state: outcome.state,
    leaseUntil: null,
    touser: outcome.touser,
    updatedAt: now,
  };
  if (outcome.state === 'sent')
    Object.assign(data, { msgid: outcome.msgid, sentAt: now, error: null });
  else {
    data.error = outcome.error ? _.set(outcome.error) : null;
    if (outcome.state === 'pending') data.nextAttemptAt = outcome.nextAttemptAt;
    else Object.assign(data, { fallbackReason: outcome.reason, nextAttemptAt: null });
  }
  const res = await db
    .collection('outbox')
    .where({ _id: claimed._id, state: 'sending', attempts: claimed.attempts })
    .update({ data });
  return res.stats.updated === 1;
}

/** Close an abandoned send that may no longer be repeated safely. */
export async function closeAbandonedStaffMessage(
  db: Database,
  doc: StaffOutboxDoc,
  now: number,
): Promise<boolean> {
  const _ = db.command;
  const res = await db
    .collection('outbox')
    .where({ _id: doc._id, state: 'sending', attempts: doc.attempts, leaseUntil: _.lt(now) })
    .update({
      data: {
        state: 'failed',
        leaseUntil: null,
        fallbackReason: 'gaveUp',
        error: _.set({ code: null, message: 'unknownOutcome' }),
        updatedAt: now,
      },
    });
  return res.stats.updated === 1;
}
