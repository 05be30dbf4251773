/**
 * The follow-up task (回访) actions of the `staff` function (spread into staffContract):
 * my tasks, a task by hand, completing one with an outcome, the store's shared pool
 * (公海池) and claiming from it. Rules: src/domain/tasks/*.
 */
import { z } from 'zod';
import { action } from './define';
import { TASK_OUTCOMES, type TaskOutcomeValue } from '../domain/tasks/claim';

export type TaskView = {
  id: string;
  memberId: string;
  /** 张女士 for those who see the customer in full, 张** otherwise (domain/ownership.ts) */
  memberDisplayName: string;
  title: string;
  script: string | null;
  dueAt: number;
  /** 'YYYY-MM-DD', Shanghai */
  dueDate: string;
  state: 'open' | 'pooled' | 'done' | 'expired';
  overdue: boolean;
  overdueDays: number;
  /** when the sweep moves it to the pool if nobody follows up */
  poolAt: number;
  source: 'automation' | 'manual';
  assigneeId: string | null;
  claimedBy: string | null;
  outcome: { result: TaskOutcomeValue; label: string; note: string | null; at: number } | null;
};

const idSchema = z.string().min(1).max(128);
const cursorSchema = z.object({ dueAt: z.int(), id: idSchema }).optional();
const pageOut = z.int().min(1).max(50).default(20);

export const taskActions = {
  /** The caller's open tasks, due first (so overdue ones lead), paged by (dueAt, id). */
  listMyTasks: action(z.object({ after: cursorSchema, limit: pageOut })).returns<{
    tasks: TaskView[];
    hasMore: boolean;
    overdue: number;
  }>(),
  /** A task by hand for a customer of the caller's store, due by the end of `dueDate`. */
  createTask: action(
    z.object({
      memberId: z.string().min(1).max(64),
      dueDate: z.string().regex(/^\d{4}-\d{2}-\d{2}$/),
      title: z.string().trim().min(1).max(40),
      script: z.string().trim().max(200).nullable().default(null),
      /** chosen by the client per form: a retry sends the same and creates nothing more */
      requestId: z.string().min(8).max(64),
    }),
  ).returns<{ task: TaskView; created: boolean }>(),
  /** Done with an outcome (the assignee or the store manager); the same again is no change. */
  completeTask: action(
    z.object({
      taskId: idSchema,
      result: z.enum(TASK_OUTCOMES),
      note: z.string().trim().max(200).nullable().default(null),
    }),
  ).returns<{ task: TaskView }>(),
  /** The caller's store's pooled tasks, longest waiting first. */
  listPool: action(z.object({ after: cursorSchema, limit: pageOut })).returns<{
    tasks: TaskView[];
    hasMore: boolean;
  }>(),
  /** Claim a pooled task (first claim wins); by setting, the customer comes with it. */
  claimTask: action(z.object({ taskId: idSchema })).returns<{
    task: TaskView;
    customerMoved: boolean;
  }>(),
};
