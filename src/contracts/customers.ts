/**
 * What the workbench's customer actions answer (the actions are in staff.ts): a row of
 * 我的顾客, an owner-history entry, an audit-log entry, the customer's page.
 */
import { z } from 'zod';
import { action } from './define';
import type { Role } from './staff';
import type { Level } from './member';
import type { NoteView, TagView } from './crm';
import type { TimelineCursor, TimelineEntry } from '../domain/customers/timeline';
import { MAX_ADJUSTMENT } from '../domain/pointAdjustment';

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
  /**
   * confirmed: a second purchase in the new store within the term (the move is for good);
   * reverted: back to the original owner (the term ended, or a purchase back in their store)
   */
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

/** A detail of the customer's page: the full value for the own clerk, masked for everyone else. */
export type CustomerField = {
  /** '' when the member has not given it */
  value: string;
  /** true: reveal with staff.revealMemberField (with a reason, audited) */
  masked: boolean;
};

/** The customer's page (staff.getCustomer), masked per the ownership rule. */
export type CustomerPageView = {
  memberId: string;
  memberNo: number;
  /** 张女士 / 张** (the till's rule) */
  displayName: string;
  ownCustomer: boolean;
  /** the viewer may adjust the member's points (staff.adjustPoints; domain/pointAdjustment.ts) */
  canAdjustPoints: boolean;
  name: CustomerField;
  phone: CustomerField;
  birthday: CustomerField;
  level: Level;
  pointsBalance: number;
  clerkId: string | null;
  clerkName: string | null;
  homeStoreName: string | null;
  orderCount: number;
  totalSpendFen: number;
  lastOrderAt: number | null;
  tags: TagView[];
  manualTags: string[];
  notes: NoteView[];
  /** purchases (any store), coupons, points, messages, tasks, tickets: newest first */
  timeline: TimelineEntry[];
  /** pass as `before` for the next page of the timeline; null at the end */
  nextCursor: TimelineCursor | null;
};

/** The workbench's customer actions (spread into staffContract). */
export const customerActions = {
  /**
   * A customer's page: profile (full only for their own clerk), tags with reasons, manual
   * tags, notes, and one timeline (purchases in any store, coupons, points, messages, tasks,
   * tickets) newest first, paged by `before`.
   */
  getCustomer: action(
    z.object({
      memberId: z.string().min(1).max(128),
      before: z.object({ at: z.int().min(0), id: z.string().min(1).max(160) }).optional(),
      limit: z.int().min(1).max(50).default(20),
    }),
  ).returns<CustomerPageView>(),
  /**
   * 积分调整 (a store manager for their store's members, HQ for any): add (`delta` > 0) or
   * take back (< 0) points with a reason, once per `requestId`; never below zero; audited.
   */
  adjustPoints: action(
    z.object({
      memberId: z.string().min(1).max(128),
      delta: z
        .int('调整的积分须为整数')
        .min(-MAX_ADJUSTMENT, `每次最多调整 ${MAX_ADJUSTMENT} 积分`)
        .max(MAX_ADJUSTMENT, `每次最多调整 ${MAX_ADJUSTMENT} 积分`)
        .refine((d) => d !== 0, '调整的积分不能为 0'),
      reason: z
        .string()
        .trim()
        .min(2, '请写明调整原因（2–60 字）')
        .max(60, '请写明调整原因（2–60 字）'),
      requestId: z.string().min(8).max(64),
    }),
  ).returns<{ applied: boolean; delta: number; balance: number; entryId: string }>(),
};
