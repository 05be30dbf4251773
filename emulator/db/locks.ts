/**
 * Plain (non-transactional) writes meeting transaction locks. A plain write runs in one
 * SQLite transaction; when it finds a document locked by an open CloudBase transaction it
 * writes nothing, waits for that transaction to end (or to expire) and runs again from
 * scratch, up to `lockWaitMs`. Every committed change is reported to the open transactions,
 * which keep the previous text as their snapshot.
 */
import { performance } from 'node:perf_hooks';
import type { DbContext } from './context';
import { dbErrors } from './errors';
import type { DocId } from './store';
import { docKey, type Tx } from './transactions';

/** A committed change of one document: its key and the text it had (null: absent). */
export interface Change {
  key: string;
  previous: string | null;
}

/** What one run of a plain write answers: its value, or the transaction whose lock it met. */
export type Attempt<T> = { value: T } | { blocked: Tx };

/** Resolves when `done` settles or after `ms`, leaving no timer behind. */
function waitFor(done: Promise<void>, ms: number): Promise<void> {
  return new Promise((resolve) => {
    const timer = setTimeout(resolve, ms);
    void done.then(() => {
      clearTimeout(timer);
      resolve();
    });
  });
}

/** Lets the open transactions keep what committed changes replaced (their snapshots). */
export function noteChanges(ctx: DbContext, changes: Change[], writer?: Tx): void {
  if (!ctx.txm.hasActive()) return;
  for (const change of changes) ctx.txm.noteCommittedChange(change.key, change.previous, writer);
}

/** The open transaction holding a lock on one of these documents, if any. */
export function lockedBy(ctx: DbContext, collection: string, ids: DocId[]): Tx | undefined {
  for (const id of ids) {
    const holder = ctx.txm.holderOf(docKey(collection, id));
    if (holder) return holder;
  }
  return undefined;
}

/**
 * Runs a plain write in one SQLite transaction. `attempt` returns `{blocked: tx}` (having
 * written nothing) when it meets a transaction lock: we wait for that transaction and retry.
 */
export async function plainWrite<T>(
  ctx: DbContext,
  attempt: (changes: Change[]) => Attempt<T>,
): Promise<T> {
  const deadline = performance.now() + ctx.lockWaitMs;
  for (;;) {
    const changes: Change[] = [];
    const outcome = ctx.store.transaction(() => attempt(changes));
    if ('value' in outcome) {
      noteChanges(ctx, changes);
      return outcome.value;
    }
    const remaining = deadline - performance.now();
    if (remaining <= 0)
      throw dbErrors.transactionConflict('timed out waiting for a transaction lock');
    const wait = Math.min(remaining, ctx.txm.remainingMs(outcome.blocked) + 1);
    await waitFor(outcome.blocked.done, wait);
    ctx.txm.sweep();
  }
}
