/**
 * Applying one step of one automation to one member (decided by domain planStep):
 *
 * 1. The run document first (`automationRuns/<runKey>`, status 'acting' or 'holdout'): a
 *    second attempt at the same occurrence is a duplicate key and stops there, unless the
 *    first was cut short while 'acting' — then its actions are applied again.
 * 2. The actions, each idempotent by its own key: a coupon from a template (`issueKey` =
 *    the action key: at most one), the member message as an in-app notice on the member
 *    (pushed only if no notice has that id), a follow-up task (`tasks/<key>`).
 * 3. The member's `automationLastRun.<automation>` (the cap) with the notice, in one update;
 *    then the run moves on: 'waiting' for the next step of a journey, else 'done'.
 *
 * Member messages: always the in-app notice on the card; also a subscribe message when the
 * member holds a credit for its purpose (memberMessages.ts), told with the occurrence's
 * facts (a points change, a coupon ending), which the run keeps for a redone step.
 */
import { AppError } from '@/contracts/errors';
import type { Automation } from '@/domain/automations/definitions';
import {
  planStep,
  type AutomationMember,
  type PlannedAction,
  type StepDecision,
} from '@/domain/automations/plan';
import type { CouponTemplate } from '@/domain/coupons';
import type { MessageFacts } from '@/domain/automations/messageData';
import type { Ctx } from '../_shared/runtime';
import { getById, isDuplicateKeyError } from '../_shared/db';
import { issueFromTemplate } from '../_shared/repos/coupons';
import type { ActionOutcome, AutomationRunDoc } from '../_shared/repos/automations';
import { NOTICES_KEPT } from '../_shared/memberUpdates';
import { logEvent } from '../_shared/log';
import { addTask, type TaskDoc } from '../_shared/repos/tasks';
import { remindStaff } from './staffReminders';
import { sendOrDefer } from './memberMessages';
import { giveBirthdayGift } from './birthdayGift';

export type RunMember = {
  _id: string;
  homeStoreId: string | null;
  clerkId: string | null;
  /** for the greeting's salutation (birthdayGift) */
  name?: string | null;
  gender?: 'female' | 'male' | null;
};

export type AutomationNotice = {
  id: string;
  kind: 'automation';
  automationKey: string;
  title: string;
  text: string;
  at: number;
  read: boolean;
};

/** Coupon templates, read once per invocation (a walk issues one template to many members). */
const templatesByCtx = new WeakMap<Ctx, Map<string, Promise<CouponTemplate | null>>>();
function templateOf(ctx: Ctx, id: string): Promise<CouponTemplate | null> {
  let byId = templatesByCtx.get(ctx);
  if (!byId) templatesByCtx.set(ctx, (byId = new Map()));
  let t = byId.get(id);
  if (!t) byId.set(id, (t = getById<CouponTemplate>(ctx.db, 'couponTemplates', id)));
  return t;
}

async function applyAction(
  ctx: Ctx,
  a: PlannedAction,
  automation: Automation,
  member: RunMember,
  run: {
    runKey: string;
    step: number;
    task?: Extract<PlannedAction, { kind: 'task' }>;
    facts: MessageFacts | null;
    notices: AutomationNotice[];
  },
): Promise<ActionOutcome | ActionOutcome[]> {
  const out = (outcome: string): ActionOutcome => ({ key: a.key, kind: a.kind, outcome });
  switch (a.kind) {
    case 'coupon': {
      const template = await templateOf(ctx, a.templateId);
      if (!template) return out('noTemplate');
      try {
        const issued = await issueFromTemplate(ctx.db, ctx.ids, {
          memberId: member._id,
          templateId: a.templateId,
          template,
          issueKey: a.key,
          now: ctx.now,
          source: 'automation',
        });
        return out(issued ? 'issued' : 'alreadyIssued');
      } catch (e) {
        if (e instanceof AppError) return out(e.code);
        throw e;
      }
    }
    case 'memberMessage':
      // the card's notice is written with the member update below, whatever this answers
      return out(await sendOrDefer(ctx, a, automation, member._id, run.facts));
    case 'task': {
      const task: TaskDoc = {
        _id: a.key,
        memberId: member._id,
        storeId: member.homeStoreId,
        assigneeId: a.assignee === 'clerk' ? member.clerkId : null,
        assigneeRole: a.assignee === 'clerk' && member.clerkId ? 'clerk' : 'manager',
        title: a.title,
        script: a.script,
        dueAt: a.dueAt,
        state: 'open',
        source: {
          kind: 'automation',
          automationKey: automation.key,
          runKey: run.runKey,
          step: run.step,
        },
        createdAt: ctx.now,
      };
      return out((await addTask(ctx, task)) ? 'task' : 'alreadyTasked');
    }
    case 'staffReminder':
      return out(await remindStaff(ctx, a, automation, member, run.task));
    case 'birthdayGift': {
      const gift = await giveBirthdayGift(ctx, a, member);
      run.notices.push({
        id: gift.key,
        kind: 'automation',
        automationKey: automation.key,
        title: '生日快乐',
        text: gift.text,
        at: a.sendAt,
        read: false,
      });
      // counted as the coupon and the message they are (results.ts)
      return [
        { key: gift.key, kind: 'coupon', outcome: gift.coupon },
        { key: gift.key, kind: 'memberMessage', outcome: gift.outcome },
      ];
    }
  }
}

