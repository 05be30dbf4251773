/**
 * The outbox drain: every due message of every channel, until the run's deadline.
 *
 * - `serviceAccount` (staff): pending rows whose `nextAttemptAt` has come, and sends
 *   abandoned mid-flight (lease run out), each given one attempt (staffMessaging.ts
 *   deliverStaffMessage: claim by conditional update, send with client_msg_id = the row's
 *   id, settle). Two drains at once, or a drain racing the sender that created the row,
 *   claim each attempt once: one message.
 * - `subscribe` (members): sends abandoned mid-flight are settled (messaging.ts
 *   settleAbandoned): back to pending when no credit was spent on them (WeChat was never
 *   asked), else closed as failed (at most once: a subscribe message carries no
 *   de-duplication id); their sending stays with the job that owns the key (birthday, level
 *   change, automations), which calls again.
 *
 * Rows go CONCURRENCY at a time; pages of BATCH are read until none is due.
 */
import type { Ctx } from '../_shared/runtime';
import type { OutboxDoc } from '../_shared/repos/outbox';
import { settleAbandoned } from '../_shared/messaging';
import type { StaffOutboxDoc } from '../_shared/repos/staffOutbox';
import { deliverStaffMessage } from '../_shared/staffMessaging';

const BATCH = 100;
export const CONCURRENCY = 8;

export type DrainResult = {
  sent: number;
  fallback: number;
  /** attempts that failed and were scheduled again */
  retry: number;
  busy: number;
  /** member messages abandoned mid-send after their credit was spent, closed */
  closed: number;
  /** member messages abandoned before their credit was spent, back to pending */
  reopened: number;
  complete: boolean;
};

type Row = (StaffOutboxDoc | OutboxDoc) & { channel: string };

export async function drainOutbox(ctx: Ctx, deadline: number): Promise<DrainResult> {
  const { db } = ctx;
  const _ = db.command;
  const result: DrainResult = {
    sent: 0,
    fallback: 0,
    retry: 0,
    busy: 0,
    closed: 0,
    reopened: 0,
    complete: true,
  };
  for (;;) {
    if (performance.now() > deadline) return { ...result, complete: false };
    const now = Date.now();
    const [due, abandoned] = await Promise.all([
      db
        .collection('outbox')
        .where({ state: 'pending', nextAttemptAt: _.lte(now) })
        .orderBy('nextAttemptAt', 'asc')
        .limit(BATCH)
        .get(),
      db
        .collection('outbox')
        .where({ state: 'sending', leaseUntil: _.lt(now) })
        .limit(BATCH)
        .get(),
    ]);
    const rows = [...due.data, ...abandoned.data] as Row[];
    if (rows.length === 0) return result;
    const settled = () =>
      result.sent + result.fallback + result.retry + result.closed + result.reopened;
    const before = settled();
    let next = 0;
    const worker = async () => {
      while (next < rows.length && performance.now() <= deadline) {
        const row = rows[next++];
        if (row.channel === 'serviceAccount') {
          const outcome = await deliverStaffMessage(ctx, row as StaffOutboxDoc, Date.now());
          if (outcome === 'sent') result.sent += 1;
          else if (outcome === 'fallback') result.fallback += 1;
          else if (outcome === 'pending') result.retry += 1;
          else result.busy += 1;
        } else if (row.state === 'sending') {
          const outcome = await settleAbandoned(ctx, row as OutboxDoc, Date.now());
          if (outcome === 'busy') result.busy += 1;
          else result[outcome] += 1;
        }
      }
    };
    await Promise.all(Array.from({ length: CONCURRENCY }, worker));
    // every row of the page was someone else's (another drain): leave them to it
    if (settled() === before) return result;
  }
}
