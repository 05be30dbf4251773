/**
 * Who may read which report: HQ the chain, an area (the stores whose `area` it is) or any
 * store; a manager their own store only (the chain or an area: AUTH.FORBIDDEN; another
 * store: AUTH.WRONG_STORE, storeManagement.ts's rule); a clerk none.
 *
 * @example reportScope({ staffId: 'HQ1', role: 'hq', storeId: null }, { scope: 'chain' }) // { ok: true, scope: 'chain', storeId: null, area: null }
 */
import type { StaffViewer } from '../ownership';
import { managedStore, type Refusal } from '../storeManagement';

export type ReportScope =
  | { scope: 'chain'; storeId: null; area: null }
  | { scope: 'area'; storeId: null; area: string }
  | { scope: 'store'; storeId: string; area: null };

export type ReportScopeRequest = {
  scope: 'chain' | 'area' | 'store';
  storeId?: string;
  area?: string;
};

export function reportScope(
  actor: StaffViewer,
  req: ReportScopeRequest,
): ({ ok: true } & ReportScope) | Refusal {
  if (req.scope === 'chain' || req.scope === 'area') {
    if (actor.role !== 'hq') return { ok: false, code: 'AUTH.FORBIDDEN' };
    if (req.scope === 'chain') return { ok: true, scope: 'chain', storeId: null, area: null };
    if (!req.area) return { ok: false, code: 'COMMON.INVALID_INPUT' };
    return { ok: true, scope: 'area', storeId: null, area: req.area };
  }
  const decision = managedStore(actor, req.storeId);
  if (!decision.ok) return decision;
  return { ok: true, scope: 'store', storeId: decision.storeId, area: null };
}
