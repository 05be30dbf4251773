/**
 * The demo chain's daily rollups (dailyRollups), computed from the seeded orders and members
 * with the same domain code as the nightly pass (domain/reports/rollup.ts rebuildRollup):
 * one document per store and Shanghai day that had an order or a new member; days before
 * today closed, as the nightly pass would have left them. Seeded customers never changed
 * owner, so 业绩 credits the member's clerk.
 */
import { shanghaiDate } from '../../src/domain/calendar';
import {
  orderReportFacts,
  rebuildRollup,
  type RecordedOrder,
} from '../../src/domain/reports/rollup';

type Doc = Record<string, unknown>;

export function demoRollups(orders: Doc[], members: Doc[], now: number): Doc[] {
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
  return [...days].map(([key, d]) => {
    const [date, storeId] = key.split('|');
    return { ...rebuildRollup(date, storeId, d.orders, d.joined, now), closed: date < today };
  });
}
