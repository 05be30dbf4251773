/**
 * Completing a follow-up task and claiming one from the store's pool. Both are one
 * conditional update on the task's state, so of many concurrent calls exactly one
 * changes it; a repeat by the same person answers what they did (idempotent), anyone
 * else gets the stable error. Rules: domain/tasks/claim.ts.
 */
import { AppError, type ErrorCode } from '@/contracts/errors';
import type { TaskView } from '@/contracts/tasks';
import { endOfShanghaiDay } from '@/domain/calendar';
import { claimMovesCustomer, mayClaim, mayComplete, type Refusal } from '@/domain/tasks/claim';
import type { TaskOutcomeValue } from '@/domain/tasks/claim';
import type { Ctx } from '../_shared/runtime';
import { getById } from '../_shared/db';
import { assignOwner } from '../_shared/ownership';
import type { MemberDoc } from '../_shared/repos/members';
import { loadSettings } from '../_shared/repos/settings';
import { requireStaff, TILL_ROLES, type StaffDoc } from '../_shared/repos/staff';
import type { TaskDoc } from '../_shared/repos/tasks';
import { viewerOf } from './till';
import { viewsFor } from './tasks';

const REFUSAL: Record<Refusal, ErrorCode> = {
  notYours: 'TASK.NOT_YOURS',
  wrongStore: 'AUTH.WRONG_STORE',
  notOpen: 'TASK.NOT_OPEN',
  notPooled: 'TASK.NOT_POOLED',
};

async function loadTask(ctx: Ctx, staff: StaffDoc, id: string): Promise<TaskDoc> {
  const task = await getById<TaskDoc>(ctx.db, 'tasks', id);
  // another store's task reads as not found: its existence is not the caller's business
  const visible =
    task && (task.assigneeId === staff._id || (task.storeId && task.storeId === staff.storeId));
  if (!task || !visible) throw new AppError('COMMON.NOT_FOUND', '找不到这条回访任务');
  return task;
}

const view = async (ctx: Ctx, staff: StaffDoc, task: TaskDoc) =>
  (await viewsFor(ctx, staff, [task]))[0];

export async function completeTask(
  ctx: Ctx,
  input: { taskId: string; result: TaskOutcomeValue; note: string | null },
): Promise<{ task: TaskView }> {
  const { db, now } = ctx;
  const staff = await requireStaff(ctx, TILL_ROLES);
  const note = input.note || null;
  const sameAgain = (t: TaskDoc) =>
    t.state === 'done' && t.outcome?.result === input.result && t.outcome?.note === note;

  let task = await loadTask(ctx, staff, input.taskId);
  if (!sameAgain(task)) {
    const decision = mayComplete(viewerOf(staff), task);
    if (!decision.ok) {
      throw new AppError(task.state === 'done' ? 'TASK.ALREADY_DONE' : REFUSAL[decision.reason]);
    }
    const outcome = { result: input.result, note, by: staff._id, at: now };
    const res = await db
      .collection('tasks')
      .where({ _id: task._id, state: 'open', assigneeId: task.assigneeId })
      .update({ data: { state: 'done', outcome: db.command.set(outcome), updatedAt: now } });
    task =
      res.stats.updated === 1
        ? { ...task, state: 'done', outcome, updatedAt: now }
        : await loadTask(ctx, staff, input.taskId);
    if (!sameAgain(task)) throw new AppError('TASK.ALREADY_DONE');
  }
  return { task: await view(ctx, staff, task) };
}

export async function claimTask(
  ctx: Ctx,
  input: { taskId: string },
): Promise<{ task: TaskView; customerMoved: boolean }> {
  const { db, now } = ctx;
  const staff = await requireStaff(ctx, TILL_ROLES);
  const mineNow = (t: TaskDoc) => t.state === 'open' && t.claimedBy === staff._id;

  let task = await loadTask(ctx, staff, input.taskId);
  if (!mineNow(task)) {
    const decision = mayClaim(viewerOf(staff), task);
    if (!decision.ok) throw new AppError(REFUSAL[decision.reason]);
    // the claimer follows up today: due by the end of the Shanghai day, pooled again a
    // week later if nobody does
    const claim = {
      state: 'open' as const,
      assigneeId: staff._id,
      assigneeRole: staff.role === 'manager' ? ('manager' as const) : ('clerk' as const),
      claimedBy: staff._id,
      claimedAt: now,
      dueAt: endOfShanghaiDay(now),
      updatedAt: now,
    };
    const res = await db
      .collection('tasks')
      .where({ _id: task._id, state: 'pooled', pooledAt: task.pooledAt ?? null })
      .update({ data: claim });
    if (res.stats.updated !== 1) throw new AppError('TASK.NOT_POOLED');
    task = { ...task, ...claim };
  }
  // also on a repeat: a claim whose customer move did not happen (a crash) completes now
  const customerMoved = await takeCustomer(ctx, staff, task);
  return { task: await view(ctx, staff, task), customerMoved };
}

async function takeCustomer(ctx: Ctx, staff: StaffDoc, task: TaskDoc): Promise<boolean> {
  const settings = await loadSettings(ctx.db);
  if (!settings.tasks.poolClaimTakesCustomer || staff.role !== 'clerk') return false;
  const member = await getById<MemberDoc>(ctx.db, 'members', task.memberId);
  if (!member || !claimMovesCustomer(true, viewerOf(staff), member)) return false;
  return assignOwner(ctx, {
    memberId: member._id,
    from: { clerkId: member.clerkId, storeId: member.homeStoreId },
    to: { clerkId: staff._id, storeId: staff.storeId },
    why: 'poolClaim',
    by: staff._id,
  });
}
