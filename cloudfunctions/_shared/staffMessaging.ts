/**
 * Reminders to staff: the one way any function tells a clerk or a manager something.
 *
 * `sendStaffReminder(ctx, { key, staffId, kind, title, body, fields, page })`
 * 1. writes the in-app reminder the workbench lists (repos/staffReminders.ts) — first, so
 *    nothing depends on WeChat delivering anything;
 * 2. writes one outbox document per key, ever (repos/staffOutbox.ts, channel
 *    'serviceAccount'): a second call with the key sends nothing;
 * 3. sends the service-account template message (config: `templates.clerkFollowUp`, its
 *    keywords in `serviceTemplateFields`; values under the 2023 rules,
 *    domain/messages/templateValues.ts) to the clerk's service-account OPENID, found by the
 *    UNIONID recorded at binding in the synced follower list (repos/serviceFollowers.ts).
 *
 * No template, no UNIONID, no follower, 43004 / 40003 and other refusals: the reminder
 * falls back (in-app only) and is not retried. System busy, 5xx, no answer: retried with
 * backoff by the outbox timer (cloudfunctions/outbox), each attempt with `client_msg_id`
 * = the key (domain/messages/delivery.ts). The reminder's `delivery` follows: pending →
 * sent | fallback.
 */
import { decideAfterSend, mayResumeAbandoned, nextAttemptAt } from '@/domain/messages/delivery';
import { serviceTemplateData } from '@/domain/messages/templateValues';
import type { Ctx } from './runtime';
import { getById } from './db';
import { logEvent } from './log';
import type { StaffDoc } from './repos/staff';
import { followerOf, markUnfollowed } from './repos/serviceFollowers';
import {
  claimStaffMessage,
  closeAbandonedStaffMessage,
  createStaffMessage,
  finishStaffMessage,
  type StaffOutboxDoc,
} from './repos/staffOutbox';
import {
  createReminder,
  settleDelivery,
  type ReminderDelivery,
  type StaffReminderKind,
} from './repos/staffReminders';
import { callServiceApi } from './serviceAccount/api';

/** Which service-account template each kind of reminder is sent with. */
export const TEMPLATE_OF_KIND: Record<StaffReminderKind, string> = {
  crossStorePurchase: 'clerkFollowUp',
  automationTask: 'clerkFollowUp',
  overdueTasks: 'clerkFollowUp',
};

export type StaffReminder = {
  /** deterministic: one reminder and one message per key, ever (`reason:recipient:occasion`) */
  key: string;
  staffId: string;
  kind: StaffReminderKind;
  /** what the workbench shows */
  title: string;
  body: string;
  /** the template's fields by our names (config maps them to the template's keywords) */
  fields: Record<string, string>;
  /** mini-program page the reminder opens, without a leading '/' */
  page: string;
  memberId?: string | null;
};

export type StaffSendOutcome =
  | { status: ReminderDelivery; reminderId: string }
  /** another run is sending it right now */
  | { status: 'busy'; reminderId: string }
  /** no such active staff member: nothing written */
  | { status: 'noStaff'; reminderId: string };

export async function sendStaffReminder(
  ctx: Ctx,
  input: StaffReminder,
  opts: {
    /** false: only write the reminder and the outbox row (the outbox timer sends it) */
    deliver?: boolean;
    /** the recipient's staff document when the caller has just read it (saves a read) */
    staff?: StaffDoc | null;
  } = {},
): Promise<StaffSendOutcome> {
  const { db, now } = ctx;
  if (!input.key || input.key.length > 128) throw new Error('sendStaffReminder: a key is required');
  const staff =
    opts.staff && opts.staff._id === input.staffId
      ? opts.staff
      : await getById<StaffDoc>(db, 'staff', input.staffId);
  if (!staff || staff.active === false) return { status: 'noStaff', reminderId: input.key };

  const { doc: reminder } = await createReminder(db, {
    _id: input.key,
    staffId: staff._id,
    storeId: staff.storeId,
    kind: input.kind,
    title: input.title,
    body: input.body,
    page: input.page,
    memberId: input.memberId ?? null,
    createdAt: now,
    readAt: null,
    delivery: 'pending',
    deliveredAt: null,
  });

  const purpose = TEMPLATE_OF_KIND[input.kind];
  const templateId = ctx.config.templates[purpose] || null;
  const keywords = ctx.config.serviceTemplateFields[purpose] ?? {};
  const unionid = staff.unionid || null;
  const immediate = !templateId ? 'noTemplate' : !unionid ? 'noUnionid' : null;
  const { doc } = await createStaffMessage(db, {
    _id: input.key,
    channel: 'serviceAccount',
    staffId: staff._id,
    kind: input.kind,
    unionid,
    templateId,
    page: input.page,
    data: serviceTemplateData(
      Object.fromEntries(
        Object.entries(keywords).map(([field, keyword]) => [keyword, input.fields[field] ?? '']),
      ),
    ),
    state: immediate ? 'fellBack' : 'pending',
    attempts: 0,
    nextAttemptAt: immediate ? null : now,
    leaseUntil: null,
    firstAttemptAt: null,
    touser: null,
    msgid: null,
    fallbackReason: immediate,
    error: null,
    createdAt: now,
    updatedAt: now,
    sentAt: null,
  });
  if (doc.state === 'pending' && opts.deliver !== false)
    return { status: await deliverStaffMessage(ctx, doc, now), reminderId: reminder._id };
  const delivery = deliveryOf(doc);
  // a run that died between the outbox and the reminder: settle the reminder now
  if (delivery !== 'pending' && reminder.delivery === 'pending')
    await settleDelivery(db, reminder._id, delivery, now);
  return { status: delivery, reminderId: reminder._id };
}

