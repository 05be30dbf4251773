/**
 * The cross-store purchase scan: orders recorded with a `previousClerkId` (a member moved
 * from another store's clerk) are found by an indexed range query on `createdAt` (index
 * `orders.time`) after a cursor kept in `jobRuns/crossStoreScan`, and each previous clerk
 * is reminded (remindPreviousClerk, keyed per order: a rescan reminds nobody twice). The
 * message itself is left to the drain that follows in the same run.
 *
 * The scan stays SETTLE_MS behind the clock — longer than the order path's timeout (staff and
 * pos: 10 s), so an order whose `createdAt` was taken before it was inserted is never passed
 * over; a first run looks back one day.
 *
 * It is the `crossStore` automation (domain/automations/definitions.ts): while HQ has it
 * switched off the scan only moves its cursor on, so switching it on later does not remind
 * anyone of old purchases.
 */
import type { Ctx } from '../_shared/runtime';
import { getById } from '../_shared/db';
import { logEvent } from '../_shared/log';
import { remindPreviousClerk, type CrossStoreOrderFacts } from '../_shared/remindPreviousClerk';
import { loadAutomations } from '../_shared/repos/automations';

export const SCAN_ID = 'crossStoreScan';
export const SETTLE_MS = 30_000;
const FIRST_LOOKBACK_MS = 24 * 3600_000;
const BATCH = 100;
/** sorts after every document id */
const PAST_ALL_IDS = '\uffff';

type ScanDoc = { _id: string; at: number; id: string; updatedAt: number };

export type CrossStoreScanResult = { orders: number; reminded: number; complete: boolean };

export async function scanCrossStore(ctx: Ctx, deadline: number): Promise<CrossStoreScanResult> {
  const { db } = ctx;
  const _ = db.command;
  const upTo = Date.now() - SETTLE_MS;
  const saved = await getById<ScanDoc>(db, 'jobRuns', SCAN_ID);
  let cursor = saved ?? { at: upTo - FIRST_LOOKBACK_MS, id: PAST_ALL_IDS };
  const result: CrossStoreScanResult = { orders: 0, reminded: 0, complete: true };
  if (cursor.at >= upTo) return result;
  const switchedOn = (await loadAutomations(db)).some((a) => a.key === 'crossStore' && a.enabled);
  for (; switchedOn; ) {
    const page = (
      await db
        .collection('orders')
        .where(
          _.and([
            _.or([
              { createdAt: _.gt(cursor.at).and(_.lte(upTo)) },
              { createdAt: cursor.at, _id: _.gt(cursor.id) },
            ]),
            { previousClerkId: _.gt('') },
          ]),
        )
        .orderBy('createdAt', 'asc')
        .orderBy('_id', 'asc')
        .field({
          storeId: true,
          memberId: true,
          createdAt: true,
          previousClerkId: true,
          previousHomeStoreId: true,
        })
        .limit(BATCH)
        .get()
    ).data as CrossStoreOrderFacts[];
    for (const order of page) {
      if (performance.now() > deadline) {
        result.complete = false;
        break;
      }
      const outcome = await remindPreviousClerk(ctx, order, { deliver: false });
      result.orders += 1;
      if (outcome.status !== 'none' && outcome.status !== 'noStaff') result.reminded += 1;
      cursor = { at: order.createdAt, id: order._id };
    }
    if (!result.complete || page.length < BATCH) break;
  }
  if (result.complete) cursor = { at: upTo, id: PAST_ALL_IDS };
  await db
    .collection('jobRuns')
    .doc(SCAN_ID)
    .set({ data: { at: cursor.at, id: cursor.id, updatedAt: Date.now() } });
  if (result.orders) logEvent('outbox.crossStoreScan', { ...result });
  return result;
}
