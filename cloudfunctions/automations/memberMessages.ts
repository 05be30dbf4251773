/**
 * An automation's member message as a subscribe message (`sendMemberMessage`: consent, one
 * counted credit, one outbox document per key — the action key, `reason:member:period`):
 * `offer` for care and coupons, `pointsChanged` and `couponExpiring` for the reminders, its
 * page and values from domain/automations/messageData.ts.
 * The card's in-app notice is written for every message either way (apply.ts), so a member
 * without a credit, without the marketing consent, or whose message WeChat refused still
 * has it on the card: that is the fallback.
 *
 * Quiet hours defer, never drop: a message planned for later (`sendAt`, the end of quiet
 * hours, domain/automations/quietHours.ts) is kept in `deferredMessages/<key>` and sent by the
 * automations timer's first pass once due (every 10 minutes: 09:00–09:10). A crash between
 * the send and the removal of the deferred document sends nothing twice: the outbox key
 * answers `duplicate`, and the document is removed then.
 */
import type { Automation } from '@/domain/automations/definitions';
import { subscribeMessageOf, type MessageFacts } from '@/domain/automations/messageData';
import {
  messagePurposeOf,
  type AutomationMessagePurpose,
} from '@/domain/automations/messagePurpose';
import type { PlannedAction } from '@/domain/automations/plan';
import type { Ctx } from '../_shared/runtime';
import { isDuplicateKeyError } from '../_shared/db';
import { duePage, type DueCursor } from '../_shared/duePage';
import { sendMemberMessage, type SendOutcome } from '../_shared/messaging';

type MemberMessageAction = Extract<PlannedAction, { kind: 'memberMessage' }>;

export type DeferredMessageDoc = {
  _id: string;
  memberId: string;
  automationKey: string;
  purpose: AutomationMessagePurpose;
  title: string;
  body: string;
  /** the page and template values, decided with the step (older documents: none, an offer) */
  page?: string;
  data?: Record<string, string | number>;
  sendAt: number;
  createdAt: number;
};

type Outgoing = {
  memberId: string;
  key: string;
  page: string;
  data: Record<string, string | number>;
};

/** One subscribe message of an automation, by purpose (each named: sentPurposes.test.ts). */
function sendAs(ctx: Ctx, purpose: AutomationMessagePurpose, m: Outgoing) {
  switch (purpose) {
    case 'offer':
      return sendMemberMessage(ctx, { purpose: 'offer', ...m });
    case 'pointsChanged':
      return sendMemberMessage(ctx, { purpose: 'pointsChanged', ...m });
    case 'couponExpiring':
      return sendMemberMessage(ctx, { purpose: 'couponExpiring', ...m });
  }
}

function sendDeferred(ctx: Ctx, m: DeferredMessageDoc) {
  const message =
    m.page && m.data
      ? { page: m.page, data: m.data }
      : subscribeMessageOf('offer', m, null, ctx.now)!;
  return sendAs(ctx, m.purpose, { memberId: m.memberId, key: m._id, ...message });
}

/** What a send answered, as the run records it. */
function outcomeOf(o: SendOutcome): string {
  if (o.status === 'skipped') return `notice:${o.reason}`;
  if (o.status === 'failed') return o.retryable ? 'retry' : 'notice:failed';
  if (o.status === 'duplicate') return o.state === 'sent' ? 'sent' : `notice:${o.state}`;
  return o.status; // sent | busy
}

/**
 * Sends the message now, or keeps it for the end of quiet hours. Answers the run's outcome:
 * 'sent', 'deferred', 'notice' (no subscribe message of this kind) or 'notice:<reason>'.
 */
export async function sendOrDefer(
  ctx: Ctx,
  a: MemberMessageAction,
  automation: Automation,
  memberId: string,
  facts: MessageFacts | null,
): Promise<string> {
  const purpose = messagePurposeOf(automation.trigger);
  const message = purpose && subscribeMessageOf(purpose, a, facts, ctx.now);
  if (!purpose || !message) return 'notice';
  if (a.sendAt <= ctx.now)
    return outcomeOf(await sendAs(ctx, purpose, { memberId, key: a.key, ...message }));
  const doc: DeferredMessageDoc = {
    _id: a.key,
    memberId,
    automationKey: automation.key,
    purpose,
    title: a.title,
    body: a.body,
    ...message,
    sendAt: a.sendAt,
    createdAt: ctx.now,
  };
  try {
    await ctx.db.collection('deferredMessages').add({ data: doc });
  } catch (e) {
    if (!isDuplicateKeyError(e)) throw e; // kept already (a redone step)
  }
  return 'deferred';
}

/** The deferred messages now due, sent and removed; false when the deadline came first. */
export async function sendDueMessages(ctx: Ctx, deadline: number): Promise<boolean> {
  let after: DueCursor | null = null;
  for (;;) {
    if (performance.now() > deadline) return false;
    const page: DeferredMessageDoc[] = await duePage(ctx.db, 'deferredMessages', {
      field: 'sendAt',
      upTo: ctx.now,
      after,
      projection: {},
      limit: ctx.config.tagJobBatch,
    });
    for (const m of page) {
      if (performance.now() > deadline) return false;
      const outcome = await sendDeferred(ctx, m);
      if (outcome.status === 'busy' || (outcome.status === 'failed' && outcome.retryable)) continue; // the next run tries again
      await ctx.db.collection('deferredMessages').doc(m._id).remove();
    }
    if (page.length < ctx.config.tagJobBatch) return true;
    const last = page.at(-1)!;
    after = { at: last.sendAt, id: last._id };
  }
}
