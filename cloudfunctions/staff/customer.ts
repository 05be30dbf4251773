/**
 * A customer's page (staff.getCustomer): the profile masked by the one rule (full details
 * only for the member's own clerk: domain/ownership.ts seesDetails; the name as at the till:
 * staffDisplayName), tags with reasons, manual tags, notes, and the timeline of purchases in
 * any store, coupons, points, messages, tasks and tickets (domain/customers/timeline.ts).
 *
 * Two requests: the caller, then one aggregate on the member joining the stores, its clerk,
 * the tag rules and each source's next page (`$lookup` sub-pipelines on the sources' member
 * indexes, newest first after the cursor).
 */
import type { CustomerField, CustomerPageView } from '@/contracts/customers';
import { AppError } from '@/contracts/errors';
import { mayAdjustPoints } from '@/domain/pointAdjustment';
import { maskName, maskPhone } from '@/domain/masking';
import { isOwnClerk, seesDetails } from '@/domain/ownership';
import { normalisePhone } from '@/domain/phone';
import {
  couponEntries,
  ledgerEntry,
  mergeTimeline,
  messageEntry,
  noticeEntry,
  orderEntry,
  taskEntry,
  ticketEntry,
  type CouponFact,
  type LedgerFact,
  type MessageFact,
  type OrderFact,
  type TaskFact,
  type TicketFact,
  type TimelineCursor,
  type TimelineKind,
} from '@/domain/customers/timeline';
import type { Ctx } from '../_shared/runtime';
import type { Database } from '../_shared/db';
import type { MemberDoc } from '../_shared/repos/members';
import { requireStaff } from '../_shared/repos/staff';
import { TAG_RULES_ID, tagRulesFromDoc, type TagRulesDoc } from '../_shared/repos/tagRules';
import { tagViews, STAFF_ROLES } from '../crm/memberTags';
import { noteView, type NoteDoc } from '../crm/notes';
import { fullValue } from './reveal';
import { staffDisplayName, viewerOf } from './till';

/** Coupons a page reads at most (issued and used are two moments of one document). */
export const TIMELINE_COUPONS_MAX = 100;
export const NOTES_MAX = 50;

type Joined = MemberDoc & {
  j_stores: { _id: string; name: string }[];
  j_clerk: { _id: string; name: string }[];
  j_rules: TagRulesDoc[];
  j_orders: OrderFact[];
  j_coupons: CouponFact[];
  j_points: LedgerFact[];
  j_messages: MessageFact[];
  j_tasks: TaskFact[];
  j_tickets: TicketFact[];
  j_notes: NoteDoc[];
};

/**
 * The source's documents after the cursor, by the rule of compareEntries: at the cursor's
 * instant, a kind sorting before the cursor's kind comes after it, one sorting after it does
 * not, and the same kind compares document ids.
 */
function afterCursor(
  db: Database,
  kind: TimelineKind,
  field: string,
  cursor: TimelineCursor | undefined,
): unknown {
  const _ = db.command;
  if (!cursor) return null;
  const split = cursor.id.indexOf(':');
  const cursorKind = cursor.id.slice(0, split);
  if (kind < cursorKind) return { [field]: _.lte(cursor.at) };
  if (kind > cursorKind) return { [field]: _.lt(cursor.at) };
  return _.or([
    { [field]: _.lt(cursor.at) },
    { [field]: cursor.at, _id: _.lt(cursor.id.slice(split + 1)) },
  ]);
}

function source(
  db: Database,
  from: string,
  as: string,
  memberId: string,
  sortField: string,
  limit: number,
  after: unknown = null,
) {
  const _ = db.command;
  const match = after ? _.and([{ memberId }, after]) : { memberId };
  return {
    from,
    pipeline: _.aggregate
      .pipeline()
      .match(match)
      .sort({ [sortField]: -1, _id: -1 })
      .limit(limit)
      .done(),
    as,
  };
}

