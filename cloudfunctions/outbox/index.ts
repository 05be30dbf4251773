/**
 * The outbox timer, every minute: first the cross-store purchase scan (reminders for the
 * previous clerks of recent orders, crossStore.ts), then the drain of every channel's due
 * messages (drain.ts) — retries with backoff, sends abandoned by a crash, and the messages
 * the scan just wrote. Each run stops at its deadline; the next minute's run resumes.
 */
import { createTimer } from '../_shared/timer';
import { scanCrossStore, type CrossStoreScanResult } from './crossStore';
import { drainOutbox, type DrainResult } from './drain';

export type OutboxRunResult = { crossStore: CrossStoreScanResult; drain: DrainResult };

export const main = createTimer(
  'outbox',
  async (ctx, { deadline }): Promise<OutboxRunResult> => ({
    crossStore: await scanCrossStore(ctx, deadline),
    drain: await drainOutbox(ctx, deadline),
  }),
);
