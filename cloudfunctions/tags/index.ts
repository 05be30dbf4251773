/**
 * The tags timer, every 10 minutes from 03:00 to 04:50 Shanghai: first the members whose
 * tags the clock alone can change today (`tagReviewAt <= now`: a purchase leaving a
 * window, 60 / 90 / 180 days without purchase crossed, a minimum stay ended), re-decided
 * with cause 'time' — an indexed range query, so a night costs what changed, not the
 * chain's size; then, with the time left, a rule recompute in progress (started by HQ's
 * applyTagRules). Both resume where a run stopped (see _shared/tagJobs.ts); a finished
 * night costs one query that finds nobody, and one progress write.
 */
import { shanghaiDate } from '@/domain/calendar';
import { createTimer } from '../_shared/timer';
import {
  openRecomputeJob,
  reviewDueTags,
  stepRecompute,
  type ReviewResult,
} from '../_shared/tagJobs';

export type TagsRunResult = {
  date: string;
  review: ReviewResult;
  recompute: { jobId: string; done: boolean; scanned: number; written: number } | null;
};

export const main = createTimer('tags', async (ctx, { deadline }): Promise<TagsRunResult> => {
  const { db, now } = ctx;
  const batch = ctx.config.tagJobBatch;
  const review = await reviewDueTags(db, { now, deadline, batch });
  let recompute: TagsRunResult['recompute'] = null;
  const open = review.complete ? await openRecomputeJob(db) : null;
  if (open) {
    const job = await stepRecompute(db, { job: open, now, deadline, batch });
    recompute = { jobId: job._id, done: job.done, scanned: job.scanned, written: job.written };
  }
  const date = shanghaiDate(now);
  const _ = db.command;
  const progress = {
    runs: _.inc(1),
    reviewed: _.inc(review.reviewed),
    written: _.inc(review.written),
    complete: review.complete,
    updatedAt: now,
  };
  const res = await db
    .collection('jobRuns')
    .where({ _id: `tags:${date}` })
    .update({ data: progress });
  if (res.stats.updated === 0) {
    await db
      .collection('jobRuns')
      .doc(`tags:${date}`)
      .set({
        data: {
          job: 'tags',
          date,
          runs: 1,
          reviewed: review.reviewed,
          written: review.written,
          complete: review.complete,
          updatedAt: now,
        },
      });
  }
  return { date, review, recompute };
});
