/**
 * The nightly response pass (step `responses` of `daily`): for each Shanghai day of the last
 * RESPONSE_LOOKBACK_DAYS whose runs may still gain a response, the day's automation and
 * campaign runs are counted again against their members' orders (net of refunds), per key
 * and home store (domain/reports/responses.ts), into `responseRollups` — so 经营报表 shows
 * campaign and automation response vs holdout without reading a run or an order.
 *
 * A day's marker, `jobRuns/responses:<date>`, says whether its windows are over; a closed
 * day is not read again. Per open day: its runs (`automationRuns` by `startedAt`, pages of
 * 1000), their members' orders from the day to the end of its longest window (500 members
 * a request, pages of 1000), one write per key × store, the marker. Before the loop: the
 * markers (1), the automations (1) and the campaigns (names and windows, pages of 1000).
 * The days done tonight are remembered in the night's document, so a run cut short resumes.
 */
import { DAY_MS, parseShanghaiDate, shanghaiDate } from '@/domain/calendar';
import { campaignKey } from '@/domain/campaigns/campaign';
import type { ResultOrder } from '@/domain/automations/results';
import {
  AUTOMATION_ATTRIBUTION_DAYS,
  RESPONSE_LOOKBACK_DAYS,
  responseRollupsOfDay,
  responseWindowEnd,
  type ResponseKey,
  type ResponseRun,
} from '@/domain/reports/responses';
import type { Ctx } from '../_shared/runtime';
import { loadAutomationsVersioned } from '../_shared/repos/automations';
import { RESPONSES } from '../_shared/rollups';

const PAGE = 1000;
const CHUNK = 500;

export type ResponseReport = { days: number; runs: number; more: boolean };
type Marker = { _id: string; date: string; closed: boolean };

export const responseMarkerId = (date: string) => `responses:${date}`;

/** The names and windows of every automation and campaign. */
export async function loadResponseKeys(ctx: Ctx): Promise<Map<string, ResponseKey>> {
  const keys = new Map<string, ResponseKey>();
  for (const a of (await loadAutomationsVersioned(ctx.db)).automations)
    keys.set(a.key, {
      key: a.key,
      kind: 'automation',
      name: a.name,
      attributionDays: AUTOMATION_ATTRIBUTION_DAYS,
    });
  for (let skip = 0; ; skip += PAGE) {
    const { data } = await ctx.db
      .collection('campaigns')
      .orderBy('_id', 'asc')
      .field({ _id: true, name: true, attributionDays: true })
      .skip(skip)
      .limit(PAGE)
      .get();
    for (const c of data as { _id: string; name: string; attributionDays: number }[]) {
      const key = campaignKey(c._id);
      keys.set(key, { key, kind: 'campaign', name: c.name, attributionDays: c.attributionDays });
    }
    if (data.length < PAGE) return keys;
  }
}

/** Count one start day again; false when the deadline came before its last write. */
export async function rollResponseDay(
  ctx: Ctx,
  date: string,
  keys: ReadonlyMap<string, ResponseKey>,
  deadline = Infinity,
): Promise<{ runs: number; finished: boolean }> {
  const { db, now } = ctx;
  const _ = db.command;
  const from = parseShanghaiDate(date);
  const runs: ResponseRun[] = [];
  for (let skip = 0; ; skip += PAGE) {
    const { data } = await db
      .collection('automationRuns')
      .where({ startedAt: _.gte(from).and(_.lt(from + DAY_MS)) })
      .orderBy('startedAt', 'asc')
      .orderBy('_id', 'asc')
      .field({ automationKey: true, memberId: true, group: true, storeId: true, startedAt: true })
      .skip(skip)
      .limit(PAGE)
      .get();
    runs.push(...(data as ResponseRun[]));
    if (data.length < PAGE) break;
  }
  const until = Math.min(now, responseWindowEnd(date, runs, keys));
  const members = [...new Set(runs.map((r) => r.memberId))];
  const orders: ResultOrder[] = [];
  for (let i = 0; i < members.length; i += CHUNK) {
    const ids = members.slice(i, i + CHUNK);
    for (let skip = 0; ; skip += PAGE) {
      const { data } = await db
        .collection('orders')
        .where({ memberId: _.in(ids), createdAt: _.gt(from).and(_.lte(until)) })
        .orderBy('createdAt', 'asc')
        .orderBy('_id', 'asc')
        .field({ memberId: true, createdAt: true, paidFen: true, refundedFen: true })
        .skip(skip)
        .limit(PAGE)
        .get();
      // net of refunds, as the results pages count them
      for (const o of data as (ResultOrder & { refundedFen?: number })[])
        orders.push({
          memberId: o.memberId,
          createdAt: o.createdAt,
          paidFen: o.paidFen - (o.refundedFen ?? 0),
        });
      if (data.length < PAGE) break;
    }
  }
  const { docs, closed } = responseRollupsOfDay({ date, runs, orders, keys, now });
  for (const { _id, ...data } of docs) {
    if (performance.now() >= deadline) return { runs: runs.length, finished: false };
    await db.collection(RESPONSES).doc(_id).set({ data });
  }
  await db
    .collection('jobRuns')
    .doc(responseMarkerId(date))
    .set({ data: { job: 'responses', date, closed, runs: runs.length, updatedAt: now } });
  return { runs: runs.length, finished: true };
}

/** Tonight's pass over the open days not done yet tonight. */
export async function rollResponses(
  ctx: Ctx,
  doneDates: string[],
  deadline: number,
): Promise<ResponseReport & { doneDates: string[] }> {
  const { db, now } = ctx;
  const _ = db.command;
  const dates = Array.from({ length: RESPONSE_LOOKBACK_DAYS }, (_v, i) =>
    shanghaiDate(now - (RESPONSE_LOOKBACK_DAYS - i) * DAY_MS),
  );
  const markers = (
    await db
      .collection('jobRuns')
      .where({ job: 'responses', date: _.gte(dates[0]) })
      .field({ _id: true, date: true, closed: true })
      .limit(RESPONSE_LOOKBACK_DAYS + 1)
      .get()
  ).data as Marker[];
  const closed = new Set(markers.filter((m) => m.closed).map((m) => m.date));
  const done = new Set(doneDates);
  const todo = dates.filter((d) => !closed.has(d) && !done.has(d));
  const report = { days: 0, runs: 0, more: false };
  if (todo.length === 0) return { ...report, doneDates: [...done] };
  const keys = await loadResponseKeys(ctx);
  for (const date of todo) {
    if (performance.now() >= deadline) return { ...report, more: true, doneDates: [...done] };
    const day = await rollResponseDay(ctx, date, keys, deadline);
    report.runs += day.runs;
    if (!day.finished) return { ...report, more: true, doneDates: [...done] };
    report.days += 1;
    done.add(date);
  }
  return { ...report, doneDates: [...done] };
}
