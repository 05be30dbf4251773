/**
 * 经营报表 (`staff.getReport`): reads `dailyRollups` only — never an order or a member.
 *
 * Requests: the caller (1); then at once the stores (1: names and areas) and the rollups of
 * both periods (`dailyRollups.store_date` for a store, `date` for the chain; pages of 1000,
 * the per-order guard lists left out); then the names of the clerks on the leaderboard (1).
 * With the rollups, two aggregates the database groups per period: tasks due (follow-up
 * completion) and tickets opened (complaint handling time), by 门店数据's rules
 * (domain/reports/service.ts) — tasks and tickets, never orders or members. LTV and tag
 * completeness come from the member snapshot the nightly pass keeps in each closed rollup
 * (domain/reports/members.ts), so they cost no request of their own. Campaign and automation
 * response vs holdout comes from `responseRollups` (start day × key × store, kept by the
 * nightly pass, daily/responses.ts): one aggregate, summed per key and period by the database.
 * A store: 6 + 1 = 7 whatever the period (180 rollups at most); the chain of S stores:
 * 6 + ⌈2 × days × S / 1000⌉ — bounded by days × stores, not by members, orders or runs. An area
 * (HQ) is the chain's count over its stores: the stores are read first, to name them.
 */
import { AppError } from '@/contracts/errors';
import type { ReportClerkRow, ReportView } from '@/contracts/reports';
import { reportPeriods, type ReportDays } from '@/domain/reports/period';
import {
  categoriesByArea,
  clerkLeaderboard,
  dailySeries,
  priceBands,
  reportFigures,
  type RollupFacts,
} from '@/domain/reports/figures';
import { memberFigures, periodSnapshot } from '@/domain/reports/members';
import { responseFigures, type ResponseSums } from '@/domain/reports/responses';
import { reportScope, type ReportScopeRequest } from '@/domain/reports/scope';
import { REPORT_TASK_STATES, REPORT_TICKET_STATES, serviceFigures } from '@/domain/reports/service';
import type { Ctx } from '../_shared/runtime';
import { requireStaff, type StaffDoc } from '../_shared/repos/staff';
import { RESPONSES, ROLLUPS } from '../_shared/rollups';
import { viewerOf } from './till';

const PAGE = 1000;

type StoreRow = { _id: string; name: string; area?: string | null };

