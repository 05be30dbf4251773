/**
 * Contract of the `staff` cloud function: clerks, store managers and HQ. Every action
 * checks the caller's bound role and store on the server (the client's word counts for
 * nothing); a clerk acts only for their own store.
 */
import {
  customerActions,
  type AuditEntryView,
  type CustomerPageView,
  type CustomerRow,
  type OwnerHistoryView,
} from './customers';
import { LAST_PURCHASE, isSearchable } from '../domain/customers/search';
import { z } from 'zod';
import { action } from './define';
import { isMainlandMobile, normalisePhone } from '../domain/phone';
import { taskActions } from './tasks';
import { ticketActions } from './tickets';
import { birthdaySchema, type CouponView, type Level, type PurchaseView } from './member';
import { managerContract } from './manager';
import { chainStoreActions } from './chainStores';
import { reportActions } from './reports';
import { pickupActions } from './pickups';

export const ROLES = ['clerk', 'manager', 'hq'] as const;
export type Role = (typeof ROLES)[number];
/**
 * Who may use the till (and the store tools around it): store staff. HQ belongs to no store,
 * and an order is credited to a store and its clerk, so HQ does not ring up sales.
 */
/** The fields of a member staff may reveal (staff.revealMemberField). */
export const REVEAL_FIELDS = ['name', 'phone', 'birthday'] as const;
export type RevealField = (typeof REVEAL_FIELDS)[number];

export const TILL_ROLES: readonly Role[] = ['clerk', 'manager'];

export type StaffView = {
  staffId: string;
  name: string;
  role: Role;
  storeId: string | null;
  storeName: string | null;
};

/** What the till sees of a member. Full details for the clerk's own customers, masked otherwise. */
export type TillMemberView = {
  memberId: string;
  memberNo: number;
  /** 张女士 / 张** when masked */
  displayName: string;
  /** 138****1234 always at the till */
  phoneMasked: string;
  level: Level;
  points: { balance: number; lifetime: number };
  /** coupons usable now (the clerk picks one for the purchase) */
  coupons: CouponView[];
  /** the member's own clerk is the caller */
  ownCustomer: boolean;
  clerkName: string | null;
  homeStoreName: string | null;
  recentPurchases: PurchaseView[];
  /**
   * 「3月8日」 for the clerk's own customers, 「已登记」 for others' (who can still correct it
   * with the member present), null when not set.
   */
  birthdayText: string | null;
};

export const orderLineSchema = z.object({
  category: z.string().trim().min(1).max(20),
  name: z.string().trim().min(1).max(40).nullable().default(null),
  quantity: z.int().min(1).max(999).default(1),
  /** line total in fen */
  amountFen: z.int().min(1).max(100_000_000),
});

/** the member's rotating 18-digit code as scanned at the till */
export const memberCodeSchema = z
  .string()
  .trim()
  .regex(/^\d{18}$/);
/** a mainland mobile number, as typed or scanned (normalised: domain/phone.ts) */
export const phoneSchema = z
  .string()
  .max(32)
  .transform(normalisePhone)
  .refine(isMainlandMobile, { message: '手机号格式不正确' });

export const receiptNoSchema = z
  .string()
  .trim()
  .min(1)
  .max(40)
  .regex(/^[0-9A-Za-z_-]+$/);

/** the code printed on a member's coupon (the wallet shows it; the till types or scans it) */
export const couponCodeSchema = z
  .string()
  .trim()
  .regex(/^[0-9A-Za-z]{6,32}$/);

export type PurchaseResult = {
  orderId: string;
  /** true when this receipt was already recorded: nothing was counted again */
  duplicate: boolean;
  amountFen: number;
  discountFen: number;
  paidFen: number;
  couponUsed: CouponView | null;
  pointsEarned: number;
  /** the order reached the double-points threshold */
  doubled: boolean;
  levelBefore: Level;
  levelAfter: Level;
  pointsBalance: number;
};