const deliveryOf = (doc: StaffOutboxDoc): ReminderDelivery =>
  doc.state === 'sent'
    ? 'sent'
    : doc.state === 'fellBack' || doc.state === 'failed'
      ? 'fallback'
      : 'pending';

/**
 * One attempt at a pending (and due) or abandoned service-account message, for exactly one
 * caller (the claim); answers how the reminder stands afterwards, or 'busy'.
 */
export async function deliverStaffMessage(
  ctx: Ctx,
  doc: StaffOutboxDoc,
  now: number,
): Promise<ReminderDelivery | 'busy'> {
  const { db } = ctx;
  // the reminder is settled BEFORE the outbox row: a crash in between leaves the row
  // `sending`, and its resumed attempt (same client_msg_id) settles it; the other order
  // could leave a reminder `pending` for ever
  const settle = async (delivery: 'sent' | 'fallback') => {
    await settleDelivery(db, doc._id, delivery, now);
    return delivery;
  };
  if (doc.state === 'sending' && !mayResumeAbandoned({ firstAttemptAt: doc.firstAttemptAt, now })) {
    await settle('fallback');
    if (!(await closeAbandonedStaffMessage(db, doc, now))) return 'busy';
    logEvent('staffMessage.abandoned', { key: doc._id });
    return 'fallback';
  }
  const claimed = await claimStaffMessage(db, doc, now);
  if (!claimed) return 'busy';

  const follower = claimed.unionid ? await followerOf(db, claimed.unionid) : null;
  if (!follower || !follower.subscribed) {
    await settle('fallback');
    await finishStaffMessage(db, claimed, now, {
      state: 'fellBack',
      reason: follower ? 'notFollower' : 'noFollower',
      touser: follower?.openid ?? null,
      error: null,
    });
    logEvent('staffMessage.fallback', {
      key: doc._id,
      reason: follower ? 'notFollower' : 'noFollower',
    });
    return 'fallback';
  }

  const { miniProgramAppid } = ctx.config;
  const answer = await callServiceApi(ctx, 'message/template/send', {
    method: 'POST',
    body: {
      touser: follower.openid,
      template_id: claimed.templateId,
      ...(miniProgramAppid
        ? { miniprogram: { appid: miniProgramAppid, pagepath: claimed.page } }
        : {}),
      data: claimed.data,
      client_msg_id: claimed._id,
    },
  });
  const decision = decideAfterSend(answer);
  const error =
    answer.kind === 'wechat'
      ? { code: answer.errcode, message: answer.errmsg.slice(0, 200) }
      : answer.kind === 'http'
        ? { code: null, message: `HTTP ${answer.status}` }
        : answer.kind === 'network'
          ? { code: null, message: answer.message.slice(0, 200) }
          : null;
  if (decision.kind === 'sent') {
    await settle('sent');
    await finishStaffMessage(db, claimed, now, {
      state: 'sent',
      touser: follower.openid,
      msgid: answer.kind === 'ok' ? answer.msgid : null,
    });
    logEvent('staffMessage.sent', { key: doc._id, staffId: doc.staffId });
    return 'sent';
  }
  if (decision.kind === 'fallback') {
    if (decision.reason === 'notFollower')
      await markUnfollowed(db, claimed.unionid!, follower.openid, now);
    await settle('fallback');
    await finishStaffMessage(db, claimed, now, {
      state: 'fellBack',
      reason: decision.reason,
      touser: follower.openid,
      error,
    });
    logEvent('staffMessage.fallback', {
      key: doc._id,
      reason: decision.reason,
      errcode: error?.code,
    });
    return 'fallback';
  }
  // retry (a token still refused after one refresh counts as a transient failure too)
  const next = nextAttemptAt({
    attempts: claimed.attempts,
    firstAttemptAt: claimed.firstAttemptAt ?? now,
    now,
  });
  if (next === null) {
    await settle('fallback');
    await finishStaffMessage(db, claimed, now, {
      state: 'failed',
      reason: 'gaveUp',
      touser: follower.openid,
      error,
    });
    logEvent('staffMessage.failed', { key: doc._id, attempts: claimed.attempts });
    return 'fallback';
  }
  await finishStaffMessage(db, claimed, now, {
    state: 'pending',
    nextAttemptAt: next,
    touser: follower.openid,
    error,
  });
  logEvent('staffMessage.retry', { key: doc._id, attempts: claimed.attempts, nextAttemptAt: next });
  return 'pending';
}
