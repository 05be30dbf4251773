/**
 * Follow-up tasks (回访) for the workbench: the caller's open tasks and the store's pool,
 * paged by (dueAt, _id) on the declared indexes, and a task by hand. Customer names follow
 * the one ownership rule (staffDisplayName); the full name never leaves for anyone else.
 * Completing and claiming: tasksClaim.ts.
 */
import { AppError } from '@/contracts/errors';
import type { TaskView } from '@/contracts/tasks';
import { startOfShanghaiDay } from '@/domain/calendar';
import { dueAtOfDate } from '@/domain/tasks/followUp';
import type { Ctx } from '../_shared/runtime';
import { getById, type Database } from '../_shared/db';
import type { MemberDoc } from '../_shared/repos/members';
import { loadSettings } from '../_shared/repos/settings';
import { requireStaff, TILL_ROLES, type StaffDoc } from '../_shared/repos/staff';
import { addTask, taskPage, taskView, type TaskDoc } from '../_shared/repos/tasks';
import { displayNamesFor } from './till';

type Cursor = { dueAt: number; id: string } | undefined;

/** (dueAt, _id) after the cursor, for ascending pages. */
function after(db: Database, cursor: Cursor): Record<string, unknown> | null {
  if (!cursor) return null;
  const _ = db.command;
  return _.or([{ dueAt: _.gt(cursor.dueAt) }, { dueAt: cursor.dueAt, _id: _.gt(cursor.id) }]);
}

/** The tasks as the caller sees them: one read of their members. */
export async function viewsFor(
  ctx: Ctx,
  staff: StaffDoc,
  tasks: TaskDoc[],
  poolDays?: number,
): Promise<TaskView[]> {
  const { now } = ctx;
  const nameOf = await displayNamesFor(
    ctx,
    staff,
    tasks.map((t) => t.memberId),
  );
  return tasks.map((t) => taskView(t, nameOf(t.memberId), now, poolDays));
}

/** Whose open tasks the caller works: their own; a manager also the store's managers' ones. */
function mine(db: Database, staff: StaffDoc): Record<string, unknown> {
  return staff.role === 'manager'
    ? { storeId: staff.storeId, state: 'open', assigneeId: db.command.in([staff._id, null]) }
    : { assigneeId: staff._id, state: 'open' };
}

async function pageOf(
  ctx: Ctx,
  base: Record<string, unknown>,
  input: { after?: Cursor; limit: number },
): Promise<{ page: TaskDoc[]; hasMore: boolean }> {
  const { db } = ctx;
  const cursor = after(db, input.after);
  const docs = (
    await db
      .collection('tasks')
      .where(cursor ? db.command.and([base, cursor]) : base)
      .orderBy('dueAt', 'asc')
      .orderBy('_id', 'asc')
      .limit(input.limit + 1)
      .get()
  ).data as TaskDoc[];
  return taskPage(docs, input.limit);
}

export async function listMyTasks(ctx: Ctx, input: { after?: Cursor; limit: number }) {
  const { db, now } = ctx;
  const staff = await requireStaff(ctx, TILL_ROLES);
  const base = mine(db, staff);
  const [{ page, hasMore }, overdue, settings] = await Promise.all([
    pageOf(ctx, base, input),
    db
      .collection('tasks')
      .where({ ...base, dueAt: db.command.lt(now) })
      .count(),
    loadSettings(db),
  ]);
  return {
    tasks: await viewsFor(ctx, staff, page, settings.tasks.poolDays),
    hasMore,
    overdue: overdue.total,
  };
}

export async function listPool(ctx: Ctx, input: { after?: Cursor; limit: number }) {
  const staff = await requireStaff(ctx, TILL_ROLES);
  const [{ page, hasMore }, settings] = await Promise.all([
    pageOf(ctx, { storeId: staff.storeId, state: 'pooled' }, input),
    loadSettings(ctx.db),
  ]);
  return { tasks: await viewsFor(ctx, staff, page, settings.tasks.poolDays), hasMore };
}

export async function createTask(
  ctx: Ctx,
  input: {
    memberId: string;
    dueDate: string;
    title: string;
    script: string | null;
    requestId: string;
  },
): Promise<{ task: TaskView; created: boolean }> {
  const { db, now } = ctx;
  const staff = await requireStaff(ctx, TILL_ROLES);
  const dueAt = dueAtOfDate(input.dueDate);
  if (dueAt < startOfShanghaiDay(now)) throw new AppError('TASK.DUE_IN_PAST');
  const member = await getById<MemberDoc>(db, 'members', input.memberId);
  // a customer of the caller's store, or their own customer wherever they are now
  const reachable =
    member &&
    member.status !== 'deleted' &&
    (member.homeStoreId === staff.storeId || member.clerkId === staff._id);
  if (!reachable) throw new AppError('MEMBER.NOT_FOUND');
  const task: TaskDoc = {
    _id: `manual:${staff._id}:${input.requestId}`,
    memberId: member._id,
    storeId: staff.storeId,
    assigneeId: staff._id,
    assigneeRole: staff.role === 'manager' ? 'manager' : 'clerk',
    title: input.title,
    script: input.script || null,
    dueAt,
    state: 'open',
    source: { kind: 'manual', createdBy: staff._id },
    createdAt: now,
    pooledAt: null,
    claimedBy: null,
    claimedAt: null,
    outcome: null,
    updatedAt: now,
  };
  const created = await addTask(ctx, task);
  const stored = created ? task : await getById<TaskDoc>(db, 'tasks', task._id);
  if (!stored) throw new AppError('COMMON.CONFLICT');
  const [view] = await viewsFor(ctx, staff, [stored]);
  return { task: view, created };
}
