/**
 * What the workbench's customer actions answer (the actions are in staff.ts): a row of
 * 我的顾客, an owner-history entry, an audit-log entry.
 */
import type { Role } from './staff';

export type AuditEntryView = {
  id: string;
  actor: { staffId: string; role: Role; storeId: string | null };
  /** what was done, e.g. 'member.reveal' */
  action: string;
  target: { kind: string; id: string };
  /** action-specific facts (for a reveal: the field and the reason) */
  detail: Record<string, unknown>;
  at: number;
  /** the function and action that wrote it, e.g. 'staff.revealMemberField' */
  source: string;
};

export type OwnerHistoryView = {
  clerkId: string | null;
  storeId: string | null;
  previousClerkId: string | null;
  previousStoreId: string | null;
  /** confirmed: a second purchase in the new store within the term; reverted: the term ended */
  why:
    | 'joined'
    | 'firstPurchase'
    | 'crossStore'
    | 'poolClaim'
    | 'manual'
    | 'confirmed'
    | 'reverted';
  by: string | null;
  at: number;
  /** a cross-store move: until when it holds unless confirmed (domain/ownershipTerm.ts) */
  until?: number | null;
};

/** A row of 我的顾客, masked per the ownership rule (domain/ownership.ts). */
export type CustomerRow = {
  memberId: string;
  displayName: string;
  phoneMasked: string;
  ownCustomer: boolean;
  clerkId: string | null;
  tags: { family: string; value: string; reason: string }[];
  manualTags: string[];
  nextTask: { title: string; dueAt: number } | null;
};
