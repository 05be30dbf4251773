/**
 * The automations timer, every 10 minutes: first the member messages kept for the end of
 * quiet hours (memberMessages.ts), then for each automation HQ has switched on,
 * 1. the journeys' due steps (`automationRuns` waiting with `nextStepAt <= now`), each only
 *    if the member has not come back when the step says so;
 * 2. new purchases (purchases.ts: after-purchase care);
 * 3. from 05:00 to 06:50 Shanghai (after the tags timer, so tonight's tag changes are in):
 *    the members each clock trigger concerns today (domain/automations/windows.ts: one
 *    indexed range of a member field).
 * Each member is decided by planStep (audience, cap, holdout, quiet hours) and applied by
 * apply.ts.
 * Both walk with cursors kept in `jobRuns/automations:<date>`, saved after each page, so
 * a run cut short resumes where it stopped; anything redone is a no-op by its keys.
 * Coupons ending soon are walked by coupons.ts (in the morning window), points changes
 * (after the purchases) by points.ts; at every run outside quiet hours, the birthday
 * greeting by the members' due date (birthdays.ts) and, on a preview day, the 会员日 preview
 * over the whole audience with its own cursor (memberDay.ts); last, the audiences of the
 * campaigns HQ launched (campaigns.ts).
 */
import { shanghaiDate, shanghaiParts } from '@/domain/calendar';
import { greetsBirthday, type Automation } from '@/domain/automations/definitions';
import { planStep } from '@/domain/automations/plan';
import { occurrenceOf, triggerWindow } from '@/domain/automations/windows';
import { createTimer } from '../_shared/timer';
import type { Ctx } from '../_shared/runtime';
import { getById } from '../_shared/db';
import { duePage, type DueCursor } from '../_shared/duePage';
import { eachInGroups } from '../_shared/tagJobs';
import { loadAutomations, type AutomationRunDoc } from '../_shared/repos/automations';
import { applyStep, startRun } from './apply';
import {
  asCandidate,
  MEMBER_PROJECTION,
  membersById,
  zero,
  type AutomationCounts,
  type Candidate,
} from './members';
import { runPurchases } from './purchases';
import { runPointsChanges } from './points';
import { runCouponWindow } from './coupons';
import { sendDueMessages } from './memberMessages';
import { runBirthdayGreetings } from './birthdays';
import { runMemberDay } from './memberDay';
import { runCampaigns, runningCampaigns } from './campaigns';
import { campaignAutomation } from '@/domain/campaigns/campaign';

export type AutomationsRunResult = {
  date: string;
  complete: boolean;
  steps: AutomationCounts;
  byAutomation: Record<string, AutomationCounts>;
};

type JobDoc = { _id: string; cursors: Record<string, DueCursor | 'done'> };

async function saveCursor(ctx: Ctx, jobId: string, key: string, cursor: DueCursor | 'done') {
  const _ = ctx.db.command;
  await ctx.db
    .collection('jobRuns')
    .doc(jobId)
    .update({ data: { [`cursors.${key}`]: _.set(cursor), updatedAt: ctx.now } });
}

/** The members of one automation's window tonight, page by page from its cursor. */
async function runWindow(
  ctx: Ctx,
  a: Automation,
  job: JobDoc,
  deadline: number,
  counts: AutomationCounts,
): Promise<boolean> {
  const w = triggerWindow(a.trigger, ctx.now);
  const cursor = job.cursors[a.key];
  if (!w || cursor === 'done') return true;
  let after: DueCursor | null = cursor ?? null;
  const batch = ctx.config.tagJobBatch;
  for (;;) {
    if (performance.now() > deadline) return false;
    const page: Candidate[] = await duePage(ctx.db, 'members', {
      field: w.field,
      from: w.from,
      upTo: w.upTo,
      after,
      projection: MEMBER_PROJECTION,
      limit: batch,
      where: {
        status: 'active',
        ...(w.require.tagKey ? { tagKeys: w.require.tagKey } : {}),
        ...(w.require.noOrders ? { 'stats.orderCount': 0 } : {}),
      },
    });
    const done = await eachInGroups(page, deadline, async (raw) => {
      const member = asCandidate(raw);
      const occurrence = occurrenceOf(a.trigger, member, w);
      if (!occurrence) return;
      counts.found += 1;
      counts[await startRun(ctx, a, member, occurrence)] += 1;
    });
    if (done < page.length) return false;
    const last = page.at(-1);
    const valueAt = (m: Candidate): number =>
      w.field === 'stats.lastOrderAt'
        ? (m.stats?.lastOrderAt ?? 0)
        : Number((m as unknown as Record<string, number>)[w.field]);
    if (last) after = { at: valueAt(last), id: last._id };
    const finished = page.length < batch;
    await saveCursor(ctx, job._id, a.key, finished ? 'done' : after!);
    if (finished) return true;
  }
}

/** A run still 'acting' this long after its last write was cut short: its step is redone. */
export const ACTING_LEASE_MS = 10 * 60_000;

/**
 * Runs with a step to apply: journeys whose next step is due (`waiting`), and steps an
 * earlier run was cut short in (`acting`, untouched for ACTING_LEASE_MS: redone, every
 * action a no-op when done). Each applied unless the member came back (or is gone).
 */
