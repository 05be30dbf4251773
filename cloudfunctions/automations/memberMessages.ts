/**
 * An automation's member message as a subscribe message (`sendMemberMessage`: consent, one
 * counted credit, one outbox document per key — the action key, `reason:member:period`).
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
import { shanghaiDate } from '@/domain/calendar';
import type { Automation } from '@/domain/automations/definitions';
import { messagePurposeOf } from '@/domain/automations/messagePurpose';
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
  purpose: 'offer';
  title: string;
  body: string;
  sendAt: number;
  createdAt: number;
};

const CARD_PAGE = 'pages/card/index';

function send(ctx: Ctx, m: Omit<DeferredMessageDoc, 'createdAt' | 'automationKey'>) {
  return sendMemberMessage(ctx, {
    memberId: m.memberId,
    purpose: 'offer',
    key: m._id,
    page: CARD_PAGE,
    data: { thing1: m.title, thing2: m.body, date3: shanghaiDate(ctx.now) },
  });
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
): Promise<string> {
  const purpose = messagePurposeOf(automation.trigger);
  if (!purpose) return 'notice';
  const message = { _id: a.key, memberId, purpose, title: a.title, body: a.body, sendAt: a.sendAt };
  if (a.sendAt <= ctx.now) return outcomeOf(await send(ctx, message));
  const doc: DeferredMessageDoc = { ...message, automationKey: automation.key, createdAt: ctx.now };
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
      const outcome = await send(ctx, m);
      if (outcome.status === 'busy' || (outcome.status === 'failed' && outcome.retryable)) continue; // the next run tries again
      await ctx.db.collection('deferredMessages').doc(m._id).remove();
    }
    if (page.length < ctx.config.tagJobBatch) return true;
    const last = page.at(-1)!;
    after = { at: last.sendAt, id: last._id };
  }
}
