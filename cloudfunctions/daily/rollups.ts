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
 *
 * The closed day also keeps the **member snapshot** of the store (`members`: members, buyers,
 * lifetime spend, tag coverage; domain/reports/members.ts) for LTV and tag completeness:
 * one aggregate over `members` grouped by home store per run (and the tag rules, 1), so the
 * report reads it from the rollups.
 */
import { DAY_MS, parseShanghaiDate, shanghaiDate } from '@/domain/calendar';
import { emptyRollup, rebuildRollup, type RecordedOrder } from '@/domain/reports/rollup';
import {
  emptySnapshot,
  snapshotFamilies,
  type MemberSnapshot,
  type SnapshotFamily,
} from '@/domain/reports/members';
import type { Ctx } from '../_shared/runtime';
import { loadTagRules } from '../_shared/repos/tagRules';
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
  snapshot: MemberSnapshot | null = null,
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
    members: snapshot,
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
  if (stores.every((s) => done.has(s)))
    return { date, stores: done.size, orders: 0, more: false, doneStores: [...done] };
  // the member aggregate reads every member: not started on a run already out of time
  if (performance.now() >= deadline)
    return { date, stores: done.size, orders: 0, more: true, doneStores: [...done] };
  const families = snapshotFamilies(await loadTagRules(db));
  const snapshots = await memberSnapshotsByStore(ctx, families);
  let orders = 0;
  for (const storeId of stores) {
    if (done.has(storeId)) continue;
    if (performance.now() >= deadline)
      return { date, stores: done.size, orders, more: true, doneStores: [...done] };
    const members = snapshots.get(storeId) ?? emptySnapshot(families);
    orders += (await rebuildStoreDay(ctx, storeId, date, true, members)).orders;
    try {
      await db.collection(ROLLUPS).add({ data: emptyRollup(today, storeId, now) });
    } catch (e) {
      if (!isDuplicateKeyError(e)) throw e; // an order of today came first
    }
    done.add(storeId);
  }
  return { date, stores: done.size, orders, more: false, doneStores: [...done] };
}

/**
 * Every store's member snapshot, as the database counts it: active members grouped by home
 * store (the same counts as domain/reports/members.ts `memberSnapshots`).
 */
export async function memberSnapshotsByStore(
  ctx: Ctx,
  families: readonly SnapshotFamily[],
): Promise<Map<string, MemberSnapshot>> {
  const { db } = ctx;
  const $ = db.command.aggregate;
  const count = (cond: object) => $.sum($.cond({ if: cond, then: 1, else: 0 }));
  const has = (key: string) => $.neq([$.ifNull([`$tags.${key}.value`, null]), null]);
  const profile = families.filter((f) => f.profile);
  const { list } = (await db
    .collection('members')
    .aggregate()
    .match({ status: 'active' })
    .group({
      _id: '$homeStoreId',
      members: $.sum(1),
      buyers: count($.gt([$.ifNull(['$stats.orderCount', 0]), 0])),
      spendFen: $.sum($.ifNull(['$stats.totalSpendFen', 0])),
      complete: profile.length ? count($.and(profile.map((f) => has(f.key)))) : $.sum(0),
      manualTagged: count($.gt([$.size($.ifNull(['$manualTags', []])), 0])),
      ...Object.fromEntries(families.map((f) => [`f_${f.key}`, count(has(f.key))])),
    })
    .limit(1000)
    .end()) as { list: Record<string, unknown>[] };
  const out = new Map<string, MemberSnapshot>();
  for (const g of list) {
    if (typeof g._id !== 'string' || !g._id) continue; // members without a store
    const n = (k: string) => Number(g[k] ?? 0);
    out.set(g._id, {
      members: n('members'),
      buyers: n('buyers'),
      spendFen: n('spendFen'),
      complete: n('complete'),
      manualTagged: n('manualTagged'),
      families: Object.fromEntries(
        families.map((f) => [f.key, { name: f.name, members: n(`f_${f.key}`) }]),
      ),
    });
  }
  return out;
}
