/**
 * 我的顾客 (staff.listCustomers): a clerk's own customers, or a manager's store customers
 * (one clerk's with `clerkId`), filtered by tag and lifecycle, paged by member id.
 * Two requests a page: the members (indexed by owner, tags, id), then their open tasks.
 * Rows are masked by the one rule (domain/ownership.ts via till.ts staffDisplayName).
 */
import { AppError } from '@/contracts/errors';
import type { CustomerRow } from '@/contracts/staff';
import { maskPhone } from '@/domain/masking';
import { isOwnClerk } from '@/domain/ownership';
import type { Ctx } from '../_shared/runtime';
import type { MemberDoc } from '../_shared/repos/members';
import type { TaskDoc } from '../_shared/repos/tasks';
import { requireStaff } from '../_shared/repos/staff';
import { staffDisplayName, viewerOf } from './till';

type Input = { clerkId?: string; tag?: string; lifecycle?: string; cursor?: string; limit: number };

export async function listCustomers(
  ctx: Ctx,
  input: Input,
): Promise<{ customers: CustomerRow[]; nextCursor: string | null }> {
  const { db } = ctx;
  const _ = db.command;
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
  if (input.cursor) filter._id = _.gt(input.cursor);
  const page = (
    await db
      .collection('members')
      .where({ ...filter, status: 'active' })
      .field({
        name: true,
        gender: true,
        phone: true,
        clerkId: true,
        homeStoreId: true,
        tags: true,
        manualTags: true,
      })
      .orderBy('_id', 'asc')
      .limit(input.limit + 1)
      .get()
  ).data as MemberDoc[];
  const members = page.slice(0, input.limit);
  const next = await nextTasks(
    ctx,
    members.map((m) => m._id),
  );
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
      nextTask: next.get(m._id) ?? null,
    })),
    nextCursor: page.length > input.limit ? (members.at(-1)?._id ?? null) : null,
  };
}

/** Each member's open task due first (one request). */
async function nextTasks(
  ctx: Ctx,
  memberIds: string[],
): Promise<Map<string, { title: string; dueAt: number }>> {
  const next = new Map<string, { title: string; dueAt: number }>();
  if (!memberIds.length) return next;
  const tasks = (
    await ctx.db
      .collection('tasks')
      .where({ memberId: ctx.db.command.in(memberIds), state: 'open' })
      .field({ memberId: true, title: true, dueAt: true })
      .orderBy('dueAt', 'asc')
      .limit(100)
      .get()
  ).data as Pick<TaskDoc, 'memberId' | 'title' | 'dueAt'>[];
  for (const t of tasks)
    if (!next.has(t.memberId)) next.set(t.memberId, { title: t.title, dueAt: t.dueAt });
  return next;
}
