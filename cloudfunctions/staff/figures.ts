/**
 * 门店数据 (`staff.storeFigures`): the store's figures for a period, per store and per staff
 * member, with each clerk's 业绩. Load here, decide in domain/storeFigures.ts.
 *
 * Reads, all bounded by the store and the period (never a scan of members):
 * - the caller (1), then in parallel: the store's orders in the period (`store_time`, pages
 *   of 1000), new members (one aggregate on `source_store_joined`), tasks due in the period
 *   (one aggregate on `store_state`), open tickets and the period's tickets (two aggregates
 *   on `store_time`), the store's staff and its name (2);
 * - then, for the members who bought, their owner and first order (`members` by id) and
 *   their owner changes since the period began (`ownerHistory.member_time`), 500 members a
 *   request each.
 * Requests = 7 + (⌊orders / 1000⌋ + 1) + 2 × ⌈buyers / 500⌉ (30 days of a store with 3,000 orders
 * by 1,500 members: 7 + 4 + 6 = 17; bench row `store.figures`).
 */
import { ownerBeforePurchase } from '@/domain/ownershipTerm';
import { AppError } from '@/contracts/errors';
import type { ClerkFiguresView, StoreFiguresView } from '@/contracts/manager';
import { REPORT_TASK_STATES, REPORT_TICKET_STATES } from '@/domain/reports/service';
import { periodRange, type PeriodSpec } from '@/domain/figuresPeriod';
import {
  computeStoreFigures,
  type FigureMember,
  type FigureOrder,
  type Figures,
  type NewMembersRow,
  type OpenTicketsRow,
  type OwnerChange,
  type PeriodTicketsRow,
  type TasksRow,
} from '@/domain/storeFigures';
import type { Ctx } from '../_shared/runtime';
import type { Doc } from '../_shared/db';
import type { OrderDoc } from '../_shared/repos/orders';
import type { StaffDoc } from '../_shared/repos/staff';
import { storeNames } from '../_shared/repos/stores';
import { requireManagedStore, ROLE_ORDER } from './team';

const PAGE = 1000;
const ID_CHUNK = 500;
/** 50,000 orders: beyond that the period is too long to answer in one call */
const MAX_ORDER_PAGES = 50;
const GROUP_LIMIT = 1000;

const chunks = <T>(list: T[], size: number): T[][] =>
  Array.from({ length: Math.ceil(list.length / size) }, (_v, i) =>
    list.slice(i * size, (i + 1) * size),
  );

