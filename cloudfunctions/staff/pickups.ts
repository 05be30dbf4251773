/**
 * 到店领取: gifts redeemed in the points mall, handed over in store (rules: domain/pickups.ts).
 *
 * - `listPickups`: the store's waiting gifts, oldest first (index `pickup_open`:
 *   pickupStoreId, collectedAt, at) — the caller, the page, the members' names: 3 requests
 *   (+1 for the store's name).
 * - `memberPickups`: at the till after a member lookup, the member's waiting gifts
 *   (index `member_reward`), each saying whether this store may hand it over.
 * - `collectPickup`: one conditional update on `status: reserved, collectedAt: null`, so a
 *   gift is handed over once (two tills at once: one wins, the other answers
 *   `alreadyCollected`); who and where are recorded (`collectedBy`, `collectedStoreId`).
 */
import { AppError } from '@/contracts/errors';
import type { PickupView } from '@/contracts/pickups';
import { collectableAt, mayCollect } from '@/domain/pickups';
import type { Ctx } from '../_shared/runtime';
import { getById } from '../_shared/db';
import { logEvent } from '../_shared/log';
import type { RedemptionDoc } from '../_shared/repos/rewards';
import {
  ensureStoreAccess,
  requireStaff,
  tillStoreOf,
  TILL_ROLES,
  type StaffDoc,
} from '../_shared/repos/staff';
import { storeNames } from '../_shared/repos/stores';
import { displayNamesFor, viewerOf } from './till';

const MEMBER_CAP = 50;

async function views(
  ctx: Ctx,
  me: StaffDoc,
  docs: RedemptionDoc[],
  collectors: Map<string, string> = new Map(),
): Promise<PickupView[]> {
  const [nameOf, stores] = await Promise.all([
    displayNamesFor(
      ctx,
      me,
      docs.map((r) => r.memberId),
    ),
    storeNames(
      ctx.db,
      docs.map((r) => r.pickupStoreId ?? ''),
    ),
  ]);
  return docs.map((r) => ({
    id: r._id,
    memberId: r.memberId,
    memberDisplayName: nameOf(r.memberId),
    title: r.title,
    pointsCost: r.pointsCost,
    redeemedAt: r.at,
    pickupStoreId: r.pickupStoreId ?? null,
    pickupStoreName: r.pickupStoreId ? (stores.get(r.pickupStoreId) ?? r.pickupStoreId) : null,
    collectableHere: me.role !== 'hq' && collectableAt(r, me.storeId),
    collectedAt: r.collectedAt ?? null,
    collectedByName: r.collectedBy ? (collectors.get(r.collectedBy) ?? null) : null,
  }));
}

export async function listPickups(
  ctx: Ctx,
  input: { storeId?: string; limit: number },
): Promise<{ pickups: PickupView[]; hasMore: boolean }> {
  const me = await requireStaff(ctx, ['clerk', 'manager', 'hq']);
  const storeId = input.storeId ?? me.storeId;
  if (!storeId) throw new AppError('COMMON.INVALID_INPUT', '请选择门店');
  ensureStoreAccess(me, storeId);
  const docs = (
    await ctx.db
      .collection('redemptions')
      .where({ pickupStoreId: storeId, collectedAt: null, status: 'reserved' })
      .orderBy('at', 'asc')
      .limit(input.limit + 1)
      .get()
  ).data as RedemptionDoc[];
  return {
    pickups: await views(ctx, me, docs.slice(0, input.limit)),
    hasMore: docs.length > input.limit,
  };
}

export async function memberPickups(
  ctx: Ctx,
  input: { memberId: string },
): Promise<{ pickups: PickupView[] }> {
  const me = await requireStaff(ctx, TILL_ROLES);
  tillStoreOf(me);
  const docs = (
    await ctx.db
      .collection('redemptions')
      .where({ memberId: input.memberId, kind: 'gift', status: 'reserved', collectedAt: null })
      .limit(MEMBER_CAP)
      .get()
  ).data as RedemptionDoc[];
  docs.sort((a, b) => a.at - b.at);
  return { pickups: await views(ctx, me, docs) };
}

export async function collectPickup(
  ctx: Ctx,
  input: { redemptionId: string },
): Promise<{ pickup: PickupView; alreadyCollected: boolean }> {
  const { db, now } = ctx;
  const me = await requireStaff(ctx, TILL_ROLES);
  const found = await getById<RedemptionDoc>(db, 'redemptions', input.redemptionId);
  const decision = mayCollect(viewerOf(me), found);
  if (!decision.ok) throw new AppError(decision.code);
  let r = found as RedemptionDoc;
  let already = decision.already;
  if (!already) {
    const res = await db
      .collection('redemptions')
      .where({ _id: r._id, status: 'reserved', collectedAt: null })
      .update({ data: { collectedAt: now, collectedBy: me._id, collectedStoreId: me.storeId } });
    if (res.stats.updated === 1) {
      r = { ...r, collectedAt: now, collectedBy: me._id, collectedStoreId: me.storeId };
      logEvent('pickup.collected', { redemptionId: r._id, by: me._id, storeId: me.storeId });
    } else {
      const fresh = await getById<RedemptionDoc>(db, 'redemptions', r._id);
      if (!fresh?.collectedAt) throw new AppError('PICKUP.NOT_FOUND');
      r = fresh;
      already = true;
    }
  }
  const collectors = new Map([[me._id, me.name]]);
  if (r.collectedBy && r.collectedBy !== me._id) {
    const by = await getById<StaffDoc>(db, 'staff', r.collectedBy);
    if (by) collectors.set(by._id, by.name);
  }
  const [pickup] = await views(ctx, me, [r], collectors);
  return { pickup, alreadyCollected: already };
}
