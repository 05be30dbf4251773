/**
 * 门店管理 (HQ, spread into staffContract): the chain's stores, open and closed, with their
 * bound staff; open a store, edit it, close or reopen it (domain/chainStores.ts). Only HQ calls
 * these (AUTH.FORBIDDEN otherwise); every change is in the audit log.
 */
import { z } from 'zod';
import { action } from './define';
import { STORE_ID, storeFormSchema, type StoreChange } from '../domain/chainStores';

export type ChainStoreView = {
  id: string;
  name: string;
  city: string;
  address: string;
  /** '' for none */
  area: string;
  active: boolean;
  /** bound staff by role */
  staff: { clerk: number; manager: number };
  /** the store's managers' names */
  managers: string[];
  closedAt: number | null;
};

const storeId = z.string().regex(STORE_ID, '门店编号有误');

export const chainStoreActions = {
  listChainStores: action(z.object({})).returns<{ stores: ChainStoreView[] }>(),
  /**
   * Open a store (no `storeId`: it takes the next id; the same `requestId` again answers the
   * store it opened) or edit one (`storeId`).
   */
  saveStore: action(
    storeFormSchema.extend({
      storeId: storeId.optional(),
      requestId: z.string().min(8).max(64),
    }),
  ).returns<{ store: ChainStoreView; created: boolean; changes: StoreChange[] }>(),
  /** Close (only with no staff bound: STORE.HAS_STAFF) or reopen a store. */
  setStoreActive: action(z.object({ storeId, active: z.boolean() })).returns<{
    store: ChainStoreView;
    changed: boolean;
  }>(),
};
