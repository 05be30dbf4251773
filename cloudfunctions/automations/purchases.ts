/**
 * Purchase-triggered automations (after-purchase care: thanks, a recommendation after 7
 * days, a visit task at 30): new orders found by an indexed range query on `createdAt`
 * (index `orders.time`) after a cursor kept in `jobRuns/automationPurchases`, staying
 * SETTLE_MS behind the clock (longer than the order path's timeout, so an order whose
 * `createdAt` was taken before its insert is never passed over); a first run looks back one
 * day. Each order is an occurrence (the run key ends with the order id); orders are handled
 * one after another so a member's second purchase sees the cap the first one set.
 * Refunded orders thank nobody. The cross-store reminder is the outbox timer's (crossStore.ts).
 */
import type { Automation } from '@/domain/automations/definitions';
import type { Ctx } from '../_shared/runtime';
import { getById } from '../_shared/db';
import { startRun } from './apply';
import {
  asCandidate,
  MEMBER_PROJECTION,
  zero,
  type AutomationCounts,
  type Candidate,
} from './members';

export const PURCHASES_ID = 'automationPurchases';
export const SETTLE_MS = 30_000;
const FIRST_LOOKBACK_MS = 24 * 3_600_000;
/** sorts after every document id */
const PAST_ALL_IDS = '\uffff';

type Cursor = { at: number; id: string };
type OrderFacts = { _id: string; memberId: string; createdAt: number; status: string };

export async function runPurchases(
  ctx: Ctx,
  automations: Automation[],
  deadline: number,
  counts: Record<string, AutomationCounts>,
): Promise<boolean> {
  const { db } = ctx;
  const _ = db.command;
  const list = automations.filter(
    (a) => a.trigger.kind === 'purchase' && !a.trigger.crossStoreOnly,
  );
  const upTo = ctx.now - SETTLE_MS;
  const saved = await getById<Cursor>(db, 'jobRuns', PURCHASES_ID);
  let cursor: Cursor = saved ?? { at: upTo - FIRST_LOOKBACK_MS, id: PAST_ALL_IDS };
  const save = (c: Cursor) =>
    db
      .collection('jobRuns')
      .doc(PURCHASES_ID)
      .set({ data: { ...c, updatedAt: ctx.now } });
  if (list.length === 0) {
    if (cursor.at < upTo) await save({ at: upTo, id: PAST_ALL_IDS }); // switched off: move on
    return true;
  }
  const batch = ctx.config.tagJobBatch;
  for (;;) {
    if (performance.now() > deadline) return false;
    const orders = (
      await db
        .collection('orders')
        .where(
          _.or([
            { createdAt: _.gt(cursor.at).and(_.lte(upTo)) },
            { createdAt: cursor.at, _id: _.gt(cursor.id) },
          ]),
        )
        .orderBy('createdAt', 'asc')
        .orderBy('_id', 'asc')
        .field({ memberId: true, createdAt: true, status: true })
        .limit(batch)
        .get()
    ).data as OrderFacts[];
    const ids = [...new Set(orders.map((o) => o.memberId))];
    const members = new Map<string, Candidate>();
    for (let i = 0; i < ids.length; i += 1000) {
      const res = await db
        .collection('members')
        .where({ _id: _.in(ids.slice(i, i + 1000)) })
        .field(MEMBER_PROJECTION)
        .limit(1000)
        .get();
      for (const m of res.data) members.set(String(m._id), asCandidate(m as Candidate));
    }
    for (const order of orders) {
      if (performance.now() > deadline) {
        await save(cursor);
        return false;
      }
      const member = members.get(order.memberId);
      if (member && order.status !== 'refunded') {
        for (const a of list) {
          const c = (counts[a.key] ??= zero());
          c.found += 1;
          const outcome = await startRun(ctx, a, member, { id: order._id, at: order.createdAt });
          c[outcome] += 1;
          if (outcome === 'skipped') continue;
          member.automationLastRun = { ...member.automationLastRun, [a.key]: ctx.now };
        }
      }
      cursor = { at: order.createdAt, id: order._id };
    }
    if (orders.length < batch) {
      await save({ at: upTo, id: PAST_ALL_IDS });
      return true;
    }
    await save(cursor);
  }
}
