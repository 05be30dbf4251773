/** The two jobs of the tasks timer (index.ts): the pool sweep and the overdue reminder. */
import type { Ctx } from '../_shared/runtime';
import type { TaskDoc } from '../_shared/repos/tasks';
import { sendStaffReminder } from '../_shared/staffMessaging';

const BATCH = 100;
/** the workbench, where the reminder is listed (no tasks page yet) */
export const TASKS_PAGE = 'staff/pages/home/index';

export type SweepResult = { moved: number; read: number; complete: boolean };
export type RemindResult = { reminded: number; read: number; complete: boolean };

/** Open tasks due at or before `cutoff` go to the pool, a page at a time until none is left. */
export async function sweepPool(
  ctx: Ctx,
  input: { cutoff: number; deadline: number },
): Promise<SweepResult> {
  const { db, now } = ctx;
  const _ = db.command;
  const out: SweepResult = { moved: 0, read: 0, complete: false };
  while (performance.now() < input.deadline) {
    const page = (
      await db
        .collection('tasks')
        .where({ state: 'open', dueAt: _.lte(input.cutoff) })
        .orderBy('dueAt', 'asc')
        .limit(BATCH)
        .field({ _id: true })
        .get()
    ).data as Pick<TaskDoc, '_id'>[];
    out.read += page.length;
    if (page.length === 0) {
      out.complete = true;
      break;
    }
    const res = await db
      .collection('tasks')
      .where({ _id: _.in(page.map((t) => t._id)), state: 'open', dueAt: _.lte(input.cutoff) })
      .update({ data: { state: 'pooled', pooledAt: now, updatedAt: now } });
    out.moved += res.stats.updated;
  }
  return out;
}

type Cursor = { dueAt: number; id: string } | null;

/**
 * One reminder per clerk per day for their overdue open tasks (due after the pool cutoff,
 * before now), with the count of them. The walk's cursor is kept in `jobRuns`.
 */
export async function remindOverdue(
  ctx: Ctx,
  input: { cutoff: number; date: string; deadline: number; poolDays: number },
): Promise<RemindResult> {
  const { db, now } = ctx;
  const _ = db.command;
  const runId = `tasks:${input.date}`;
  const run = (await db.collection('jobRuns').where({ _id: runId }).limit(1).get()).data[0] as
    | { cursor: Cursor; complete: boolean }
    | undefined;
  const out: RemindResult = { reminded: 0, read: 0, complete: run?.complete ?? false };
  let cursor: Cursor = run?.cursor ?? null;
  const range = { state: 'open', dueAt: _.and(_.gt(input.cutoff), _.lt(now)) };
  while (!out.complete && performance.now() < input.deadline) {
    const afterCursor = cursor
      ? _.or([{ dueAt: _.gt(cursor.dueAt) }, { dueAt: cursor.dueAt, _id: _.gt(cursor.id) }])
      : null;
    const page = (
      await db
        .collection('tasks')
        .where(afterCursor ? _.and([range, afterCursor]) : range)
        .orderBy('dueAt', 'asc')
        .orderBy('_id', 'asc')
        .limit(BATCH)
        .field({ _id: true, dueAt: true, assigneeId: true })
        .get()
    ).data as Pick<TaskDoc, '_id' | 'dueAt' | 'assigneeId'>[];
    out.read += page.length;
    const staffIds = [...new Set(page.map((t) => t.assigneeId).filter((id) => id !== null))];
    for (const staffId of staffIds) if (await remindOne(ctx, staffId, input)) out.reminded += 1;
    const last = page[page.length - 1];
    if (last) cursor = { dueAt: last.dueAt, id: last._id };
    out.complete = page.length < BATCH;
    await db
      .collection('jobRuns')
      .doc(runId)
      .set({
        data: { job: 'tasks', date: input.date, cursor, complete: out.complete, updatedAt: now },
      });
  }
  return out;
}

async function remindOne(
  ctx: Ctx,
  staffId: string,
  input: { cutoff: number; date: string; poolDays: number },
): Promise<boolean> {
  const { db, now } = ctx;
  const _ = db.command;
  const key = `overdueTasks:${staffId}:${input.date}`;
  const sent = await db.collection('staffReminders').where({ _id: key }).count();
  if (sent.total > 0) return false;
  const { total } = await db
    .collection('tasks')
    .where({ assigneeId: staffId, state: 'open', dueAt: _.and(_.gt(input.cutoff), _.lt(now)) })
    .count();
  if (total === 0) return false;
  const outcome = await sendStaffReminder(ctx, {
    key,
    staffId,
    kind: 'overdueTasks',
    title: '回访任务逾期',
    body: `您有 ${total} 条回访任务已逾期，超过 ${input.poolDays} 天未跟进将进入公海池。`,
    fields: {
      customer: `${total} 位顾客`,
      subject: '回访任务已逾期，请尽快跟进',
      store: '',
      time: input.date,
    },
    page: TASKS_PAGE,
  });
  return outcome.status !== 'noStaff';
}
