/**
 * When a follow-up task (回访) is overdue, and when it goes to the store's shared pool
 * (公海池). All on the Shanghai calendar (domain/calendar.ts).
 *
 * - A task is due by `dueAt`; a task entered by hand for a date is due by the end of that
 *   Shanghai day (`dueAtOfDate`), so it is overdue from 00:00 the next day.
 * - Overdue: open and `dueAt` has passed. Not a state, a reading of the clock.
 * - The pool: an open task not followed up within `poolDays` (7) days **of its due time**
 *   goes to the pool. Counted from the due time, not from creation, because automations
 *   create tasks ahead of their day (the birthday call is created before the birthday):
 *   a clerk always has the whole week after the due day to follow up.
 */
import { addShanghaiDays, endOfShanghaiDay, parseShanghaiDate } from '../calendar';

export const POOL_DAYS_DEFAULT = 7;

export type TaskClock = { state: string; dueAt: number };

/** The due time of a task entered for a Shanghai date: the last millisecond of that day. */
export function dueAtOfDate(date: string): number {
  return endOfShanghaiDay(parseShanghaiDate(date));
}

/** Open and past its due time. */
export function isOverdue(task: TaskClock, now: number): boolean {
  return task.state === 'open' && now > task.dueAt;
}

/** When an open task, not followed up, goes to the pool. */
export function poolAt(dueAt: number, poolDays: number = POOL_DAYS_DEFAULT): number {
  return addShanghaiDays(dueAt, poolDays);
}

/** Should the sweep move it to the pool now? */
export function shouldPool(task: TaskClock, now: number, poolDays?: number): boolean {
  return task.state === 'open' && now >= poolAt(task.dueAt, poolDays);
}

/**
 * The sweep's range: open tasks with `dueAt` at or before this instant are due for the pool
 * (an indexed range query on state + dueAt).
 */
export function poolCutoff(now: number, poolDays: number = POOL_DAYS_DEFAULT): number {
  return addShanghaiDays(now, -poolDays);
}

/** Whole days a task has been overdue (0 when it is not), for the 「逾期 3 天」 label. */
export function overdueDays(task: TaskClock, now: number): number {
  if (!isOverdue(task, now)) return 0;
  return Math.max(1, Math.ceil((now - task.dueAt) / 86_400_000));
}
