/**
 * One step of one automation for one member, decided as data: skip (and why), holdout
 * (recorded, nothing sent, so results can be compared), or the actions to apply — each
 * with the key that makes applying it twice a no-op, member messages with the instant
 * quiet hours allow, tasks with their due instant.
 *
 * `occurrence` identifies what triggered the run (a day for clock triggers, an order for a
 * purchase, a tag change): the run key is automation + member + occurrence, so the same
 * trigger never runs twice, and the cap counts runs across occurrences.
 *
 * @example planStep({ automation, stepIndex: 0, member, occurrence: { id: '2027-06-10', at }, lastRunAt: null, now, secret })
 *          // { kind: 'act', runKey: 'inactive7:m1:2027-06-10', actions: [...], nextStepAt: null }
 */
import { DAY_MS, addShanghaiDays, endOfShanghaiDay } from '../calendar';
import { matchesSegment, type SegmentMember } from '../tags/segments';
import type { Automation, AutomationAction } from './definitions';
import { assignGroup } from './holdout';
import { sendableAt } from './quietHours';

export type AutomationMember = SegmentMember & {
  _id: string;
  lastOrderAt: number | null;
};

export type PlannedAction =
  | { kind: 'coupon'; key: string; templateId: string }
  | { kind: 'memberMessage'; key: string; title: string; body: string; sendAt: number }
  | {
      kind: 'task';
      key: string;
      assignee: 'clerk' | 'manager';
      title: string;
      script: string | null;
      dueAt: number;
    }
  | { kind: 'staffReminder'; key: string; to: 'previousClerk' | 'clerk' | 'manager' }
  /** the birthday coupon and greeting of `year`, celebrated on the day of `celebrationAt` */
  | { kind: 'birthdayGift'; key: string; year: number; celebrationAt: number; sendAt: number };

export type SkipReason = 'disabled' | 'inactive' | 'notInAudience' | 'capped' | 'cameBack';

export type StepDecision =
  | { kind: 'skip'; runKey: string; reason: SkipReason }
  | { kind: 'holdout'; runKey: string }
  | { kind: 'act'; runKey: string; actions: PlannedAction[]; nextStepAt: number | null };

export const runKeyOf = (automationKey: string, memberId: string, occurrenceId: string) =>
  `${automationKey}:${memberId}:${occurrenceId}`;

function plannedAction(
  a: AutomationAction,
  key: string,
  automation: Automation,
  now: number,
  occurrence: { id: string; at: number },
): PlannedAction {
  switch (a.kind) {
    case 'coupon':
      return { kind: 'coupon', key, templateId: a.templateId };
    case 'memberMessage':
      return {
        kind: 'memberMessage',
        key,
        title: a.title,
        body: a.body,
        sendAt: sendableAt(now, automation.quietHours),
      };
    case 'task':
      return {
        kind: 'task',
        key,
        assignee: a.assignee,
        title: a.title,
        script: a.script ?? null,
        dueAt: endOfShanghaiDay(addShanghaiDays(now, a.dueDays)),
      };
    case 'staffReminder':
      return { kind: 'staffReminder', key, to: a.to };
    case 'birthdayGift':
      // a birthday trigger's occurrence is the celebration's year, at its midnight
      return {
        kind: 'birthdayGift',
        key,
        year: Number(occurrence.id),
        celebrationAt: occurrence.at,
        sendAt: sendableAt(now, automation.quietHours),
      };
  }
}

export function planStep(input: {
  automation: Automation;
  stepIndex: number;
  member: AutomationMember;
  occurrence: { id: string; at: number };
  /** when this automation last ran (acted or held out) for the member, on another occurrence */
  lastRunAt: number | null;
  now: number;
  secret: string;
}): StepDecision {
  const { automation: a, member, occurrence, now } = input;
  const runKey = runKeyOf(a.key, member._id, occurrence.id);
  const step = a.steps[input.stepIndex];
  if (!step) throw new RangeError(`automation ${a.key} has no step ${input.stepIndex}`);
  const skip = (reason: SkipReason): StepDecision => ({ kind: 'skip', runKey, reason });
  if (!a.enabled) return skip('disabled');
  if (member.status !== 'active') return skip('inactive');
  if (a.audience && !matchesSegment(member, a.audience)) return skip('notInAudience');
  if (
    input.stepIndex === 0 &&
    a.capDays > 0 &&
    input.lastRunAt !== null &&
    now - input.lastRunAt < a.capDays * DAY_MS
  )
    return skip('capped');
  if (step.untilPurchase && member.lastOrderAt !== null && member.lastOrderAt > occurrence.at)
    return skip('cameBack');
  if (assignGroup(member._id, `automation:${a.key}`, a.holdoutPercent, input.secret) === 'holdout')
    return { kind: 'holdout', runKey };
  const next = a.steps[input.stepIndex + 1];
  return {
    kind: 'act',
    runKey,
    actions: step.actions.map((action, i) =>
      plannedAction(action, `${runKey}:s${input.stepIndex}:a${i}`, a, now, occurrence),
    ),
    nextStepAt: next ? occurrence.at + next.afterDays * DAY_MS : null,
  };
}
