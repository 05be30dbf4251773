/**
 * The follow-up tasks timer, every 10 minutes from 09:00 to 09:50 Shanghai:
 * 1. the pool sweep: open tasks not followed up within `settings.tasks.poolDays` of their
 *    due time move to their store's pool (`pooled`) — an indexed range query on
 *    (state, dueAt), so a run reads what it moves, not what the chain holds;
 * 2. the overdue reminder: each clerk with overdue open tasks gets one staff reminder a day
 *    (key `overdueTasks:<staffId>:<date>`), walking the overdue range by (dueAt, _id) from
 *    the day's `jobRuns` cursor, so a run stopped by its deadline resumes where it was.
 * Every step is safe to repeat.
 */
import { shanghaiDate } from '@/domain/calendar';
import { poolCutoff } from '@/domain/tasks/followUp';
import { createTimer } from '../_shared/timer';
import { loadSettings } from '../_shared/repos/settings';
import { remindOverdue, sweepPool, type RemindResult, type SweepResult } from './jobs';

export type TasksRunResult = { date: string; sweep: SweepResult; remind: RemindResult };

export const main = createTimer('tasks', async (ctx, { deadline }): Promise<TasksRunResult> => {
  const { db, now } = ctx;
  const date = shanghaiDate(now);
  const settings = await loadSettings(db);
  const cutoff = poolCutoff(now, settings.tasks.poolDays);
  const sweep = await sweepPool(ctx, { cutoff, deadline });
  const remind = sweep.complete
    ? await remindOverdue(ctx, { cutoff, date, deadline, poolDays: settings.tasks.poolDays })
    : { reminded: 0, read: 0, complete: false };
  return { date, sweep, remind };
});