export type RefundResult = {
  orderId: string;
  refundedFen: number;
  /** refunds so far on the order, including this one */
  totalRefundedFen: number;
  pointsReversed: number;
  /** points that were already spent and could not be taken back (written off) */
  pointsUnrecoverable: number;
  couponRestored: boolean;
  status: 'partially_refunded' | 'refunded';
  pointsBalance: number;
};

/** A reminder to the caller, as the workbench lists it (every staff message is one). */
export type StaffReminderView = {
  id: string;
  kind: 'crossStorePurchase' | 'automationTask' | 'overdueTasks';
  title: string;
  body: string;
  /** the mini-program page it opens */
  page: string;
  createdAt: number;
  readAt: number | null;
  /** how the service-account message went: 'fallback' means only here */
  delivery: 'pending' | 'sent' | 'fallback';
};

/** Actions without input (any extra field is dropped, never trusted). */
const noInput = z.object({});

export const staffContract = {
  /** The caller's staff profile, or null when this WeChat identity is not bound. */
  whoami: action(noInput).returns<{ staff: StaffView | null }>(),
  /** Bind this WeChat identity with a one-time invite code from a manager or HQ. */
  bindInvite: action(z.object({ code: z.string().trim().min(6).max(16) })).returns<{
    staff: StaffView;
  }>(),
  /** Manager: a clerk invite for their store. HQ: any role, any store. */
  createInvite: action(
    z.object({
      role: z.enum(ROLES),
      storeId: z.string().min(1).max(8).nullable(),
      name: z.string().trim().min(1).max(20),
    }),
  ).returns<{ code: string; expiresAt: number }>(),
  /** The caller's checkout QR code (小程序码): store code for managers, clerk code for clerks. */
  getCheckoutCode: action(noInput).returns<{
    scene: string;
    page: string;
    imageBase64: string;
    storeName: string;
    clerkName: string | null;
  }>(),
  /** Find a member at the till by the rotating member code (scanned/typed) or a phone number. */
  lookupMember: action(
    z
      .object({
        memberCode: memberCodeSchema.optional(),
        phone: phoneSchema.optional(),
      })
      .refine((v) => Boolean(v.memberCode) !== Boolean(v.phone), {
        message: '请扫描会员码或输入手机号',
      }),
  ).returns<{ member: TillMemberView }>(),
  /**
   * Record a purchase at the till, optionally redeeming one of the member's coupons in the
   * same step. (store, receiptNo) is unique: re-sending a receipt never counts twice.
   */
  recordPurchase: action(
    z.object({
      memberId: z.string().min(1).max(64),
      receiptNo: receiptNoSchema,
      lines: z.array(orderLineSchema).min(1).max(50),
      couponId: z.string().min(1).max(64).optional(),
    }),
  ).returns<PurchaseResult>(),
  /**
   * A coupon of this member by the code the wallet shows (typed or scanned at the till), if
   * it can be used now at the caller's store; otherwise the reason as a COUPON.* error
   * (another member's coupon reads as not found).
   */
  findCoupon: action(
    z.object({ memberId: z.string().min(1).max(64), code: couponCodeSchema }),
  ).returns<{ coupon: CouponView }>(),
  /** Full (no amount) or partial refund of an order of the caller's store. */
  refund: action(
    z.object({
      orderId: z.string().min(1).max(64),
      amountFen: z.int().min(1).max(100_000_000).optional(),
      /** idempotency key chosen by the client for this refund (a retry sends the same) */
      requestId: z.string().min(8).max(64),
    }),
  ).returns<RefundResult>(),
  /**
   * Set or correct a member's birthday at the till. Members set it once themselves; later
   * changes go through a clerk because the birthday drives gifts. Who changed it, and when,
   * is kept on the member.
   */
  setMemberBirthday: action(
    z.object({ memberId: z.string().min(1).max(64), birthday: birthdaySchema }),
  ).returns<{ birthdayText: string }>(),
  /** The chain's active stores (for pickers, e.g. HQ choosing where to invite someone). */
  listStores: action(noInput).returns<{
    stores: { id: string; name: string; city: string; area: string | null }[];
  }>(),
  /** Orders recorded at the caller's store, newest first. */
  listStoreOrders: action(
    z.object({ before: z.int().min(0).optional(), limit: z.int().min(1).max(50).default(20) }),
  ).returns<{ orders: (PurchaseView & { memberDisplayName: string })[]; hasMore: boolean }>(),
  /** The caller's own reminders, newest first (never another staff member's). */
  listReminders: action(
    z.object({
      /** the last reminder of the previous page (reminders written together share a time) */
      before: z.object({ createdAt: z.int().min(0), id: z.string().min(1).max(128) }).optional(),
      limit: z.int().min(1).max(50).default(20),
      unreadOnly: z.boolean().default(false),
    }),
  ).returns<{ reminders: StaffReminderView[]; hasMore: boolean; unread: number }>(),
  /** Mark one of the caller's reminders read (again: no change). */
  markReminderRead: action(z.object({ id: z.string().min(1).max(128) })).returns<{
    readAt: number;
  }>() /**
   * A member's owners, oldest first (manager of a store the member belongs or belonged to;
   * HQ): who had them, from when, why (joined, firstPurchase, crossStore, confirmed, reverted, poolClaim, manual).
   */,
  getOwnerHistory: action(z.object({ memberId: z.string().min(1).max(128) })).returns<{
    history: OwnerHistoryView[];
  }>() /**
   * One field of a member in full (clerks and managers of any store), with a reason of 2–50
   * characters; every reveal is written to the audit log first.
   */,
  revealMemberField: action(
    z.object({
      memberId: z.string().min(1).max(128),
      field: z.enum(REVEAL_FIELDS),
      reason: z
        .string()
        .trim()
        .min(2, '请填写查看原因（2–50 字）')
        .max(50, '请填写查看原因（2–50 字）'),
    }),
  ).returns<{ field: RevealField; value: string }>(),
  /**
   * 我的顾客: a clerk's own customers; a manager's store customers (optionally one clerk's),
   * filtered by tag ('family:value') and lifecycle, paged by member id.
   */
  listCustomers: action(
    z.object({
      clerkId: z.string().min(1).max(128).optional(),
      tag: z.string().min(1).max(64).optional(),
      lifecycle: z.string().min(1).max(32).optional(),
      /** the last 4 digits of the phone, or the start of the name */
      q: z
        .string()
        .trim()
        .max(20)
        .refine(isSearchable, { message: '请输入姓名或手机尾号 4 位' })
        .optional(),
      lastPurchase: z.enum(LAST_PURCHASE).optional(),
      cursor: z.string().min(1).max(128).optional(),
      limit: z.int().min(1).max(50).default(20),
    }),
  ).returns<{ customers: CustomerRow[]; nextCursor: string | null }>(),
  /** HQ: audit entries, newest first, filtered by action, actor and period, paged. */
  listAuditEntries: action(
    z.object({
      /** the audited action, e.g. 'member.reveal' (`action` names the call) */
      auditAction: z.string().min(1).max(64).optional(),
      actorId: z.string().min(1).max(128).optional(),
      from: z.int().min(0).optional(),
      to: z.int().min(0).optional(),
      before: z.object({ at: z.int().min(0), id: z.string().min(1).max(128) }).optional(),
      limit: z.int().min(1).max(100).default(50),
    }),
  ).returns<{ entries: (AuditEntryView & { actorName: string })[]; hasMore: boolean }>(),
  ...customerActions,
  ...taskActions,
  ...ticketActions,
  /** store manager actions: team, invites (contracts/manager.ts) */
  ...managerContract,
  /** 到店领取: gifts from the points mall handed over in store (contracts/pickups.ts) */
  ...pickupActions,
  /** 门店管理 (HQ): open, edit, close and reopen stores (contracts/chainStores.ts) */
  ...chainStoreActions,
  /** 经营报表 from daily rollups (contracts/reports.ts) */
  ...reportActions,
};

export type StaffContract = typeof staffContract;

export type { AuditEntryView, CustomerPageView, CustomerRow, OwnerHistoryView };
