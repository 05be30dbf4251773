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
 */
import type { Ctx } from './runtime';
import type { Filter } from './db';
import { getById } from './db';

export const SETTLE_MS = 30_000;
const FIRST_LOOKBACK_MS = 24 * 3_600_000;
/** sorts after every document id */
const PAST_ALL_IDS = '\uffff';

type Cursor = { at: number; id: string };
export type ScannedOrder = { _id: string; createdAt: number };

export async function scanNewOrders<T extends ScannedOrder, P = undefined>(
  ctx: Ctx,
  input: {
    cursorId: string;
    /** more conditions on the orders (served after the index range) */
    where?: Filter;
    fields: Record<string, true>;
    batch: number;
    deadline: number;
    skip?: boolean;
    /** once per page, before its orders (e.g. read their members in one request) */
    prepare?: (page: T[]) => Promise<P>;
    handle: (order: T, prepared: P) => Promise<void>;
  },
): Promise<{ orders: number; complete: boolean }> {
  const { db } = ctx;
  const _ = db.command;
  const upTo = ctx.now - SETTLE_MS;
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
  let orders = 0;
  if (cursor.at >= upTo) return { orders, complete: true };
  if (input.skip) {
    await save(done);
    return { orders, complete: true };
  }
  for (;;) {
    const range = _.or([
      { createdAt: _.gt(cursor.at).and(_.lte(upTo)) },
      { createdAt: cursor.at, _id: _.gt(cursor.id) },
    ]);
    const page = (
      await db
        .collection('orders')
        .where(input.where ? _.and([range, input.where]) : range)
        .orderBy('createdAt', 'asc')
        .orderBy('_id', 'asc')
        .field({ ...input.fields, createdAt: true })
        .limit(input.batch)
        .get()
    ).data as T[];
    const prepared = (input.prepare ? await input.prepare(page) : undefined) as P;
    for (const order of page) {
      if (performance.now() > input.deadline) {
        await save(cursor);
        return { orders, complete: false };
      }
      await input.handle(order, prepared);
      orders += 1;
      cursor = { at: order.createdAt, id: order._id };
    }
    if (page.length < input.batch) {
      await save(done);
      return { orders, complete: true };
    }
    await save(cursor);
  }
}