export async function getReport(
  ctx: Ctx,
  input: ReportScopeRequest & { days: ReportDays },
): Promise<ReportView> {
  const me = await requireStaff(ctx, ['clerk', 'manager', 'hq']);
  const scope = reportScope(viewerOf(me), input);
  if (!scope.ok) throw new AppError(scope.code);
  const { db } = ctx;
  const _ = db.command;
  const { current, previous } = reportPeriods(input.days, ctx.now);
  const first = previous.dates[0];
  const last = current.dates[current.dates.length - 1];
  const dateRange = _.gte(first).and(_.lte(last));
  const loadStores = async () =>
    (await db.collection('stores').field({ _id: true, name: true, area: true }).limit(1000).get())
      .data as StoreRow[];
  // an area's stores are known before its rollups: the stores first (same request count)
  const areaStores = scope.area ? await loadStores() : null;
  const areaIds = areaStores?.filter((s) => s.area === scope.area).map((s) => s._id) ?? null;
  if (areaIds && areaIds.length === 0) throw new AppError('COMMON.NOT_FOUND', '没有这个区域的门店');
  /** the scope's stores (null: the whole chain), for the rollups, tasks, tickets and board */
  const scopeIds = scope.storeId ? [scope.storeId] : areaIds;
  const storeFilter = scopeIds ? { storeId: _.in(scopeIds) } : {};
  const filter = { ...storeFilter, date: dateRange };

  const loadRollups = async (): Promise<RollupFacts[]> => {
    const out: RollupFacts[] = [];
    for (let skip = 0; ; skip += PAGE) {
      const { data } = await db
        .collection(ROLLUPS)
        .where(filter)
        .orderBy('date', 'asc')
        .field({ orderIds: false, refundIds: false })
        .skip(skip)
        .limit(PAGE)
        .get();
      out.push(...(data as RollupFacts[]));
      if (data.length < PAGE) return out;
    }
  };
  const $ = _.aggregate;
  const span = () => _.gte(previous.from).and(_.lt(current.to));
  const inScope = storeFilter;
  /** per period (`_id`: true for the current one) */
  const group = async (collection: string, match: object, at: string, fields: object) =>
    (
      (await db
        .collection(collection)
        .aggregate()
        .match(match)
        .group({ _id: $.gte([at, current.from]), ...fields })
        .limit(2)
        .end()) as { list: { _id: boolean; [k: string]: unknown }[] }
    ).list;
  /** per key and period, summed by the database (one request whatever days × stores × keys) */
  const loadResponses = async (): Promise<(ResponseSums & { current: boolean })[]> => {
    const sum = (path: string) => $.sum($.ifNull([path, 0]));
    const { list } = (await db
      .collection(RESPONSES)
      .aggregate()
      .match(filter)
      .group({
        _id: { key: '$key', current: $.gte(['$date', current.dates[0]]) },
        kind: $.max('$kind'),
        name: $.max('$name'),
        attributionDays: $.max('$attributionDays'),
        ...Object.fromEntries(
          ['treated', 'holdout'].flatMap((g) =>
            ['members', 'responded', 'orders', 'revenueFen'].map((f) => [
              `${g}_${f}`,
              sum(`$${g}.${f}`),
            ]),
          ),
        ),
        open: $.sum($.cond({ if: '$closed', then: 0, else: 1 })),
      })
      .limit(1000)
      .end()) as { list: Record<string, unknown>[] };
    return list.map((g) => {
      const id = g._id as { key: string; current: boolean };
      const counts = (group: string) => ({
        members: Number(g[`${group}_members`]),
        responded: Number(g[`${group}_responded`]),
        orders: Number(g[`${group}_orders`]),
        revenueFen: Number(g[`${group}_revenueFen`]),
      });
      return {
        key: id.key,
        kind: g.kind as ResponseSums['kind'],
        name: String(g.name),
        attributionDays: Number(g.attributionDays),
        treated: counts('treated'),
        holdout: counts('holdout'),
        closed: Number(g.open) === 0,
        current: id.current,
      };
    });
  };
  const [storeRows, rollups, responses, tasks, tickets] = await Promise.all([
    areaStores ?? loadStores(),
    loadRollups(),
    loadResponses(),
    group('tasks', { ...inScope, state: _.in([...REPORT_TASK_STATES]), dueAt: span() }, '$dueAt', {
      tasksDue: $.sum(1),
      tasksDone: $.sum($.cond({ if: $.eq(['$state', 'done']), then: 1, else: 0 })),
    }),
    group(
      'tickets',
      { ...inScope, state: _.in([...REPORT_TICKET_STATES]), openedAt: span() },
      '$openedAt',
      {
        resolvedTickets: $.sum($.cond({ if: $.eq(['$state', 'resolved']), then: 1, else: 0 })),
        handlingMs: $.sum($.ifNull(['$handlingMs', 0])),
      },
    ),
  ]);
  const serviceOf = (isCurrent: boolean) => {
    const t = tasks.find((r) => r._id === isCurrent);
    const k = tickets.find((r) => r._id === isCurrent);
    return serviceFigures({
      tasksDue: Number(t?.tasksDue ?? 0),
      tasksDone: Number(t?.tasksDone ?? 0),
      resolvedTickets: Number(k?.resolvedTickets ?? 0),
      handlingMs: Number(k?.handlingMs ?? 0),
    });
  };
  const stores = new Map(storeRows.map((s) => [s._id, s]));
  if (scope.storeId && !stores.has(scope.storeId)) throw new AppError('COMMON.NOT_FOUND');

  const inCurrent = new Set(current.dates);
  const cur = rollups.filter((r) => inCurrent.has(r.date));
  const prev = rollups.filter((r) => !inCurrent.has(r.date));
  const board = clerkLeaderboard(cur);
  const prevBoard = new Map(clerkLeaderboard(prev).map((r) => [r.clerkId, r.repeatFen]));
  const staff = board.length
    ? ((
        await db
          .collection('staff')
          .where({ _id: _.in(board.map((r) => r.clerkId)) })
          .field({ _id: true, name: true, storeId: true })
          .limit(board.length)
          .get()
      ).data as Pick<StaffDoc, '_id' | 'name' | 'storeId'>[])
    : [];
  const staffById = new Map(staff.map((s) => [s._id, s]));
  const clerks: ReportClerkRow[] = board
    .map((r) => {
      const s = staffById.get(r.clerkId);
      return {
        ...r,
        name: s?.name ?? r.clerkId,
        storeId: s?.storeId ?? null,
        storeName: (s?.storeId && stores.get(s.storeId)?.name) || '—',
        previousRepeatFen: prevBoard.get(r.clerkId) ?? 0,
      };
    })
    // a store's leaderboard is its own staff (as on 门店数据), an area's the area's
    .filter((r) => !scopeIds || (r.storeId !== null && scopeIds.includes(r.storeId)));

  const areaOf = (storeId: string) => {
    const s = stores.get(storeId);
    return s?.area || s?.name || storeId;
  };
  return {
    scope: scope.scope,
    storeId: scope.storeId,
    area: scope.area,
    title: scope.storeId
      ? (stores.get(scope.storeId)?.name ?? scope.storeId)
      : (scope.area ?? '全部门店'),
    days: input.days,
    current: { from: current.from, to: current.to, label: current.label },
    previous: { from: previous.from, to: previous.to, label: previous.label },
    figures: { current: reportFigures(cur), previous: reportFigures(prev) },
    service: { current: serviceOf(true), previous: serviceOf(false) },
    members: {
      current: memberFigures(periodSnapshot(cur, current.dates)),
      previous: memberFigures(periodSnapshot(prev, previous.dates)),
    },
    series: {
      current: dailySeries(cur, current.dates),
      previous: dailySeries(prev, previous.dates),
    },
    areas: categoriesByArea(cur, areaOf),
    bands: { current: priceBands(cur), previous: priceBands(prev) },
    responses: {
      current: responseFigures(responses.filter((r) => r.current)),
      previous: responseFigures(responses.filter((r) => !r.current)),
    },
    clerks,
    rollupsRead: rollups.length,
  };
}
