/**
 * The caller's checkout QR code (小程序码): a clerk's code carries their store and staff id
 * (members who sign up through it become their customers); a manager's is the store's.
 * The scene is signed (domain/scene.ts), so an edited code is refused at signup.
 */
import { AppError } from '@/contracts/errors';
import { encodeScene } from '@/domain/scene';
import type { Ctx } from '../_shared/runtime';
import { requireStaff, tillStoreOf, TILL_ROLES } from '../_shared/repos/staff';
import { storeNames } from '../_shared/repos/stores';

export const CHECKOUT_PAGE = 'pages/index/index';

export async function getCheckoutCode(ctx: Ctx): Promise<{
  scene: string;
  page: string;
  imageBase64: string;
  storeName: string;
  clerkName: string | null;
}> {
  const staff = await requireStaff(ctx, TILL_ROLES);
  const storeId = tillStoreOf(staff);
  const clerk = staff.role === 'clerk' ? staff : null;
  const scene = encodeScene({ storeId, clerkId: clerk?._id ?? null }, ctx.config.sceneSecret);
  const [names, image] = await Promise.all([
    storeNames(ctx.db, [storeId]),
    ctx.openapi.wxacode.getUnlimited({
      scene,
      page: CHECKOUT_PAGE,
      width: 430,
      checkPath: false,
    }) as Promise<{ buffer?: Buffer }>,
  ]);
  if (!image?.buffer) throw new AppError('COMMON.INTERNAL');
  return {
    scene,
    page: CHECKOUT_PAGE,
    imageBase64: Buffer.from(image.buffer).toString('base64'),
    storeName: names.get(storeId) ?? storeId,
    clerkName: clerk?.name ?? null,
  };
}
