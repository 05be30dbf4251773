/**
 * Who may do what with a follow-up task, decided as data (`{ ok: true } | { ok: false,
 * reason }`), so the function and the pages read the same rule.
 *
 * - Complete: the assignee, or a manager of the task's store (a task for the store's
 *   managers, assigneeId null, is any of its managers'); HQ does not follow up. Only an
 *   open task (a pooled one must be claimed first); completing a done task again with the
 *   same outcome is the same answer (idempotent), a different one is a conflict.
 * - Claim: a clerk or manager of the task's store, only while it is pooled; the first
 *   claim wins (the function claims with a conditional update on state 'pooled').
 * - Outcomes: 已联系 / 未接通 / 已到店 / 不需要, with an optional note.
 */
import type { StaffViewer } from '../ownership';

export const TASK_OUTCOMES = ['contacted', 'noAnswer', 'visited', 'notNeeded'] as const;
export type TaskOutcomeValue = (typeof TASK_OUTCOMES)[number];

export const OUTCOME_LABELS: Record<TaskOutcomeValue, string> = {
  contacted: '已联系',
  noAnswer: '未接通',
  visited: '已到店',
  notNeeded: '不需要',
};

export type TaskAccess = {
  storeId: string | null;
  assigneeId: string | null;
  state: 'open' | 'pooled' | 'done' | 'expired';
};

export type Refusal = 'notYours' | 'wrongStore' | 'notOpen' | 'notPooled';
export type Decision = { ok: true } | { ok: false; reason: Refusal };

const yes: Decision = { ok: true };
const no = (reason: Refusal): Decision => ({ ok: false, reason });

/** May this staff member see and work on the task at all (it is in their store)? */
export function inStore(viewer: StaffViewer, task: TaskAccess): boolean {
  return viewer.role !== 'hq' && task.storeId !== null && task.storeId === viewer.storeId;
}

export function mayComplete(viewer: StaffViewer, task: TaskAccess): Decision {
  const isManager = viewer.role === 'manager' && inStore(viewer, task);
  if (task.assigneeId !== viewer.staffId && !isManager) return no('notYours');
  if (task.state !== 'open') return no('notOpen');
  return yes;
}

export function mayClaim(viewer: StaffViewer, task: TaskAccess): Decision {
  if (!inStore(viewer, task)) return no('wrongStore');
  if (task.state !== 'pooled') return no('notPooled');
  return yes;
}

/**
 * With the setting `poolClaimTakesCustomer`, the customer moves to the claiming clerk — only
 * a clerk (a manager claiming keeps the customer where they are), and only when they are
 * still the store's customer (not already moved to another store).
 */
export function claimMovesCustomer(
  takesCustomer: boolean,
  viewer: StaffViewer,
  member: { clerkId: string | null; homeStoreId: string | null },
): boolean {
  return (
    takesCustomer &&
    viewer.role === 'clerk' &&
    member.homeStoreId === viewer.storeId &&
    member.clerkId !== viewer.staffId
  );
}
