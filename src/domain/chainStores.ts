/**
 * 门店管理 (HQ): the chain's stores as HQ opens, edits, closes and reopens them — the form's
 * schema (the staff function parses with the same one), the next store id, the changes a save
 * makes (for the audit log), and when a store may close.
 *
 * - a store id is `S` and three digits or more (`S001`); a new store takes the next free
 *   number after the highest (ids are never reused: QR codes printed for a closed store must
 *   not start working for another one);
 * - a store closes only when no staff member is bound to it (unbind or move them first), so
 *   no clerk is left trading at a closed till; closing stops new members joining by its
 *   checkout code and new invites to it; its members, orders and history stay;
 * - a reopened store works again as before.
 *
 * @example nextStoreId(['S001', 'S007', 'S003']) // 'S008'
 */
import { z } from 'zod';

export const STORE_ID = /^S\d{3,6}$/;

const text = (min: number, max: number, what: string) =>
  z.string().trim().min(min, `${what}至少 ${min} 个字`).max(max, `${what}最多 ${max} 个字`);

export const storeFormSchema = z.object({
  name: text(2, 20, '门店名称'),
  city: text(2, 10, '城市'),
  address: text(4, 60, '地址'),
  /** the store's area (经营报表 groups and picks by it); '' for none */
  area: z.string().trim().max(10, '区域最多 10 个字').default(''),
});
export type StoreForm = z.output<typeof storeFormSchema>;

/** The id a new store takes: one after the highest `S…` number, at least three digits. */
export function nextStoreId(existing: readonly string[]): string {
  const numbers = existing.filter((id) => STORE_ID.test(id)).map((id) => Number(id.slice(1)));
  const next = (numbers.length ? Math.max(...numbers) : 0) + 1;
  return `S${String(next).padStart(3, '0')}`;
}

export type StoreChange = { field: keyof StoreForm; label: string; before: string; after: string };

const LABELS: Record<keyof StoreForm, string> = {
  name: '名称',
  city: '城市',
  address: '地址',
  area: '区域',
};

/** The fields a save changes, in form order (none: nothing to save). */
export function storeChanges(before: StoreForm, after: StoreForm): StoreChange[] {
  return (Object.keys(LABELS) as (keyof StoreForm)[])
    .filter((f) => before[f] !== after[f])
    .map((f) => ({ field: f, label: LABELS[f], before: before[f], after: after[f] }));
}

export type CloseDecision = { ok: true } | { ok: false; code: 'STORE.HAS_STAFF'; staff: number };

/** May the store close now, with this many staff members bound to it? */
export function mayCloseStore(boundStaff: number): CloseDecision {
  return boundStaff === 0
    ? { ok: true }
    : { ok: false, code: 'STORE.HAS_STAFF', staff: boundStaff };
}
