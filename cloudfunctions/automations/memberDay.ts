/**
 * The 会员日 preview (`memberDay` automations): on the preview day (domain/automations/
 * memberDay.ts) every active member of the audience — the whole chain, or the levels HQ
 * chose — gets the day's coupon and the preview message, once per member day.
 *
 * The bulk path: members walked by the `joined` index (createdAt, _id), page by page, the
 * audience's levels as a condition of the query; the cursor is saved in
 * `jobRuns/automations:<key>:<yyyy-mm>` after every page, so the walk goes on across the
 * timer's runs (every 10 minutes, each within its deadline) and a run killed mid-page redoes
 * at most that page — one run document per member per member day
 * (`memberDay:<member>:<yyyy-mm>`), every action keyed by it: nothing twice. Quiet hours
 * defer the walk to their end (from 09:00); the cap (`automationLastRun`) and the holdout
 * are decided per member by planStep, as for every automation.
 */
import type { Automation } from '@/domain/automations/definitions';
import { memberDayOccurrence } from '@/domain/automations/memberDay';
import { isQuiet } from '@/domain/automations/quietHours';
import type { Ctx } from '../_shared/runtime';
import { getById } from '../_shared/db';
import { duePage, type DueCursor } from '../_shared/duePage';
import { eachInGroups } from '../_shared/tagJobs';
import { startRun } from './apply';
import { asCandidate, MEMBER_PROJECTION, type AutomationCounts, type Candidate } from './members';

type MemberDayJob = { _id: string; cursor: DueCursor | 'done' | null };

export async function runMemberDay(
  ctx: Ctx,
  a: Automation,
  deadline: number,
  counts: AutomationCounts,
): Promise<boolean> {
  const occ = memberDayOccurrence(a.trigger, ctx.now);
  if (!occ || isQuiet(ctx.now, a.quietHours)) return true;
  const jobId = `automations:${a.key}:${occ.id}`;
  const job = await getById<MemberDayJob>(ctx.db, 'jobRuns', jobId);
  if (job?.cursor === 'done') return true;
  const _ = ctx.db.command;
  const levels = a.audience?.levels;
  const batch = ctx.config.tagJobBatch;
  const occurrence = { id: occ.id, at: occ.at };
  let after: DueCursor | null = job?.cursor ?? null;
  for (;;) {
    if (performance.now() > deadline) return false;
    const page: Candidate[] = await duePage(ctx.db, 'members', {
      field: 'createdAt',
      upTo: occ.until,
      after,
      projection: MEMBER_PROJECTION,
      limit: batch,
      where: { status: 'active', ...(levels ? { level: _.in(levels) } : {}) },
    });
    const done = await eachInGroups(page, deadline, async (raw) => {
      counts.found += 1;
      counts[await startRun(ctx, a, asCandidate(raw), occurrence)] += 1;
    });
    if (done < page.length) return false;
    const last = page.at(-1);
    if (last) after = { at: last.createdAt, id: last._id };
    const finished = page.length < batch;
    await ctx.db
      .collection('jobRuns')
      .doc(jobId)
      .set({
        data: {
          job: 'automations',
          automationKey: a.key,
          occurrence: occ.id,
          cursor: finished ? 'done' : after,
          updatedAt: ctx.now,
        },
      });
    if (finished) return true;
  }
}