/** The member update of a step: the cap's clock and the in-app notices, pushed once. */
async function updateMember(
  ctx: Ctx,
  automation: Automation,
  memberId: string,
  notices: AutomationNotice[],
): Promise<void> {
  const _ = ctx.db.command;
  const lastRun = { [`automationLastRun.${automation.key}`]: ctx.now };
  if (notices.length === 0) {
    await ctx.db.collection('members').doc(memberId).update({ data: lastRun });
    return;
  }
  await ctx.db
    .collection('members')
    .where({ _id: memberId, 'notices.id': _.nin(notices.map((n) => n.id)) })
    .update({
      data: { ...lastRun, notices: _.push({ each: notices, slice: -NOTICES_KEPT }) },
    });
}

export type StepOutcome = 'acted' | 'holdout' | 'duplicate';

/** what triggered a run; `facts` for its member message (kept on the run for a redone step) */
export type Occurrence = { id: string; at: number; facts?: MessageFacts | null };

/**
 * Apply a first step (a new run) or a later one (`existing`: the run, already claimed for
 * this step). Answers what happened.
 */
export async function applyStep(
  ctx: Ctx,
  input: {
    automation: Automation;
    decision: Extract<StepDecision, { kind: 'act' | 'holdout' }>;
    step: number;
    member: RunMember;
    occurrence: Occurrence;
    existing?: AutomationRunDoc;
  },
): Promise<StepOutcome> {
  const { automation, decision, member, step } = input;
  const runs = ctx.db.collection('automationRuns');
  if (!input.existing) {
    const run: AutomationRunDoc = {
      _id: decision.runKey,
      automationKey: automation.key,
      memberId: member._id,
      storeId: member.homeStoreId,
      occurrenceId: input.occurrence.id,
      occurrenceAt: input.occurrence.at,
      ...(input.occurrence.facts ? { facts: input.occurrence.facts } : {}),
      group: decision.kind === 'holdout' ? 'holdout' : 'treated',
      status: decision.kind === 'holdout' ? 'holdout' : 'acting',
      step,
      nextStepAt: null,
      actions: [],
      startedAt: ctx.now,
      updatedAt: ctx.now,
    };
    try {
      await runs.add({ data: run });
    } catch (e) {
      if (!isDuplicateKeyError(e)) throw e;
      const found = await getById<AutomationRunDoc>(ctx.db, 'automationRuns', decision.runKey);
      if (found?.status !== 'acting' || found.step !== step) return 'duplicate';
    }
  }
  if (decision.kind === 'holdout') {
    await updateMember(ctx, automation, member._id, []);
    return 'holdout';
  }
  const outcomes: ActionOutcome[] = [];
  const notices: AutomationNotice[] = [];
  for (const a of decision.actions) {
    const task = decision.actions.find((x) => x.kind === 'task');
    const done = await applyAction(ctx, a, automation, member, {
      runKey: decision.runKey,
      step,
      task,
      facts: input.occurrence.facts ?? input.existing?.facts ?? null,
      notices,
    });
    outcomes.push(...(Array.isArray(done) ? done : [done]));
    if (a.kind === 'memberMessage')
      notices.push({
        id: a.key,
        kind: 'automation',
        automationKey: automation.key,
        title: a.title,
        text: a.body,
        at: a.sendAt,
        read: false,
      });
  }
  await updateMember(ctx, automation, member._id, notices);
  const _ = ctx.db.command;
  // a birthday greeting WeChat could not settle now: the run stays 'acting', redone later
  const unsettled =
    decision.actions.some((x) => x.kind === 'birthdayGift') &&
    outcomes.some((o) => o.kind === 'memberMessage' && o.outcome === 'retry');
  await runs.doc(decision.runKey).update({
    data: {
      status: unsettled ? 'acting' : decision.nextStepAt !== null ? 'waiting' : 'done',
      nextStepAt: decision.nextStepAt,
      step,
      actions: _.push(outcomes),
      updatedAt: ctx.now,
    },
  });
  logEvent('automation.step', {
    automation: automation.key,
    runKey: decision.runKey,
    step,
    outcomes: outcomes.map((o) => o.outcome),
  });
  return 'acted';
}

/**
 * A trigger's first step for one member: decided (planStep: switch, audience, cap,
 * holdout) and applied; answers what happened, counted by the caller.
 */
export async function startRun(
  ctx: Ctx,
  automation: Automation,
  member: RunMember & AutomationMember & { automationLastRun?: Record<string, number> },
  occurrence: Occurrence,
): Promise<StepOutcome | 'skipped'> {
  const decision = planStep({
    automation,
    stepIndex: 0,
    member,
    occurrence,
    lastRunAt: member.automationLastRun?.[automation.key] ?? null,
    now: ctx.now,
    secret: ctx.config.piiHashSecret,
  });
  if (decision.kind === 'skip') return 'skipped';
  return applyStep(ctx, { automation, decision, step: 0, member, occurrence });
}
