/**
 * Who may read which report: HQ the chain or any store; a manager their own store only
 * (the chain: AUTH.FORBIDDEN; another store: AUTH.WRONG_STORE, storeManagement.ts's rule);
 * a clerk none.
 *
 * @example reportScope({ staffId: 'HQ1', role: 'hq', storeId: null }, { scope: 'chain' }) // { ok: true, scope: 'chain', storeId: null }
 */
import type { StaffViewer } from '../ownership';
import { managedStore, type Refusal } from '../storeManagement';

export type ReportScope = { scope: 'chain'; storeId: null } | { scope: 'store'; storeId: string };

export function reportScope(
  actor: StaffViewer,
  req: { scope: 'chain' | 'store'; storeId?: string },
): ({ ok: true } & ReportScope) | Refusal {
  if (req.scope === 'chain') {
    if (actor.role !== 'hq') return { ok: false, code: 'AUTH.FORBIDDEN' };
    return { ok: true, scope: 'chain', storeId: null };
  }
  const decision = managedStore(actor, req.storeId);
  if (!decision.ok) return decision;
  return { ok: true, scope: 'store', storeId: decision.storeId };
}
