/**
 * Walking new orders as they are recorded, for the timers that act on purchases (the
 * cross-store reminder, the after-purchase automations): orders in (`createdAt`, `_id`)
 * order after a cursor kept in `jobRuns/<cursorId>`, found by the `orders.time` index.
 *
 * The walk stays SETTLE_MS behind the clock — longer than the order path's timeout (staff
 * and pos: 10 s), so an order whose `createdAt` was taken before it was inserted is never
 * passed over; a first walk looks back one day. The cursor is saved after each page and
 * where the deadline stops it; a handler must be safe to run again for an order (a run
 * killed mid-page redoes that page). `skip`: move the cursor on without handling anything
 * (the reason to act is switched off, and switching it on later must not act on old orders).
 *
 * `scanNewEntries` is the same walk over any append-only collection with a time field and
 * an index on it: the points changes (`pointsLedger.at`, index `time`) for the
 * `pointsChanged` automation, with a longer settle — a ledger entry's `at` is its function's
 * clock, taken up to a whole invocation (≤ 60 s) before the insert (the expiry timer).
 */
import type { Ctx } from './runtime';
import type { Filter } from './db';
import { getById } from './db';

export const SETTLE_MS = 30_000;
/** longer than any function's timeout (60 s): a ledger entry is inserted within its invocation */
export const LEDGER_SETTLE_MS = 90_000;
const FIRST_LOOKBACK_MS = 24 * 3_600_000;
/** sorts after every document id */
const PAST_ALL_IDS = '\uffff';

type Cursor = { at: number; id: string };
export type ScannedOrder = { _id: string; createdAt: number };

type ScanInput<T, P> = {
  cursorId: string;
  /** more conditions on the documents (served after the index range) */
  where?: Filter;
  fields: Record<string, true>;
  batch: number;
  deadline: number;
  skip?: boolean;
  /** once per page, before its documents (e.g. read their members in one request) */
  prepare?: (page: T[]) => Promise<P>;
  handle: (doc: T, prepared: P) => Promise<void>;
};

export function scanNewOrders<T extends ScannedOrder, P = undefined>(
  ctx: Ctx,
  input: ScanInput<T, P>,
): Promise<{ orders: number; complete: boolean }> {
  return scanNewEntries<T, P>(ctx, {
    ...input,
    collection: 'orders',
    timeField: 'createdAt',
    settleMs: SETTLE_MS,
  }).then(({ entries, complete }) => ({ orders: entries, complete }));
}

export async function scanNewEntries<T extends { _id: string }, P = undefined>(
  ctx: Ctx,
  input: ScanInput<T, P> & {
    collection: string;
    /** the indexed time field the walk follows */
    timeField: string;
    settleMs: number;
  },
): Promise<{ entries: number; complete: boolean }> {
  const { db } = ctx;
  const _ = db.command;
  const field = input.timeField;
  const upTo = ctx.now - input.settleMs;
  let cursor: Cursor = (await getById<Cursor>(db, 'jobRuns', input.cursorId)) ?? {
    at: upTo - FIRST_LOOKBACK_MS,
    id: PAST_ALL_IDS,
  };
  const save = (c: Cursor) =>
    db
      .collection('jobRuns')
      .doc(input.cursorId)
      .set({ data: { at: c.at, id: c.id, updatedAt: ctx.now } });
  const done = { at: upTo, id: PAST_ALL_IDS };
  let entries = 0;
  if (cursor.at >= upTo) return { entries, complete: true };
  if (input.skip) {
    await save(done);
    return { entries, complete: true };
  }
  for (;;) {
    const range = _.or([
      { [field]: _.gt(cursor.at).and(_.lte(upTo)) },
      { [field]: cursor.at, _id: _.gt(cursor.id) },
    ]);
    const page = (
      await db
        .collection(input.collection)
        .where(input.where ? _.and([range, input.where]) : range)
        .orderBy(field, 'asc')
        .orderBy('_id', 'asc')
        .field({ ...input.fields, [field]: true })
        .limit(input.batch)
        .get()
    ).data as T[];
    const prepared = (input.prepare ? await input.prepare(page) : undefined) as P;
    for (const doc of page) {
      if (performance.now() > input.deadline) {
        await save(cursor);
        return { entries, complete: false };
      }
      await input.handle(doc, prepared);
      entries += 1;
      cursor = { at: Number((doc as Record<string, unknown>)[field]), id: doc._id };
    }
    if (page.length < input.batch) {
      await save(done);
      return { entries, complete: true };
    }
    await save(cursor);
  }
}
