/**
 * The 会员日 preview (`memberDay` automations): on the preview day (domain/automations/
 * memberDay.ts) every active member of the audience — the whole chain, or the levels HQ
 * chose — gets the day's coupon and the preview message, once per member day.
 *
 * The bulk path: members walked by `_id` (the primary key: a page costs its own size, not
 * the collection's, as the tags' recompute walk), page by page, the audience's status and
 * levels checked on the page; the cursor (last `_id`) is saved in
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
import { eachInGroups } from '../_shared/tagJobs';
import { startRun } from './apply';
import { asCandidate, MEMBER_PROJECTION, type AutomationCounts, type Candidate } from './members';

type MemberDayJob = { _id: string; cursor: string | null; done: boolean };

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
  if (job?.done) return true;
  const _ = ctx.db.command;
  const levels = a.audience?.levels;
  const batch = ctx.config.tagJobBatch;
  const occurrence = { id: occ.id, at: occ.at };
  let after = job?.cursor ?? '';
  for (;;) {
    if (performance.now() > deadline) return false;
    const page = (
      await ctx.db
        .collection('members')
        .where({ _id: _.gt(after) })
        .orderBy('_id', 'asc')
        .field(MEMBER_PROJECTION)
        .limit(batch)
        .get()
    ).data as Candidate[];
    const audience = page.filter(
      (m) => m.status === 'active' && (!levels || levels.includes(m.level as never)),
    );
    const done = await eachInGroups(audience, deadline, async (raw) => {
      counts.found += 1;
      counts[await startRun(ctx, a, asCandidate(raw), occurrence)] += 1;
    });
    if (done < audience.length) return false;
    if (page.length > 0) after = page.at(-1)!._id;
    const finished = page.length < batch;
    await ctx.db
      .collection('jobRuns')
      .doc(jobId)
      .set({
        data: {
          job: 'automations',
          automationKey: a.key,
          occurrence: occ.id,
          cursor: after,
          done: finished,
          updatedAt: ctx.now,
        },
      });
    if (finished) return true;
  }
}
