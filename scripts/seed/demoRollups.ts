/**
 * The demo chain's daily rollups (dailyRollups), computed from the seeded orders and members
 * with the same domain code as the nightly pass (domain/reports/rollup.ts rebuildRollup):
 * one document per store and Shanghai day that had an order or a new member; days before
 * today closed, as the nightly pass would have left them. Seeded customers never changed
 * owner, so 业绩 credits the member's clerk. As the nightly pass leaves every store a document
 * for every day, so do these for the last REPORT_WINDOW_DAYS days (two 90-day periods and
 * today), each closed one with the store's member snapshot of that night (demoSnapshots.ts).
 */
import { DAY_MS, shanghaiDate } from '../../src/domain/calendar';
import {
  orderReportFacts,
  rebuildRollup,
  type RecordedOrder,
} from '../../src/domain/reports/rollup';
import { emptySnapshot, snapshotFamilies } from '../../src/domain/reports/members';
import { REPORT_DAYS, reportPeriods } from '../../src/domain/reports/period';
import { DEFAULT_TAG_RULES } from '../../src/domain/tags/families';
import { demoMemberSnapshots } from './demoSnapshots';

const SNAPSHOT_FAMILIES = snapshotFamilies(DEFAULT_TAG_RULES);

/** the days two of the longest report periods and today cover */
export const REPORT_WINDOW_DAYS = 181;

type Doc = Record<string, unknown>;

export function demoRollups(
  orders: Doc[],
  members: Doc[],
  storeIds: readonly string[],
  now: number,
): Doc[] {
  const memberOf = new Map(members.map((m) => [String(m._id), m]));
  const firstAt = new Map<string, number>();
  for (const o of orders) {
    const id = String(o.memberId);
    const at = Number(o.createdAt);
    if (!firstAt.has(id) || at < firstAt.get(id)!) firstAt.set(id, at);
  }
  const days = new Map<string, { orders: RecordedOrder[]; joined: string[] }>();
  const day = (date: string, storeId: string) => {
    const key = `${date}|${storeId}`;
    let d = days.get(key);
    if (!d) days.set(key, (d = { orders: [], joined: [] }));
    return d;
  };
  for (const o of [...orders].sort((a, b) => Number(a.createdAt) - Number(b.createdAt))) {
    const memberId = String(o.memberId);
    const at = Number(o.createdAt);
    const first = firstAt.get(memberId)!;
    const facts = orderReportFacts(
      first < at ? first : null,
      at,
      (memberOf.get(memberId)?.clerkId as string | null) ?? null,
    );
    day(shanghaiDate(at), String(o.storeId)).orders.push({
      id: String(o._id),
      memberId,
      paidFen: Number(o.paidFen),
      lines: o.lines as RecordedOrder['lines'],
      ...facts,
      refunds: [],
    });
  }
  for (const m of members) {
    const source = m.source as { storeId: string | null } | undefined;
    if (source?.storeId)
      day(shanghaiDate(Number(m.createdAt)), source.storeId).joined.push(String(m._id));
  }
  const today = shanghaiDate(now);
  const window = Array.from({ length: REPORT_WINDOW_DAYS }, (_v, i) =>
    shanghaiDate(now - (REPORT_WINDOW_DAYS - 1 - i) * DAY_MS),
  );
  for (const date of window) for (const storeId of storeIds) day(date, storeId);
  // the nights the report periods end on (replaying every night of the window costs minutes)
  const periodEnds = REPORT_DAYS.flatMap((days) => {
    const { current, previous } = reportPeriods(days, now);
    return [current.dates.at(-1)!, previous.dates.at(-1)!];
  });
  const snapshots = demoMemberSnapshots(orders, members, [...new Set(periodEnds)].sort());
  return [...days].map(([key, d]) => {
    const [date, storeId] = key.split('|');
    const closed = date < today;
    const snapshot = snapshots.get(date);
    return {
      ...rebuildRollup(date, storeId, d.orders, d.joined, now),
      closed,
      members: snapshot ? (snapshot[storeId] ?? emptySnapshot(SNAPSHOT_FAMILIES)) : null,
    };
  });
}