export async function getCustomer(
  ctx: Ctx,
  input: { memberId: string; before?: TimelineCursor; limit: number },
): Promise<CustomerPageView> {
  const { db } = ctx;
  const _ = db.command;
  const staff = await requireStaff(ctx, STAFF_ROLES);
  const { memberId, before } = input;
  const n = input.limit + 1;
  const res = (await db
    .collection('members')
    .aggregate()
    .match({ _id: memberId })
    .limit(1)
    .lookup({
      from: 'stores',
      pipeline: _.aggregate.pipeline().project({ name: true }).limit(1000).done(),
      as: 'j_stores',
    })
    .lookup({ from: 'staff', localField: 'clerkId', foreignField: '_id', as: 'j_clerk' })
    .lookup({
      from: 'settings',
      pipeline: _.aggregate.pipeline().match({ _id: TAG_RULES_ID }).limit(1).done(),
      as: 'j_rules',
    })
    .lookup(
      source(
        db,
        'orders',
        'j_orders',
        memberId,
        'createdAt',
        n,
        afterCursor(db, 'purchase', 'createdAt', before),
      ),
    )
    .lookup(source(db, 'coupons', 'j_coupons', memberId, 'issuedAt', TIMELINE_COUPONS_MAX))
    .lookup(
      source(
        db,
        'pointsLedger',
        'j_points',
        memberId,
        'at',
        n,
        afterCursor(db, 'points', 'at', before),
      ),
    )
    .lookup(
      source(
        db,
        'outbox',
        'j_messages',
        memberId,
        'createdAt',
        n,
        afterCursor(db, 'message', 'createdAt', before),
      ),
    )
    .lookup(
      source(
        db,
        'tasks',
        'j_tasks',
        memberId,
        'createdAt',
        n,
        afterCursor(db, 'task', 'createdAt', before),
      ),
    )
    .lookup(
      source(
        db,
        'tickets',
        'j_tickets',
        memberId,
        'openedAt',
        n,
        afterCursor(db, 'ticket', 'openedAt', before),
      ),
    )
    .lookup(source(db, 'memberNotes', 'j_notes', memberId, 'createdAt', NOTES_MAX))
    .end()) as { list: Joined[] };
  const m = res.list[0];
  if (!m || m.status !== 'active') throw new AppError('MEMBER.NOT_FOUND');
  const storeName = new Map(m.j_stores.map((s) => [s._id, s.name]));
  const { entries, next } = mergeTimeline(
    [
      m.j_orders.map((o) => orderEntry(o, storeName.get(o.storeId) ?? '门店')),
      m.j_coupons.flatMap(couponEntries),
      m.j_points.map(ledgerEntry),
      m.j_messages.map(messageEntry),
      (m.notices ?? []).map(noticeEntry),
      m.j_tasks.map(taskEntry),
      m.j_tickets.map(ticketEntry),
    ],
    before ?? null,
    input.limit,
  );
  const viewer = viewerOf(staff);
  const full = seesDetails(viewer, m);
  const field = (value: string, masked: string): CustomerField =>
    full || !value ? { value, masked: false } : { value: masked, masked: true };
  return {
    memberId: m._id,
    memberNo: m.memberNo,
    displayName: staffDisplayName(m, staff),
    ownCustomer: isOwnClerk(viewer, m),
    canAdjustPoints: mayAdjustPoints(staff, m),
    name: field(m.name ?? '', maskName(m.name)),
    phone: field(normalisePhone(m.phone), maskPhone(m.phone)),
    birthday: field(fullValue(m, 'birthday'), '已登记'),
    level: m.level,
    pointsBalance: m.points?.balance ?? 0,
    clerkId: m.clerkId,
    clerkName: m.j_clerk[0]?.name ?? null,
    homeStoreName: m.homeStoreId ? (storeName.get(m.homeStoreId) ?? null) : null,
    orderCount: m.stats?.orderCount ?? 0,
    totalSpendFen: m.stats?.totalSpendFen ?? 0,
    lastOrderAt: m.stats?.lastOrderAt ?? null,
    tags: tagViews(m, tagRulesFromDoc(m.j_rules[0])),
    manualTags: m.manualTags ?? [],
    notes: m.j_notes.map(noteView),
    timeline: entries,
    nextCursor: next,
  };
}
