/**
 * Who may manage which store (team, invites, figures, pickups) — one rule for every store
 * manager action.
 *
 * - a clerk manages nothing (AUTH.FORBIDDEN);
 * - a manager manages their own store only (another store: AUTH.WRONG_STORE), and may unbind
 *   the clerks of that store, never a manager or HQ, never themselves;
 * - HQ manages any store and may unbind anyone but themselves.
 *
 * @example managedStore({ staffId: 'M1', role: 'manager', storeId: 'S1' }, undefined) // { ok: true, storeId: 'S1' }
 */
import type { StaffViewer } from './ownership';

export type Refusal = {
  ok: false;
  code: 'AUTH.FORBIDDEN' | 'AUTH.WRONG_STORE' | 'COMMON.INVALID_INPUT';
};

/** The store the actor asks about (`requested`, or their own when absent), if they manage it. */
export function managedStore(
  actor: StaffViewer,
  requested: string | null | undefined,
): { ok: true; storeId: string } | Refusal {
  if (actor.role === 'clerk') return { ok: false, code: 'AUTH.FORBIDDEN' };
  const storeId = requested ?? actor.storeId;
  if (!storeId) return { ok: false, code: 'COMMON.INVALID_INPUT' }; // HQ names a store
  if (actor.role === 'manager' && storeId !== actor.storeId)
    return { ok: false, code: 'AUTH.WRONG_STORE' };
  return { ok: true, storeId };
}

/** May the actor unbind the target staff member? */
export function mayUnbind(actor: StaffViewer, target: StaffViewer): { ok: true } | Refusal {
  if (actor.role === 'clerk' || actor.staffId === target.staffId)
    return { ok: false, code: 'AUTH.FORBIDDEN' };
  if (actor.role === 'hq') return { ok: true };
  if (target.role !== 'clerk') return { ok: false, code: 'AUTH.FORBIDDEN' };
  if (target.storeId !== actor.storeId) return { ok: false, code: 'AUTH.WRONG_STORE' };
  return { ok: true };
}
