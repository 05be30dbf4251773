/**
 * Purchase-triggered automations (after-purchase care: thanks, a recommendation after 7
 * days, a visit task at 30): new orders walked by _shared/orderScan.ts (cursor
 * `jobRuns/automationPurchases`). Each order is an occurrence (the run key ends with the order id); orders are handled
 * one after another so a member's second purchase sees the cap the first one set.
 * Refunded orders thank nobody. The cross-store reminder is the outbox timer's (crossStore.ts).
 */
import type { Automation } from '@/domain/automations/definitions';
import type { Ctx } from '../_shared/runtime';
import { startRun } from './apply';
import { membersById, zero, type AutomationCounts, type Candidate } from './members';
import { scanNewOrders } from '../_shared/orderScan';

export const PURCHASES_ID = 'automationPurchases';

type OrderFacts = { _id: string; memberId: string; createdAt: number; status: string };

export async function runPurchases(
  ctx: Ctx,
  automations: Automation[],
  deadline: number,
  counts: Record<string, AutomationCounts>,
): Promise<boolean> {
  const list = automations.filter(
    (a) => a.trigger.kind === 'purchase' && !a.trigger.crossStoreOnly,
  );
  const { complete } = await scanNewOrders<OrderFacts, Map<string, Candidate>>(ctx, {
    cursorId: PURCHASES_ID,
    fields: { memberId: true, status: true },
    batch: ctx.config.tagJobBatch,
    deadline,
    skip: list.length === 0, // switched off: move on
    prepare: (orders) =>
      membersById(
        ctx,
        orders.map((o) => o.memberId),
      ),
    handle: async (order, members) => {
      const member = members.get(order.memberId);
      if (!member || order.status === 'refunded') return;
      for (const a of list) {
        const c = (counts[a.key] ??= zero());
        c.found += 1;
        const outcome = await startRun(ctx, a, member, { id: order._id, at: order.createdAt });
        c[outcome] += 1;
        if (outcome !== 'skipped')
          member.automationLastRun = { ...member.automationLastRun, [a.key]: ctx.now };
      }
    },
  });
  return complete;
}
