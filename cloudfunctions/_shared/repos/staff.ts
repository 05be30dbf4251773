/**
 * Staff (clerks, store managers, HQ) and the guard every staff action starts with.
 *
 * A staff document is bound to one WeChat identity (`staff.openid`, claimed once:
 * repos/claims.ts) by a one-time invite. The caller's OPENID comes from WeChat, never from the request, so the
 * role and store the guard finds are the server's word: a shopper (no staff document) is
 * AUTH.FORBIDDEN, a clerk or manager acts only for their own store (AUTH.WRONG_STORE), HQ
 * (no store) for every store.
 */
import { AppError } from '@/contracts/errors';
import type { Role, StaffView } from '@/contracts/staff';
import type { Ctx } from '../runtime';
import type { Database } from '../db';
import { findOne } from '../db';
import { storeNames } from './stores';

export type StaffDoc = {
  /** 1–8 characters of [A-Za-z0-9_-]: it is carried by checkout-code scenes */
  _id: string;
  name: string;
  role: Role;
  /** null for HQ */
  storeId: string | null;
  /** the bound WeChat identity; unique (claimed as `staffOpenid:<hash>`) */
  openid: string | null;
  /**
   * the person's UNIONID (WeChat Open Platform), recorded at binding or on the first staff
   * call that carries one: links them to their service-account OPENID (staff reminders)
   */
  unionid?: string | null;
  active: boolean;
  createdAt: number;
  /** the invite that bound it */
  inviteCode?: string;
  boundAt?: number;
};

export type InviteDoc = {
  /** the one-time code itself */
  _id: string;
  role: Role;
  storeId: string | null;
  name: string;
  /** the staff id the bind will create (decided here, so a retried bind is idempotent) */
  staffId: string;
  createdBy: string;
  createdAt: number;
  expiresAt: number;
  usedAt: number | null;
  /** the OPENID that used it */
  usedBy: string | null;
};

export { TILL_ROLES } from '@/contracts/staff';

export async function staffByOpenid(db: Database, openid: string): Promise<StaffDoc | null> {
  if (!openid) return null;
  return findOne<StaffDoc>(db, 'staff', { openid });
}

/**
 * The staff document if it may act in one of `roles`, else AUTH.FORBIDDEN (a shopper, an
 * unbound or deactivated identity, or the wrong role).
 */
export function ensureStaffRole(
  staff: StaffDoc | null | undefined,
  roles: readonly Role[],
): StaffDoc {
  if (!staff || staff.active === false || !roles.includes(staff.role))
    throw new AppError('AUTH.FORBIDDEN');
  if (staff.role !== 'hq' && !staff.storeId) throw new AppError('AUTH.FORBIDDEN');
  return staff;
}

/**
 * The calling staff member in one of `roles` (one request), or AUTH.NO_IDENTITY /
 * AUTH.FORBIDDEN. A staff member bound before UNIONIDs were recorded gets theirs on the
 * first call that carries one (one conditional update, only then).
 */
export async function requireStaff(ctx: Ctx, roles: readonly Role[]): Promise<StaffDoc> {
  if (!ctx.identity.openid) throw new AppError('AUTH.NO_IDENTITY');
  const staff = ensureStaffRole(await staffByOpenid(ctx.db, ctx.identity.openid), roles);
  await recordUnionid(ctx, staff);
  return staff;
}

/** Record the caller's UNIONID on their staff document when it has none (no request otherwise). */
export async function recordUnionid(ctx: Ctx, staff: StaffDoc): Promise<void> {
  const unionid = ctx.identity.unionid;
  if (!unionid || staff.unionid || staff.openid !== ctx.identity.openid) return;
  await ctx.db
    .collection('staff')
    .where({ _id: staff._id, openid: staff.openid, unionid: ctx.db.command.in([null, '']) })
    .update({ data: { unionid } });
  staff.unionid = unionid;
}

/** Staff names by id, in one request (ids not found are missing from the map). */
export async function staffNamesByIds(
  db: Database,
  ids: readonly string[],
): Promise<Map<string, string>> {
  const unique = [...new Set(ids)];
  if (!unique.length) return new Map();
  const res = await db
    .collection('staff')
    .where({ _id: db.command.in(unique) })
    .field({ name: true })
    .limit(unique.length)
    .get();
  return new Map((res.data as { _id: string; name: string }[]).map((s) => [s._id, s.name]));
}

/** HQ may act for any store; everyone else only for their own (AUTH.WRONG_STORE). */
export function ensureStoreAccess(staff: StaffDoc, storeId: string): void {
  if (staff.role === 'hq') return;
  if (staff.storeId !== storeId) throw new AppError('AUTH.WRONG_STORE');
}

/** The store a till action runs for: the caller's own (HQ has none and cannot use the till). */
export function tillStoreOf(staff: StaffDoc): string {
  if (!staff.storeId) throw new AppError('AUTH.FORBIDDEN');
  return staff.storeId;
}

export async function staffView(db: Database, staff: StaffDoc): Promise<StaffView> {
  const names = staff.storeId ? await storeNames(db, [staff.storeId]) : new Map<string, string>();
  return {
    staffId: staff._id,
    name: staff.name,
    role: staff.role,
    storeId: staff.storeId,
    storeName: staff.storeId ? (names.get(staff.storeId) ?? null) : null,
  };
}
