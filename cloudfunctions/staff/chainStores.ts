/**
 * 门店管理 (HQ): the chain's stores (domain/chainStores.ts has the rules).
 *
 * - `listChainStores`: every store, open and closed, with its bound staff by role — 3
 *   requests (the caller, the stores, the bound staff);
 * - `saveStore`: a new store (the next id) or an edit, in one transaction with its audit
 *   entry. A new store is claimed by its request id first (`storeCreates/<requestId>`), so a
 *   retried 「保存」 answers the store it opened instead of opening another; two HQ users
 *   opening stores at once take different ids (the id is the document's, unique);
 * - `setStoreActive`: close (only with no staff bound) or reopen, with its audit entry.
 */
import { AppError } from '@/contracts/errors';
import type { ChainStoreView } from '@/contracts/chainStores';
import {
  mayCloseStore,
  nextStoreId,
  storeChanges,
  type StoreChange,
  type StoreForm,
} from '@/domain/chainStores';
import type { Ctx } from '../_shared/runtime';
import { getById, isDuplicateKeyError, runTransaction } from '../_shared/db';
import { auditActor, auditDoc } from '../_shared/repos/audit';
import type { StoreDoc } from '../_shared/repos/stores';
import { requireStaff, type StaffDoc } from '../_shared/repos/staff';
import { addClaim, claimId, ClaimTaken, CLAIMS, type ClaimDoc } from '../_shared/repos/claims';

const STORE_CAP = 1000;
const STAFF_CAP = 1000;

type ChainStoreDoc = StoreDoc & {
  closedAt?: number | null;
  createdAt?: number;
  updatedAt?: number;
};

function view(store: ChainStoreDoc, staff: Pick<StaffDoc, 'name' | 'role' | 'storeId'>[]) {
  const mine = staff.filter((s) => s.storeId === store._id);
  return {
    id: store._id,
    name: store.name,
    city: store.city,
    address: store.address,
    area: store.area ?? '',
    active: store.active !== false,
    staff: {
      clerk: mine.filter((s) => s.role === 'clerk').length,
      manager: mine.filter((s) => s.role === 'manager').length,
    },
    managers: mine.filter((s) => s.role === 'manager').map((s) => s.name),
    closedAt: store.closedAt ?? null,
  } satisfies ChainStoreView;
}

async function boundStaff(ctx: Ctx, storeId?: string) {
  const res = await ctx.db
    .collection('staff')
    .where({ active: true, ...(storeId ? { storeId } : {}) })
    .field({ name: true, role: true, storeId: true })
    .limit(STAFF_CAP)
    .get();
  return res.data as Pick<StaffDoc, '_id' | 'name' | 'role' | 'storeId'>[];
}

export async function listChainStores(ctx: Ctx): Promise<{ stores: ChainStoreView[] }> {
  await requireStaff(ctx, ['hq']);
  const [stores, staff] = await Promise.all([
    ctx.db.collection('stores').orderBy('_id', 'asc').limit(STORE_CAP).get(),
    boundStaff(ctx),
  ]);
  return { stores: (stores.data as ChainStoreDoc[]).map((s) => view(s, staff)) };
}

export async function saveStore(
  ctx: Ctx,
  input: StoreForm & { storeId?: string; requestId: string },
): Promise<{ store: ChainStoreView; created: boolean; changes: StoreChange[] }> {
  const me = await requireStaff(ctx, ['hq']);
  const form: StoreForm = {
    name: input.name,
    city: input.city,
    address: input.address,
    area: input.area,
  };
  return input.storeId
    ? editStore(ctx, me, input.storeId, form)
    : openStore(ctx, me, form, input.requestId);
}