async function runDueSteps(
  ctx: Ctx,
  automations: Automation[],
  deadline: number,
  counts: AutomationCounts,
): Promise<boolean> {
  for (const pass of [
    { status: 'waiting', field: 'nextStepAt', upTo: ctx.now, next: 1 },
    { status: 'acting', field: 'updatedAt', upTo: ctx.now - ACTING_LEASE_MS, next: 0 },
  ] as const) {
    if (!(await stepPass(ctx, automations, deadline, counts, pass))) return false;
  }
  return true;
}

async function stepPass(
  ctx: Ctx,
  automations: Automation[],
  deadline: number,
  counts: AutomationCounts,
  pass: { status: 'waiting' | 'acting'; field: string; upTo: number; next: 0 | 1 },
): Promise<boolean> {
  const _ = ctx.db.command;
  const byKey = new Map(automations.map((a) => [a.key, a]));
  let after: DueCursor | null = null;
  for (;;) {
    if (performance.now() > deadline) return false;
    const runs: AutomationRunDoc[] = await duePage(ctx.db, 'automationRuns', {
      field: pass.field,
      upTo: pass.upTo,
      after,
      projection: {},
      limit: ctx.config.tagJobBatch,
      where: { status: pass.status },
    });
    if (runs.length === 0) return true;
    const members = await membersById(
      ctx,
      runs.map((r) => r.memberId),
    );
    const done = await eachInGroups(runs, deadline, async (run) => {
      const a = byKey.get(run.automationKey);
      const member = members.get(run.memberId);
      const step = run.step + pass.next;
      counts.found += 1;
      const decision =
        a && member && a.steps[step]
          ? planStep({
              automation: a,
              stepIndex: step,
              member,
              occurrence: { id: run.occurrenceId, at: run.occurrenceAt },
              lastRunAt: null,
              now: ctx.now,
              secret: ctx.config.piiHashSecret,
            })
          : null;
      if (!decision || decision.kind !== 'act') {
        // switched off, gone, came back: the journey ends here
        await ctx.db
          .collection('automationRuns')
          .where({ _id: run._id, status: pass.status, step: run.step })
          .update({
            data: {
              status: 'done',
              nextStepAt: null,
              endedBy: decision?.kind === 'skip' ? decision.reason : 'disabled',
              updatedAt: ctx.now,
            },
          });
        counts.skipped += 1;
        return;
      }
      counts[
        await applyStep(ctx, {
          automation: a!,
          decision,
          step,
          member: member!,
          occurrence: { id: run.occurrenceId, at: run.occurrenceAt },
          existing: run,
        })
      ] += 1;
    });
    if (done < runs.length) return false;
    const last = runs.at(-1)!;
    after = { at: Number((last as unknown as Record<string, number>)[pass.field]), id: last._id };
    if (runs.length < ctx.config.tagJobBatch) return true;
  }
}

/** The clock triggers' windows are walked in the morning, after the night's tags. */
export const WINDOW_HOURS = [5, 6];

export const main = createTimer(
  'automations',
  async (ctx, { deadline }): Promise<AutomationsRunResult> => {
    const date = shanghaiDate(ctx.now);
    const jobId = `automations:${date}`;
    const automations = (await loadAutomations(ctx.db)).filter((a) => a.enabled);
    const steps = zero();
    const byAutomation: Record<string, AutomationCounts> = {};
    let complete = await sendDueMessages(ctx, deadline);
    // the running campaigns' steps too: one cut short is redone as an automation's is
    const campaigns = await runningCampaigns(ctx);
    const steppable = [...automations, ...campaigns.map(campaignAutomation)];
    if (complete) complete = await runDueSteps(ctx, steppable, deadline, steps);
    if (complete) complete = await runPurchases(ctx, automations, deadline, byAutomation);
    if (complete) complete = await runPointsChanges(ctx, automations, deadline, byAutomation);
    if (complete && WINDOW_HOURS.includes(shanghaiParts(ctx.now).hour)) {
      let job = await getById<JobDoc>(ctx.db, 'jobRuns', jobId);
      if (!job) {
        job = { _id: jobId, cursors: {} };
        await ctx.db
          .collection('jobRuns')
          .doc(jobId)
          .set({ data: { job: 'automations', date, cursors: {}, updatedAt: ctx.now } });
      }
      for (const a of automations) {
        if (!complete) break;
        const coupons = a.trigger.kind === 'couponExpiring';
        if (greetsBirthday(a) || (!coupons && !triggerWindow(a.trigger, ctx.now))) continue;
        const counts = (byAutomation[a.key] = zero());
        const cursor = job.cursors[a.key];
        if (cursor === 'done') continue;
        complete = coupons
          ? await runCouponWindow(ctx, a, cursor ?? null, deadline, counts, (c) =>
              saveCursor(ctx, jobId, a.key, c),
            )
          : await runWindow(ctx, a, job, deadline, counts);
      }
    }
    // walked at every run (each costs one query once done): due birthdays, a member day's preview
    for (const a of automations) {
      if (!complete) break;
      const walk = greetsBirthday(a)
        ? runBirthdayGreetings
        : a.trigger.kind === 'memberDay'
          ? runMemberDay
          : null;
      if (walk) complete = await walk(ctx, a, deadline, (byAutomation[a.key] ??= zero()));
    }
    // launched campaigns: their audiences, page by page (campaigns.ts)
    if (complete) complete = await runCampaigns(ctx, campaigns, deadline, byAutomation);
    return { date, complete, steps, byAutomation };
  },
);
