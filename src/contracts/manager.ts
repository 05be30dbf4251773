/**
 * Store manager actions of the `staff` function (spread into staffContract): the store's
 * team and its open invites. A clerk calls none of them (AUTH.FORBIDDEN); a manager only
 * for their own store (AUTH.WRONG_STORE); HQ for any store it names.
 */
import { z } from 'zod';
import { action } from './define';
import type { Role } from './staff';
import type { Figures } from '../domain/storeFigures';

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
const dateSchema = z.string().regex(/^\d{4}-\d{2}-\d{2}$/, '请选择日期');

/** The figures of one staff member of the store (domain/storeFigures.ts), with who they are. */
export type ClerkFiguresView = Figures & {
  staffId: string;
  name: string;
  role: Role;
  /** false: unbound since (their customers' 业绩 still counts for them) */
  active: boolean;
};

export type StoreFiguresView = {
  storeId: string;
  storeName: string;
  period: { from: number; to: number; label: string };
  store: Figures;
  clerks: ClerkFiguresView[];
};

export type { Figures };

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
  /**
   * 门店数据: the store's figures for a period (this month, last month, or custom Shanghai
   * dates, at most 92 days), per store and per staff member, with each clerk's 业绩.
   */
  storeFigures: action(
    z.object({
      storeId: storeIdSchema.optional(),
      period: z.discriminatedUnion('kind', [
        z.object({ kind: z.literal('thisMonth') }),
        z.object({ kind: z.literal('lastMonth') }),
        z.object({ kind: z.literal('custom'), from: dateSchema, to: dateSchema }),
      ]),
    }),
  ).returns<StoreFiguresView>(),
  /** Revoke an open invite: it can no longer bind anyone. Again: no change. */
  revokeInvite: action(z.object({ code: z.string().trim().min(6).max(16) })).returns<{
    code: string;
    revokedAt: number;
  }>(),
};
