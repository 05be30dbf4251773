/**
 * The birthday greeting (`birthdayGreeting`: an automation whose step gives the birthday
 * gift, birthdayGift.ts) — walked by the members' due date, not by a window.
 *
 * Who is due is a per-member field: `birthdayDueAt` (domain/birthdayGreeting.ts) is midnight
 * of the next celebration not yet greeted, set whenever a birthday is recorded
 * (member/profile.ts, staff/birthday.ts) and moved to the next year here after each
 * greeting. One indexed range query `birthdayDueAt <= horizon` (index `birthday_due`) finds
 * everyone due now — a birthday recorded after this morning's run, or celebrations missed
 * while timers did not run (up to 7 days late), included. A greeted member leaves the
 * range, so every run of the automations timer (every 10 minutes) looks, and a finished day
 * costs one query that finds nobody.
 *
 * The days ahead are settings.birthday.greetDaysBefore and the switch settings.birthday.enabled
 * as well as the automation's own; quiet hours defer the whole greeting (coupon and message
 * together) to their end — the 09:00 run.
 *
 * Each member: planBirthdayGreeting (greet, too late, a due value to correct), then the
 * engine's run `birthdayGreeting:<member>:<year>` (planStep: audience, holdout; apply.ts: the
 * run document first, the gift keyed `birthday:<member>:<year>` — the key the birthday job
 * before it used, so a member it greeted is not greeted again), then the due value moves on.
 * Killed at any point, a re-run issues and sends nothing twice: the run, the coupon and the
 * message are keyed, and the due value moves only afterwards.
 */
import type { Automation } from '@/domain/automations/definitions';
import { isQuiet } from '@/domain/automations/quietHours';
import { greetingHorizon, planBirthdayGreeting } from '@/domain/birthdayGreeting';
import type { Birthday } from '@/domain/birthday';
import type { Ctx } from '../_shared/runtime';
import { duePage, type DueCursor } from '../_shared/duePage';
import { eachInGroups } from '../_shared/tagJobs';
import { logEvent } from '../_shared/log';
import { startRun } from './apply';
import { settingsOf } from './birthdayGift';
import { asCandidate, MEMBER_PROJECTION, type AutomationCounts, type Candidate } from './members';

type DueMember = Candidate & { birthday: Birthday | null; birthdayDueAt: number };

export async function runBirthdayGreetings(
  ctx: Ctx,
  automation: Automation,
  deadline: number,
  counts: AutomationCounts,
): Promise<boolean> {
  const settings = await settingsOf(ctx);
  if (!settings.birthday.enabled || isQuiet(ctx.now, automation.quietHours)) return true;
  const greetDaysBefore = settings.birthday.greetDaysBefore;
  const a: Automation = {
    ...automation,
    trigger: { kind: 'birthday', daysBefore: greetDaysBefore },
  };
  const horizon = greetingHorizon(ctx.now, greetDaysBefore);
  const batch = ctx.config.tagJobBatch;
  let after: DueCursor | null = null;
  for (;;) {
    if (performance.now() > deadline) return false;
    const page: DueMember[] = await duePage(ctx.db, 'members', {
      field: 'birthdayDueAt',
      upTo: horizon,
      after,
      projection: { ...MEMBER_PROJECTION, birthday: true },
      limit: batch,
    });
    const done = await eachInGroups(page, deadline, async (raw) => {
      try {
        await greet(
          ctx,
          a,
          { ...asCandidate(raw), birthday: raw.birthday ?? null, birthdayDueAt: raw.birthdayDueAt },
          horizon,
          counts,
        );
      } catch (e) {
        // one member's failure does not hold up the others; the next run tries again
        logEvent('birthday.failed', {
          memberId: raw._id,
          error: String((e as Error)?.message ?? e),
        });
      }
    });
    if (done < page.length) return false;
    if (page.length < batch) return true;
    const last = page.at(-1)!;
    after = { at: last.birthdayDueAt, id: last._id };
  }
}

async function greet(
  ctx: Ctx,
  a: Automation,
  member: DueMember,
  horizon: number,
  counts: AutomationCounts,
): Promise<void> {
  const decision = planBirthdayGreeting({
    birthday: member.birthday,
    dueAt: member.birthdayDueAt,
    active: member.status === 'active',
    greetDaysBefore: a.trigger.kind === 'birthday' ? a.trigger.daysBefore : 0,
    now: ctx.now,
  });
  if (decision.kind === 'wait') return;
  if (decision.kind === 'tooLate') {
    // more than 7 days past: greeted next year instead
    counts.found += 1;
    if (await moveDue(ctx, member, decision.nextDueAt)) counts.skipped += 1;
    return;
  }
  if (decision.kind === 'reschedule') {
    const next = decision.nextDueAt;
    if (!(await moveDue(ctx, member, next))) return;
    // the corrected date may be due already (a birthday corrected to tomorrow): greet now
    if (next !== null && next <= horizon)
      await greet(ctx, a, { ...member, birthdayDueAt: next }, horizon, counts);
    return;
  }
  counts.found += 1;
  const outcome = await startRun(ctx, a, member, {
    id: String(decision.year),
    at: member.birthdayDueAt,
  });
  counts[outcome] += 1;
  await moveDue(ctx, member, decision.nextDueAt);
}

/** Move the due value on, unless the birthday changed meanwhile (then its new value stands). */
async function moveDue(ctx: Ctx, member: DueMember, next: number | null): Promise<boolean> {
  const res = await ctx.db
    .collection('members')
    .where({ _id: member._id, birthdayDueAt: member.birthdayDueAt })
    .update({ data: { birthdayDueAt: next } });
  return res.stats.updated === 1;
}
