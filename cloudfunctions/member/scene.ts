import type { SceneInfo } from '@/contracts/member';
import { AppError } from '@/contracts/errors';
import { decodeScene } from '@/domain/scene';
import type { Ctx } from '../_shared/runtime';
import { getById } from '../_shared/db';
import type { StoreDoc } from '../_shared/repos/stores';

export type SceneClerk = {
  _id: string;
  name: string;
  storeId: string;
  role: string;
  active?: boolean;
};

/**
 * Verify a checkout code's scene (signed: an edited store or clerk fails the signature)
 * and that the store and clerk exist and belong together.
 */
export async function resolveScene(ctx: Ctx, scene: string): Promise<SceneInfo> {
  const decoded = decodeScene(scene, ctx.config.sceneSecret);
  if ('error' in decoded) throw new AppError('SCENE.INVALID');
  const [store, clerk] = await Promise.all([
    getById<StoreDoc>(ctx.db, 'stores', decoded.storeId),
    decoded.clerkId ? getById<SceneClerk>(ctx.db, 'staff', decoded.clerkId) : Promise.resolve(null),
  ]);
  return verifyScene(decoded, store, clerk);
}

/** A decoded scene's store and clerk as read: both exist, are active and belong together. */
export function verifyScene(
  decoded: { storeId: string; clerkId: string | null },
  store: StoreDoc | null,
  clerk: SceneClerk | null,
): SceneInfo {
  if (!store || store.active === false) throw new AppError('SCENE.INVALID');
  if (decoded.clerkId && (!clerk || clerk.storeId !== store._id || clerk.active === false)) {
    throw new AppError('SCENE.INVALID');
  }
  return {
    storeId: store._id,
    storeName: store.name,
    clerkId: clerk?._id ?? null,
    clerkName: clerk?.name ?? null,
  };
}