async function openStore(ctx: Ctx, me: StaffDoc, form: StoreForm, requestId: string) {
  const { db, now } = ctx;
  const requestClaim = claimId('storeRequest', requestId);
  const answerClaim = async (claim: ClaimDoc) => {
    const store = await getById<ChainStoreDoc>(db, 'stores', claim.owner);
    if (!store) throw new AppError('COMMON.CONFLICT');
    return { store: view(store, []), created: false, changes: [] };
  };
  const earlier = await getById<ClaimDoc>(db, CLAIMS, requestClaim);
  if (earlier) return answerClaim(earlier);
  for (let attempt = 1; ; attempt++) {
    const ids = (await db.collection('stores').field({ _id: true }).limit(STORE_CAP).get())
      .data as {
      _id: string;
    }[];
    const storeId = nextStoreId(ids.map((s) => s._id));
    const store: ChainStoreDoc = {
      _id: storeId,
      ...form,
      active: true,
      closedAt: null,
      createdAt: now,
      updatedAt: now,
    };
    try {
      await runTransaction(db, async (tx) => {
        await addClaim(tx, { _id: requestClaim, kind: 'storeRequest', owner: storeId, at: now });
        await tx.collection('stores').add({ data: store });
        await tx.collection('auditLog').add({
          data: auditDoc({
            actor: auditActor(me),
            action: 'store.create',
            target: { kind: 'store', id: storeId },
            detail: { ...form },
            at: now,
            source: 'staff.saveStore',
          }),
        });
      });
      return { store: view(store, []), created: true, changes: [] };
    } catch (e) {
      if (!(e instanceof ClaimTaken) && !isDuplicateKeyError(e)) throw e;
      // this request was applied meanwhile, or another HQ user took this id: look again
      const claim = await getById<ClaimDoc>(db, CLAIMS, requestClaim);
      if (claim) return answerClaim(claim);
      if (attempt >= 3) throw new AppError('COMMON.CONFLICT');
    }
  }
}

async function editStore(ctx: Ctx, me: StaffDoc, storeId: string, form: StoreForm) {
  const { db, now } = ctx;
  const [before, staff] = await Promise.all([
    getById<ChainStoreDoc>(db, 'stores', storeId),
    boundStaff(ctx, storeId),
  ]);
  if (!before) throw new AppError('STORE.NOT_FOUND');
  const changes = storeChanges({ ...before, area: before.area ?? '' }, form);
  if (changes.length === 0) return { store: view(before, staff), created: false, changes };
  await runTransaction(db, async (tx) => {
    await tx
      .collection('stores')
      .doc(storeId)
      .update({ data: { ...form, updatedAt: now } });
    await tx.collection('auditLog').add({
      data: auditDoc({
        actor: auditActor(me),
        action: 'store.update',
        target: { kind: 'store', id: storeId },
        detail: { changes },
        at: now,
        source: 'staff.saveStore',
      }),
    });
  });
  return { store: view({ ...before, ...form }, staff), created: false, changes };
}

export async function setStoreActive(
  ctx: Ctx,
  input: { storeId: string; active: boolean },
): Promise<{ store: ChainStoreView; changed: boolean }> {
  const { db, now } = ctx;
  const me = await requireStaff(ctx, ['hq']);
  const [store, staff] = await Promise.all([
    getById<ChainStoreDoc>(db, 'stores', input.storeId),
    boundStaff(ctx, input.storeId),
  ]);
  if (!store) throw new AppError('STORE.NOT_FOUND');
  if ((store.active !== false) === input.active)
    return { store: view(store, staff), changed: false };
  if (!input.active) {
    const decision = mayCloseStore(staff.length);
    if (!decision.ok)
      throw new AppError(
        decision.code,
        `这家门店还有 ${decision.staff} 位已绑定的员工，请先在「店员管理」中解绑后再关店`,
      );
  }
  const closedAt = input.active ? null : now;
  await runTransaction(db, async (tx) => {
    await tx
      .collection('stores')
      .doc(input.storeId)
      .update({ data: { active: input.active, closedAt, updatedAt: now } });
    await tx.collection('auditLog').add({
      data: auditDoc({
        actor: auditActor(me),
        action: input.active ? 'store.reopen' : 'store.close',
        target: { kind: 'store', id: input.storeId },
        detail: { name: store.name },
        at: now,
        source: 'staff.setStoreActive',
      }),
    });
  });
  return { store: view({ ...store, active: input.active, closedAt }, staff), changed: true };
}