export async function storeFigures(
  ctx: Ctx,
  input: { storeId?: string; period: PeriodSpec },
): Promise<StoreFiguresView> {
  const { storeId } = await requireManagedStore(ctx, input.storeId);
  const period = periodRange(input.period, ctx.now);
  if (!period.ok) throw new AppError('COMMON.INVALID_INPUT', period.reason);
  const { from, to } = period;
  const { db } = ctx;
  const _ = db.command;
  const $ = _.aggregate;
  const inPeriod = () => _.gte(from).and(_.lt(to));
  const group = async (collection: string, match: Doc, fields: Doc): Promise<Doc[]> =>
    (
      (await db
        .collection(collection)
        .aggregate()
        .match(match)
        .group(fields)
        .limit(GROUP_LIMIT)
        .end()) as { list: Doc[] }
    ).list;

  const readOrders = async (): Promise<FigureOrder[]> => {
    const out: FigureOrder[] = [];
    for (let page = 0; page < MAX_ORDER_PAGES; page++) {
      const docs = (
        await db
          .collection('orders')
          .where({ storeId, createdAt: inPeriod() })
          .orderBy('createdAt', 'asc')
          .field({
            memberId: true,
            createdAt: true,
            paidFen: true,
            refundedFen: true,
            status: true,
            reassign: true,
            ownerPlan: true,
            previousClerkId: true,
          })
          .skip(page * PAGE)
          .limit(PAGE)
          .get()
      ).data as OrderDoc[];
      for (const o of docs)
        out.push({
          id: o._id,
          memberId: o.memberId,
          createdAt: o.createdAt,
          paidFen: o.paidFen,
          refundedFen: o.refundedFen ?? 0,
          status: o.status,
          moved: Boolean(o.reassign),
          // the owner when the order came in (orders from before the ownership term: the
          // clerk the move left, recorded on the order)
          previousClerkId: o.ownerPlan
            ? ownerBeforePurchase(o.ownerPlan, o.createdAt).clerkId
            : (o.previousClerkId ?? null),
        });
      if (docs.length < PAGE) return out;
    }
    throw new AppError('COMMON.INVALID_INPUT', '这段时间的订单太多，请选择更短的时间段');
  };

  const [orders, newMembers, tasks, openTickets, periodTickets, staff, names] = await Promise.all([
    readOrders(),
    group(
      'members',
      { 'source.storeId': storeId, createdAt: inPeriod() },
      { _id: '$source.clerkId', count: $.sum(1) },
    ),
    group(
      'tasks',
      { storeId, state: _.in([...REPORT_TASK_STATES]), dueAt: inPeriod() },
      {
        _id: '$assigneeId',
        due: $.sum(1),
        done: $.sum($.cond({ if: $.eq(['$state', 'done']), then: 1, else: 0 })),
      },
    ),
    group('tickets', { storeId, state: 'open' }, { _id: '$assigneeId', open: $.sum(1) }),
    group(
      'tickets',
      { storeId, state: _.in([...REPORT_TICKET_STATES]), openedAt: inPeriod() },
      {
        _id: '$assigneeId',
        resolved: $.sum($.cond({ if: $.eq(['$state', 'resolved']), then: 1, else: 0 })),
        handlingMs: $.sum($.ifNull(['$handlingMs', 0])),
        rated: $.sum($.cond({ if: $.gt([$.ifNull(['$rating.score', 0]), 0]), then: 1, else: 0 })),
        ratingSum: $.sum($.ifNull(['$rating.score', 0])),
      },
    ),
    db
      .collection('staff')
      .where({ storeId })
      .field({ name: true, role: true, active: true })
      .limit(200)
      .get()
      .then((r) => r.data as StaffDoc[]),
    storeNames(db, [storeId]),
  ]);

  /** the owner changes of these members since the period began, every page of them */
  const readChanges = async (ids: string[]): Promise<{ data: Doc[] }> => {
    const data: Doc[] = [];
    for (let page = 0; ; page++) {
      const docs = (
        await db
          .collection('ownerHistory')
          .where({ memberId: _.in(ids), at: _.gte(from) })
          .orderBy('at', 'asc')
          .field({ memberId: true, at: true, previousClerkId: true })
          .skip(page * PAGE)
          .limit(PAGE)
          .get()
      ).data;
      data.push(...docs);
      if (docs.length < PAGE) return { data };
    }
  };

  const buyers = [...new Set(orders.map((o) => o.memberId))];
  const loaded = await Promise.all(
    chunks(buyers, ID_CHUNK).map((ids) =>
      Promise.all([
        db
          .collection('members')
          .where({ _id: _.in(ids) })
          .field({ clerkId: true, 'stats.firstOrderAt': true })
          .limit(ids.length)
          .get(),
        readChanges(ids),
      ]),
    ),
  );
  const members: FigureMember[] = [];
  const ownerChanges: OwnerChange[] = [];
  for (const [m, h] of loaded) {
    for (const d of m.data)
      members.push({
        id: d._id,
        clerkId: d.clerkId ?? null,
        firstOrderAt: d.stats?.firstOrderAt ?? null,
      });
    for (const d of h.data)
      ownerChanges.push({
        memberId: d.memberId,
        at: d.at,
        previousClerkId: d.previousClerkId ?? null,
      });
  }

  const key = (id: unknown) => (typeof id === 'string' ? id : null);
  const { store, byClerk } = computeStoreFigures({
    orders,
    members,
    ownerChanges,
    newMembers: newMembers.map((r): NewMembersRow => ({ clerkId: key(r._id), count: r.count })),
    tasks: tasks.map((r): TasksRow => ({ assigneeId: key(r._id), due: r.due, done: r.done })),
    openTickets: openTickets.map((r): OpenTicketsRow => ({ assigneeId: key(r._id), open: r.open })),
    periodTickets: periodTickets.map(
      (r): PeriodTicketsRow => ({
        assigneeId: key(r._id),
        resolved: r.resolved,
        handlingMs: r.handlingMs,
        rated: r.rated,
        ratingSum: r.ratingSum,
      }),
    ),
  });

  const empty = computeStoreFigures({
    orders: [],
    members: [],
    ownerChanges: [],
    newMembers: [],
    tasks: [],
    openTickets: [],
    periodTickets: [],
  }).store;
  const clerks: ClerkFiguresView[] = staff
    .filter((s) => s.active || byClerk.has(s._id))
    .map((s) => ({
      staffId: s._id,
      name: s.name,
      role: s.role,
      active: s.active,
      ...((byClerk.get(s._id) ?? empty) satisfies Figures),
    }))
    .sort(
      (a, b) =>
        Number(b.active) - Number(a.active) ||
        ROLE_ORDER[a.role] - ROLE_ORDER[b.role] ||
        a.name.localeCompare(b.name, 'zh'),
    );
  return {
    storeId,
    storeName: names.get(storeId) ?? storeId,
    period: { from, to, label: period.label },
    store,
    clerks,
  };
}
