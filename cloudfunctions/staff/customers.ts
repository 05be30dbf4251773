/**
 * 我的顾客 (staff.listCustomers): a clerk's own customers, or a manager's store customers
 * (one clerk's with `clerkId`), searched by the phone's last 4 digits (`phoneTail`) or the
 * start of the name, filtered by tag, lifecycle and last purchase (`stats.lastOrderAt`),
 * paged by member id. Two requests a page: the caller, then one aggregate — the members on
 * an owner index (clerkId or homeStoreId first, then phoneTail / name / tagKeys /
 * stats.lastOrderAt) joined with their tasks (an equality `$lookup` on tasks.memberId, the
 * tasks' member indexes), of which the open ones are kept, the one due first shown. Rows are masked by the one rule (domain/ownership.ts via
 * till.ts staffDisplayName).
 */
import { AppError } from '@/contracts/errors';
import type { CustomerRow } from '@/contracts/staff';
import {
  lastPurchaseRange,
  namePrefixPattern,
  parseCustomerSearch,
  type LastPurchase,
} from '@/domain/customers/search';
import { maskPhone } from '@/domain/masking';
import { isOwnClerk } from '@/domain/ownership';
import type { Ctx } from '../_shared/runtime';
import type { MemberDoc } from '../_shared/repos/members';
import type { TaskDoc } from '../_shared/repos/tasks';
import { requireStaff } from '../_shared/repos/staff';
import { staffDisplayName, viewerOf } from './till';

type Input = {
  clerkId?: string;
  tag?: string;
  lifecycle?: string;
  q?: string;
  lastPurchase?: LastPurchase;
  cursor?: string;
  limit: number;
};

type Row = MemberDoc & { openTasks: Pick<TaskDoc, 'title' | 'dueAt'>[] };

export async function listCustomers(
  ctx: Ctx,
  input: Input,
): Promise<{ customers: CustomerRow[]; nextCursor: string | null }> {
  const { db } = ctx;
  const _ = db.command;
  const $ = _.aggregate;
  const staff = await requireStaff(ctx, ['clerk', 'manager']);
  if (staff.role === 'clerk' && input.clerkId && input.clerkId !== staff._id)
    throw new AppError('AUTH.FORBIDDEN');
  const filter: Record<string, unknown> =
    staff.role === 'clerk'
      ? { clerkId: staff._id }
      : { homeStoreId: staff.storeId, ...(input.clerkId ? { clerkId: input.clerkId } : {}) };
  const tags = [input.tag, input.lifecycle ? `lifecycle:${input.lifecycle}` : undefined].filter(
    (t): t is string => t !== undefined,
  );
  if (tags.length) filter.tagKeys = _.all(tags);
  const search = parseCustomerSearch(input.q);
  if (search?.kind === 'phoneTail') filter.phoneTail = search.tail;
  if (search?.kind === 'name') filter.name = new RegExp(namePrefixPattern(search.prefix));
  if (input.lastPurchase) {
    const range = lastPurchaseRange(input.lastPurchase, ctx.now);
    filter['stats.lastOrderAt'] =
      range === 'never' ? null : 'gte' in range ? _.gte(range.gte) : _.lt(range.lt);
  }
  if (input.cursor) filter._id = _.gt(input.cursor);
  const page = (
    (await db
      .collection('members')
      .aggregate()
      .match({ ...filter, status: 'active' })
      .sort({ _id: 1 })
      .limit(input.limit + 1)
      .lookup({ from: 'tasks', localField: '_id', foreignField: 'memberId', as: 'tasks' })
      .project({
        name: true,
        gender: true,
        phone: true,
        clerkId: true,
        homeStoreId: true,
        tags: true,
        manualTags: true,
        openTasks: $.map({
          input: $.filter({ input: '$tasks', as: 't', cond: $.eq(['$$t.state', 'open']) }),
          as: 'o',
          in: { title: '$$o.title', dueAt: '$$o.dueAt' },
        }),
      })
      .end()) as { list: Row[] }
  ).list;
  const members = page.slice(0, input.limit);
  return {
    customers: members.map((m) => ({
      memberId: m._id,
      displayName: staffDisplayName(m, staff),
      phoneMasked: maskPhone(m.phone),
      ownCustomer: isOwnClerk(viewerOf(staff), m),
      clerkId: m.clerkId,
      tags: Object.entries(m.tags ?? {}).map(([family, t]) => ({
        family,
        value: t.value,
        reason: t.reason,
      })),
      manualTags: m.manualTags ?? [],
      nextTask: nextTask(m.openTasks),
    })),
    nextCursor: page.length > input.limit ? (members.at(-1)?._id ?? null) : null,
  };
}

/** The open task due first (ties: the first listed). */
function nextTask(
  open: Pick<TaskDoc, 'title' | 'dueAt'>[],
): { title: string; dueAt: number } | null {
  let next: Pick<TaskDoc, 'title' | 'dueAt'> | null = null;
  for (const t of open ?? []) if (!next || t.dueAt < next.dueAt) next = t;
  return next ? { title: next.title, dueAt: next.dueAt } : null;
}
