/**
 * Store manager actions of the `staff` function (spread into staffContract): the store's
 * team and its open invites. A clerk calls none of them (AUTH.FORBIDDEN); a manager only
 * for their own store (AUTH.WRONG_STORE); HQ for any store it names.
 */
import { z } from 'zod';
import { action } from './define';
import type { Role } from './staff';

export type TeamMemberView = {
  staffId: string;
  name: string;
  role: Role;
  /** when they bound their WeChat identity (null: set up before invites existed) */
  boundAt: number | null;
};

export type InviteView = {
  code: string;
  role: Role;
  name: string;
  storeId: string | null;
  createdAt: number;
  expiresAt: number;
};

const storeIdSchema = z.string().min(1).max(8);

export const managerContract = {
  /** The store's bound staff (managers first, then clerks, by name). */
  listTeam: action(z.object({ storeId: storeIdSchema.optional() })).returns<{
    storeId: string;
    team: TeamMemberView[];
  }>(),
  /**
   * Unbind a staff member: they lose access at once; their open follow-up tasks go to the
   * store's pool. Again on an unbound person: no change (`alreadyUnbound`).
   */
  unbindStaff: action(z.object({ staffId: z.string().min(1).max(8) })).returns<{
    staffId: string;
    alreadyUnbound: boolean;
    tasksPooled: number;
  }>(),
  /** Invites of the store not used, revoked or expired yet, newest first (at most 100). */
  listInvites: action(z.object({ storeId: storeIdSchema.optional() })).returns<{
    invites: InviteView[];
  }>(),
  /** Revoke an open invite: it can no longer bind anyone. Again: no change. */
  revokeInvite: action(z.object({ code: z.string().trim().min(6).max(16) })).returns<{
    code: string;
    revokedAt: number;
  }>(),
};
