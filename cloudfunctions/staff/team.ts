/**
 * The store's team and its open invites (store manager / HQ).
 *
 * Unbinding (`staff.active = false`, `unboundAt`, `unboundBy`) takes effect on the person's
 * next call: every staff action starts with requireStaff, which refuses an inactive record.
 * Their open follow-up tasks go to the store's pool (`state: 'pooled'`, the assignee kept as
 * history). Their customers keep `members.clerkId` (ownership history and 业绩 stay true);
 * nobody calls as that clerk any more, and the store's manager sees them in full as before.
 * A repeated unbind re-runs the pooling (idempotent), so a call cut short is finished by
 * its retry. The WeChat identity stays claimed by the old record (re-hiring is not built).
 *
 * Revoking marks the invite used (`usedAt`, no `usedBy`) with one conditional update on
 * `usedAt: null`, the same condition a bind claims it by: of a revoke and a bind at once,
 * exactly one wins.
 */
import { appendAudit, auditActor } from '../_shared/repos/audit';
import { AppError } from '@/contracts/errors';
import type { InviteView, TeamMemberView } from '@/contracts/manager';
import { managedStore, mayUnbind } from '@/domain/storeManagement';
import type { Ctx } from '../_shared/runtime';
import { getById } from '../_shared/db';
import { logEvent } from '../_shared/log';
import { requireStaff, type InviteDoc, type StaffDoc } from '../_shared/repos/staff';

const TEAM_CAP = 200;
const INVITES_CAP = 100;
/** how staff lists sort: managers first, then clerks */
export const ROLE_ORDER = { manager: 0, clerk: 1, hq: 2 } as const;

const viewer = (s: StaffDoc) => ({ staffId: s._id, role: s.role, storeId: s.storeId });

/** The caller (manager or HQ) and the store they act for, or the refusal as an AppError. */
export async function requireManagedStore(
  ctx: Ctx,
  requested: string | null | undefined,
): Promise<{ me: StaffDoc; storeId: string }> {
  const me = await requireStaff(ctx, ['clerk', 'manager', 'hq']);
  const decision = managedStore(viewer(me), requested);
  if (!decision.ok) throw new AppError(decision.code);
  return { me, storeId: decision.storeId };
}

export async function listTeam(
  ctx: Ctx,
  input: { storeId?: string },
): Promise<{ storeId: string; team: TeamMemberView[] }> {
  const { storeId } = await requireManagedStore(ctx, input.storeId);
  const docs = (
    await ctx.db.collection('staff').where({ storeId, active: true }).limit(TEAM_CAP).get()
  ).data as StaffDoc[];
  const team = docs
    .map((s) => ({ staffId: s._id, name: s.name, role: s.role, boundAt: s.boundAt ?? null }))
    .sort((a, b) => ROLE_ORDER[a.role] - ROLE_ORDER[b.role] || a.name.localeCompare(b.name, 'zh'));
  return { storeId, team };
}

export async function unbindStaff(
  ctx: Ctx,
  input: { staffId: string },
): Promise<{ staffId: string; alreadyUnbound: boolean; tasksPooled: number }> {
  const { db, now } = ctx;
  const me = await requireStaff(ctx, ['clerk', 'manager', 'hq']);
  const target = await getById<StaffDoc>(db, 'staff', input.staffId);
  if (!target) throw new AppError('STAFF.NOT_FOUND');
  const decision = mayUnbind(viewer(me), viewer(target));
  if (!decision.ok) throw new AppError(decision.code);
  const res = await db
    .collection('staff')
    .where({ _id: target._id, active: true })
    .update({ data: { active: false, unboundAt: now, unboundBy: me._id } });
  const pooled = await db
    .collection('tasks')
    .where({ assigneeId: target._id, state: 'open' })
    .update({ data: { state: 'pooled', pooledAt: now, updatedAt: now } });
  logEvent('staff.unbound', { staffId: target._id, by: me._id, tasksPooled: pooled.stats.updated });
  if (res.stats.updated === 1) {
    await appendAudit(ctx, {
      actor: auditActor(me),
      action: 'staff.unbind',
      target: { kind: 'staff', id: target._id },
      detail: {
        name: target.name,
        role: target.role,
        storeId: target.storeId,
        tasksPooled: pooled.stats.updated,
      },
      at: now,
      source: 'staff.unbindStaff',
    });
  }
  return {
    staffId: target._id,
    alreadyUnbound: res.stats.updated !== 1,
    tasksPooled: pooled.stats.updated,
  };
}

export async function listInvites(
  ctx: Ctx,
  input: { storeId?: string },
): Promise<{ invites: InviteView[] }> {
  const { storeId } = await requireManagedStore(ctx, input.storeId);
  const _ = ctx.db.command;
  const docs = (
    await ctx.db
      .collection('staffInvites')
      .where({ storeId, usedAt: null, expiresAt: _.gt(ctx.now) })
      .orderBy('expiresAt', 'desc')
      .limit(INVITES_CAP)
      .get()
  ).data as InviteDoc[];
  return {
    invites: docs.map((i) => ({
      code: i._id,
      role: i.role,
      name: i.name,
      storeId: i.storeId,
      createdAt: i.createdAt,
      expiresAt: i.expiresAt,
    })),
  };
}

export async function revokeInvite(
  ctx: Ctx,
  input: { code: string },
): Promise<{ code: string; revokedAt: number }> {
  const { db, now } = ctx;
  const code = input.code.trim().toUpperCase();
  const me = await requireStaff(ctx, ['clerk', 'manager', 'hq']);
  const invite = await getById<InviteDoc & { revokedAt?: number }>(db, 'staffInvites', code);
  if (!invite) throw new AppError('STAFF.INVITE_INVALID');
  if (me.role !== 'hq') {
    const decision = managedStore(viewer(me), invite.storeId ?? '');
    if (!decision.ok) throw new AppError(decision.code);
  }
  if (invite.revokedAt) return { code, revokedAt: invite.revokedAt }; // a retried revoke
  const res = await db
    .collection('staffInvites')
    .where({ _id: code, usedAt: null })
    .update({ data: { usedAt: now, revokedAt: now, revokedBy: me._id } });
  if (res.stats.updated !== 1) {
    const fresh = await getById<InviteDoc & { revokedAt?: number }>(db, 'staffInvites', code);
    if (fresh?.revokedAt) return { code, revokedAt: fresh.revokedAt }; // a concurrent revoke
    throw new AppError('STAFF.INVITE_INVALID'); // used by a bind meanwhile
  }
  logEvent('staff.inviteRevoked', { code, by: me._id });
  await appendAudit(ctx, {
    actor: auditActor(me),
    action: 'invite.revoke',
    target: { kind: 'invite', id: code },
    detail: { name: invite.name, role: invite.role, storeId: invite.storeId },
    at: now,
    source: 'staff.revokeInvite',
  });
  return { code, revokedAt: now };
}
