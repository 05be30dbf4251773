/**
 * The cross-store purchase scan: new orders recorded with a `previousClerkId` (a member
 * moved from another store's clerk), walked by _shared/orderScan.ts (cursor
 * `jobRuns/crossStoreScan`), and each previous clerk is reminded (remindPreviousClerk, keyed
 * per order: a rescan reminds nobody twice). The message itself is left to the drain that
 * follows in the same run.
 *
 * It is the `crossStore` automation (domain/automations/definitions.ts): while HQ has it
 * switched off the scan only moves its cursor on, so switching it on later does not remind
 * anyone of old purchases.
 */
import type { Ctx } from '../_shared/runtime';
import { logEvent } from '../_shared/log';
import { remindPreviousClerk, type CrossStoreOrderFacts } from '../_shared/remindPreviousClerk';
import { loadAutomations } from '../_shared/repos/automations';
import { scanNewOrders } from '../_shared/orderScan';

export const SCAN_ID = 'crossStoreScan';
const BATCH = 100;

export type CrossStoreScanResult = { orders: number; reminded: number; complete: boolean };

export async function scanCrossStore(ctx: Ctx, deadline: number): Promise<CrossStoreScanResult> {
  const _ = ctx.db.command;
  const switchedOn = (await loadAutomations(ctx.db)).some(
    (a) => a.key === 'crossStore' && a.enabled,
  );
  let reminded = 0;
  const { orders, complete } = await scanNewOrders<CrossStoreOrderFacts>(ctx, {
    cursorId: SCAN_ID,
    where: { previousClerkId: _.gt('') },
    fields: { storeId: true, memberId: true, previousClerkId: true, previousHomeStoreId: true },
    batch: BATCH,
    deadline,
    skip: !switchedOn,
    handle: async (order) => {
      const outcome = await remindPreviousClerk(ctx, order, { deliver: false });
      if (outcome.status !== 'none' && outcome.status !== 'noStaff') reminded += 1;
    },
  });
  const result = { orders, reminded, complete };
  if (orders) logEvent('outbox.crossStoreScan', { ...result });
  return result;
}
