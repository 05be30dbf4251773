/**
 * Binding WeChat identities to staff with one-time invite codes.
 *
 * A manager invites clerks for their own store; HQ invites anyone (clerk, manager, HQ) for
 * any store. The invite fixes the staff id it will create, so binding is idempotent:
 *   1. claim the invite: `where({_id: code, usedAt: null, expiresAt ≥ now})` → used by
 *      this OPENID (exactly one of concurrent binds wins);
 *   2. insert the staff document with the invite's staff id, in one transaction with the
 *      claim on its OPENID (`staffOpenid:<hash>`, repos/claims.ts), so one WeChat identity
 *      is never two staff members — without relying on a unique index.
 * A bind that died between 1 and 2 is finished by repeating it (the invite is already
 * used by this OPENID). An identity already bound gets STAFF.ALREADY_BOUND.
 */
import { appendAudit, auditActor } from '../_shared/repos/audit';
import { AppError } from '@/contracts/errors';
import type { Role, StaffView } from '@/contracts/staff';
import { DAY_MS } from '@/domain/calendar';
import type { Ctx } from '../_shared/runtime';
import { getById, isDuplicateKeyError, runTransaction } from '../_shared/db';
import { addClaim, ClaimTaken, claimId } from '../_shared/repos/claims';
import { logEvent } from '../_shared/log';
import {
  recordUnionid,
  requireStaff,
  staffByOpenid,
  staffView,
  type InviteDoc,
  type StaffDoc,
} from '../_shared/repos/staff';
import type { StoreDoc } from '../_shared/repos/stores';

export const INVITE_VALID_DAYS = 7;
const CODE_LENGTH = 8;
const ROLE_PREFIX: Record<Role, string> = { clerk: 'C', manager: 'M', hq: 'H' };

export async function whoami(ctx: Ctx): Promise<{ staff: StaffView | null }> {
  const staff = await staffByOpenid(ctx.db, ctx.identity.openid);
  if (!staff || staff.active === false) return { staff: null };
  await recordUnionid(ctx, staff);
  return { staff: await staffView(ctx.db, staff) };
}

export async function createInvite(
  ctx: Ctx,
  input: { role: Role; storeId: string | null; name: string },
): Promise<{ code: string; expiresAt: number }> {
  const { db, now, ids } = ctx;
  const me = await requireStaff(ctx, ['manager', 'hq']);
  let storeId = input.storeId;
  if (me.role === 'manager') {
    if (input.role !== 'clerk') throw new AppError('AUTH.FORBIDDEN', '店长只能邀请本店店员');
    storeId ??= me.storeId;
    if (storeId !== me.storeId) throw new AppError('AUTH.WRONG_STORE');
  }
  if (input.role === 'hq' && storeId !== null) {
    throw new AppError('COMMON.INVALID_INPUT', '总部员工不属于门店', {
      issues: [{ path: ['storeId'], code: 'custom' }],
    });
  }
  if (input.role !== 'hq') {
    if (!storeId)
      throw new AppError('COMMON.INVALID_INPUT', '请选择门店', {
        issues: [{ path: ['storeId'], code: 'custom' }],
      });
    const store = await getById<StoreDoc>(db, 'stores', storeId);
    if (!store || store.active === false) throw new AppError('COMMON.NOT_FOUND', '找不到这家门店');
  }
  for (let attempt = 0; attempt < 5; attempt++) {
    const staffId = `${ROLE_PREFIX[input.role]}${ids.token(6)}`;
    if (await getById<StaffDoc>(db, 'staff', staffId)) continue;
    const invite: InviteDoc = {
      _id: ids.token(CODE_LENGTH),
      role: input.role,
      storeId: input.role === 'hq' ? null : storeId,
      name: input.name,
      staffId,
      createdBy: me._id,
      createdAt: now,
      expiresAt: now + INVITE_VALID_DAYS * DAY_MS,
      usedAt: null,
      usedBy: null,
    };
    try {
      await db.collection('staffInvites').add({ data: invite });
    } catch (e) {
      if (isDuplicateKeyError(e)) continue; // the code or the staff id was taken: draw again
      throw e;
    }
    logEvent('staff.invited', { by: me._id, role: invite.role, storeId: invite.storeId, staffId });
    await appendAudit(ctx, {
      actor: auditActor(me),
      action: 'invite.create',
      target: { kind: 'invite', id: invite._id },
      detail: { name: invite.name, role: invite.role, storeId: invite.storeId, staffId },
      at: now,
      source: 'staff.createInvite',
    });
    return { code: invite._id, expiresAt: invite.expiresAt };
  }
  throw new AppError('COMMON.CONFLICT');
}

export async function bindInvite(ctx: Ctx, rawCode: string): Promise<{ staff: StaffView }> {
  const { db, now } = ctx;
  const openid = ctx.identity.openid;
  if (!openid) throw new AppError('AUTH.NO_IDENTITY');
  const code = rawCode.trim().toUpperCase();
  const bound = await staffByOpenid(db, openid);
  if (bound) {
    if (bound.inviteCode === code) return { staff: await staffView(db, bound) }; // a retried bind
    throw new AppError('STAFF.ALREADY_BOUND');
  }
  const _ = db.command;
  const claimed = await db
    .collection('staffInvites')
    .where({ _id: code, usedAt: null, expiresAt: _.gte(now) })
    .update({ data: { usedAt: now, usedBy: openid } });
  const invite = await getById<InviteDoc>(db, 'staffInvites', code);
  if (!invite || (claimed.stats.updated !== 1 && invite.usedBy !== openid))
    throw new AppError('STAFF.INVITE_INVALID');

  const staff: StaffDoc = {
    _id: invite.staffId,
    name: invite.name,
    role: invite.role,
    storeId: invite.storeId,
    openid,
    unionid: ctx.identity.unionid || null,
    active: true,
    createdAt: now,
    inviteCode: invite._id,
    boundAt: now,
  };
  try {
    await runTransaction(
      db,
      async (tx) => {
        await addClaim(tx, {
          _id: claimId('staffOpenid', openid),
          kind: 'staffOpenid',
          owner: staff._id,
          at: now,
        });
        await tx.collection('staff').add({ data: staff });
      },
      { attempts: 10 },
    );
  } catch (e) {
    if (!(e instanceof ClaimTaken) && !isDuplicateKeyError(e)) throw e;
    const existing = await getById<StaffDoc>(db, 'staff', invite.staffId);
    if (existing?.openid === openid) return { staff: await staffView(db, existing) }; // finished by a concurrent bind
    // this identity was bound through another invite at the same moment: give this one back
    await db
      .collection('staffInvites')
      .where({ _id: code, usedBy: openid })
      .update({ data: { usedAt: null, usedBy: null } });
    throw new AppError('STAFF.ALREADY_BOUND');
  }
  logEvent('staff.bound', { staffId: staff._id, role: staff.role, storeId: staff.storeId });
  return { staff: await staffView(db, staff) };
}
