/**
 * Follow-up tasks (回访): one document per task, `_id` deterministic for automation tasks
 * (the action key), so a re-run never makes a second one.
 *
 * States: open → done; an open task not followed up within the pool delay moves to the
 * store's shared pool (公海池, `pooled`), where a clerk of the store may claim it (back to
 * `open`, assigned to them). Overdue is not a state: an open task whose `dueAt` has passed.
 * `expired`: the member is gone (account deleted) or the task no longer applies.
 */
import type { TaskView } from '@/contracts/tasks';
import { shanghaiDate } from '@/domain/calendar';
import { OUTCOME_LABELS, type TaskOutcomeValue } from '@/domain/tasks/claim';
import { isOverdue, overdueDays, poolAt } from '@/domain/tasks/followUp';
import { isDuplicateKeyError } from '../db';
import type { Ctx } from '../runtime';

export type TaskState = 'open' | 'pooled' | 'done' | 'expired';

export type TaskSource =
  | { kind: 'automation'; automationKey: string; runKey: string; step: number }
  | { kind: 'manual'; createdBy: string };

export type TaskOutcome = {
  /** how the follow-up went (contracts decide the values) */
  result: string;
  note: string | null;
  by: string;
  at: number;
};

export type TaskDoc = {
  _id: string;
  memberId: string;
  storeId: string | null;
  /** the clerk it is for; null: the store's managers (and the shared pool) */
  assigneeId: string | null;
  assigneeRole: 'clerk' | 'manager';
  title: string;
  script: string | null;
  dueAt: number;
  state: TaskState;
  source: TaskSource;
  createdAt: number;
  /** when it last moved to the pool, and who claimed it from there */
  pooledAt?: number | null;
  claimedBy?: string | null;
  claimedAt?: number | null;
  outcome?: TaskOutcome | null;
  updatedAt?: number;
};

/** Adds a task; answers false when a task with this id exists already (nothing written). */
export async function addTask(ctx: Ctx, task: TaskDoc): Promise<boolean> {
  try {
    await ctx.db.collection('tasks').add({ data: task });
    return true;
  } catch (e) {
    if (isDuplicateKeyError(e)) return false;
    throw e;
  }
}

/** A task as staff see it, with the customer's name as the ownership rule lets them see it. */
export function taskView(
  task: TaskDoc,
  memberDisplayName: string,
  now: number,
  poolDays?: number,
): TaskView {
  const outcome = task.outcome
    ? {
        result: task.outcome.result as TaskOutcomeValue,
        label: OUTCOME_LABELS[task.outcome.result as TaskOutcomeValue] ?? task.outcome.result,
        note: task.outcome.note,
        at: task.outcome.at,
      }
    : null;
  return {
    id: task._id,
    memberId: task.memberId,
    memberDisplayName,
    title: task.title,
    script: task.script,
    dueAt: task.dueAt,
    dueDate: shanghaiDate(task.dueAt),
    state: task.state,
    overdue: isOverdue(task, now),
    overdueDays: overdueDays(task, now),
    poolAt: poolAt(task.dueAt, poolDays),
    source: task.source.kind,
    assigneeId: task.assigneeId,
    claimedBy: task.claimedBy ?? null,
    outcome,
  };
}

/** Collects the tasks of a page and the next cursor: `limit + 1` read, `limit` kept. */
export function taskPage(docs: TaskDoc[], limit: number) {
  return { page: docs.slice(0, limit), hasMore: docs.length > limit };
}
