/**
 * Automations on the books:
 *   settings/automations  the definitions HQ switches and tunes (domain/automations/
 *                         definitions.ts; missing or invalid: the defaults)
 *   automationRuns        one document per run — automation + member + occurrence, the run
 *                         key as `_id`, so a trigger never runs twice. It is written FIRST
 *                         (status 'acting'), then the actions (each idempotent by its own
 *                         key), then the status moves on ('done', 'waiting' for a journey's
 *                         next step at `nextStepAt`, 'holdout', 'skipped'). A run found
 *                         'acting' was cut short: its actions are applied again (no-ops
 *                         when done) and it moves on.
 *   members.automationLastRun.<key>  when the automation last ran for the member (acted or
 *                         held out): the cap, read with the candidate page, no extra request.
 */
import {
  DEFAULT_AUTOMATIONS,
  automationsSchema,
  greetsBirthday,
  type Automation,
} from '@/domain/automations/definitions';
import type { Group } from '@/domain/automations/holdout';
import type { MessageFacts } from '@/domain/automations/messageData';
import type { Database } from '../db';
import { getById } from '../db';

export const AUTOMATIONS_ID = 'automations';

export type AutomationsDoc = {
  _id: string;
  automations: Automation[];
  /** bumped by every saved change (the defaults are version 0) */
  version?: number;
  updatedAt: number;
  updatedBy: string;
};

export function automationsFromDoc(
  doc: Pick<AutomationsDoc, 'automations'> | null | undefined,
): Automation[] {
  if (!doc) return DEFAULT_AUTOMATIONS;
  const parsed = automationsSchema.safeParse(doc.automations);
  return parsed.success ? withBirthdayGreeting(parsed.data) : DEFAULT_AUTOMATIONS;
}

/**
 * The birthday greeting was a function of its own before it became an automation: a list
 * saved without it (before, or by a client that dropped it) keeps the default one — a
 * promise made at signup; HQ switches it off with `enabled` (or settings.birthday.enabled).
 */
function withBirthdayGreeting(list: Automation[]): Automation[] {
  if (list.some(greetsBirthday)) return list;
  return [...list, DEFAULT_AUTOMATIONS.find(greetsBirthday)!];
}

export async function loadAutomations(db: Database): Promise<Automation[]> {
  return automationsFromDoc(await getById<AutomationsDoc>(db, 'settings', AUTOMATIONS_ID));
}

/** The automations in force with their version (0: the defaults, never saved). */
export async function loadAutomationsVersioned(
  db: Database,
): Promise<{ automations: Automation[]; version: number }> {
  const doc = await getById<AutomationsDoc>(db, 'settings', AUTOMATIONS_ID);
  return { automations: automationsFromDoc(doc), version: doc?.version ?? 0 };
}

export type RunStatus = 'acting' | 'waiting' | 'done' | 'holdout' | 'skipped';

export type ActionOutcome = {
  key: string;
  kind: string;
  /** what happened: issued / alreadyIssued / outOfStock / noTemplate / notice / task … */
  outcome: string;
};

export type AutomationRunDoc = {
  _id: string;
  automationKey: string;
  memberId: string;
  /** the member's home store when the run started (reports by store) */
  storeId: string | null;
  occurrenceId: string;
  occurrenceAt: number;
  /** what the member message tells of the occurrence (a points change, a coupon ending) */
  facts?: MessageFacts | null;
  group: Group;
  status: RunStatus;
  /** the step being applied or last applied */
  step: number;
  /** 'waiting': when the next step is due */
  nextStepAt: number | null;
  actions: ActionOutcome[];
  startedAt: number;
  updatedAt: number;
};
