/**
 * The nightly rollup pass (step `rollups` of `daily`): yesterday's rollup of every store is
 * recomputed from its orders (with their refunds) and the members who joined through the
 * store, and closed — so an increment the order path lost (an instance that died before
 * it) is corrected, and a closed day is no longer written by the order path. Today's
 * rollups are created empty, so the first order of the day costs one request like the others.
 *
 * Per store: the day's orders (`orders.store_time`, pages of 1000), the refunds of those with
 * one (`refunds.order`, 500 orders a request), the members of orders recorded without report
 * facts (seeded or imported: first order and owner, 500 a request), the day's new members
 * (`members.source_store_joined`, ids only), one write. Stores done are remembered in the
 * night's document, so a run cut short resumes at the next store.
 */
import { DAY_MS, parseShanghaiDate, shanghaiDate } from '@/domain/calendar';
import { emptyRollup, rebuildRollup, type RecordedOrder } from '@/domain/reports/rollup';
import type { Ctx } from '../_shared/runtime';
import { isDuplicateKeyError, type Doc } from '../_shared/db';
import type { MemberDoc } from '../_shared/repos/members';
import type { OrderDoc, RefundDoc } from '../_shared/repos/orders';
import { ROLLUPS, rollupOrderOf } from '../_shared/rollups';

const PAGE = 1000;
const CHUNK = 500;

export type RollupReport = { date: string; stores: number; orders: number; more: boolean };

const chunks = <T>(list: T[], size: number): T[][] =>
  Array.from({ length: Math.ceil(list.length / size) }, (_v, i) =>
    list.slice(i * size, (i + 1) * size),
  );

async function pageAll(
  q: () => { skip(n: number): { limit(n: number): { get(): Promise<{ data: Doc[] }> } } },
) {
  const out: Doc[] = [];
  for (let skip = 0; ; skip += PAGE) {
    const { data } = await q().skip(skip).limit(PAGE).get();
    out.push(...data);
    if (data.length < PAGE) return out;
  }
}

/** Recompute one store's day from its orders and new members, closed or not. */
export async function rebuildStoreDay(
  ctx: Ctx,
  storeId: string,
  date: string,
  close: boolean,
): Promise<{ orders: number }> {
  const { db, now } = ctx;
  const _ = db.command;
  const from = parseShanghaiDate(date);
  const to = from + DAY_MS;
  const [orders, joined] = await Promise.all([
    pageAll(() =>
      db
        .collection('orders')
        .where({ storeId, createdAt: _.gte(from).and(_.lt(to)) })
        .orderBy('createdAt', 'desc')
        .field({ lotId: false, pointsBalanceAfter: false, levelChange: false }),
    ) as Promise<OrderDoc[]>,
    pageAll(() =>
      db
        .collection('members')
        .where({ 'source.storeId': storeId, createdAt: _.gte(from).and(_.lt(to)) })
        .field({ _id: true }),
    ),
  ]);
  const refunded = orders.filter((o) => (o.refundIds?.length ?? 0) > 0 || o.status !== 'completed');
  const withoutFacts = [...new Set(orders.filter((o) => !o.report).map((o) => o.memberId))];
  const [refunds, members] = await Promise.all([
    Promise.all(
      chunks(
        refunded.map((o) => o._id),
        CHUNK,
      ).map(
        async (ids) =>
          (
            await db
              .collection('refunds')
              .where({ orderId: _.in(ids) })
              .limit(1000)
              .get()
          ).data as RefundDoc[],
      ),
    ),
    Promise.all(
      chunks(withoutFacts, CHUNK).map(
        async (ids) =>
          (
            await db
              .collection('members')
              .where({ _id: _.in(ids) })
              .field({ _id: true, clerkId: true, 'stats.firstOrderAt': true })
              .limit(CHUNK)
              .get()
          ).data as MemberDoc[],
      ),
    ),
  ]);
  const refundsOf = new Map<string, RefundDoc[]>();
  for (const r of refunds.flat())
    refundsOf.set(r.orderId, [...(refundsOf.get(r.orderId) ?? []), r]);
  const memberOf = new Map(members.flat().map((m) => [m._id, m]));
  const recorded: RecordedOrder[] = orders
    .sort((a, b) => a.createdAt - b.createdAt || (a._id < b._id ? -1 : 1))
    .map((o) => {
      const m = memberOf.get(o.memberId);
      return {
        ...rollupOrderOf(
          o,
          o.report
            ? null
            : { firstOrderAt: m?.stats?.firstOrderAt ?? null, clerkId: m?.clerkId ?? null },
        ),
        id: o._id,
        refunds: (refundsOf.get(o._id) ?? [])
          .sort((a, b) => a.at - b.at)
          .map((r) => ({
            id: r._id,
            refundFen: r.refundedFen,
            lines: r.lines,
            cancelsOrder: r.cancelsOrder,
          })),
      };
    });
  const doc = {
    ...rebuildRollup(
      date,
      storeId,
      recorded,
      joined.map((m) => String(m._id)),
      now,
    ),
    closed: close,
  };
  const { _id, ...data } = doc;
  await db.collection(ROLLUPS).doc(_id).set({ data });
  return { orders: orders.length };
}

/** Tonight's pass: close yesterday for each store not done yet, open today. */
export async function closeRollups(
  ctx: Ctx,
  doneStores: string[],
  deadline: number,
): Promise<RollupReport & { doneStores: string[] }> {
  const { db, now } = ctx;
  const today = shanghaiDate(now);
  const date = shanghaiDate(now - DAY_MS);
  const stores = (await db.collection('stores').field({ _id: true }).limit(1000).get()).data.map(
    (s) => String(s._id),
  );
  const done = new Set(doneStores);
  let orders = 0;
  for (const storeId of stores) {
    if (done.has(storeId)) continue;
    if (performance.now() >= deadline)
      return { date, stores: done.size, orders, more: true, doneStores: [...done] };
    orders += (await rebuildStoreDay(ctx, storeId, date, true)).orders;
    try {
      await db.collection(ROLLUPS).add({ data: emptyRollup(today, storeId, now) });
    } catch (e) {
      if (!isDuplicateKeyError(e)) throw e; // an order of today came first
    }
    done.add(storeId);
  }
  return { date, stores: done.size, orders, more: false, doneStores: [...done] };
}
