/**
 * The coupons wallet and the purchase history: the caller's own documents only (the
 * member comes from the caller's OPENID, filters always carry that memberId).
 */
import type { CouponView, PurchaseView } from '@/contracts/member';
import { sortWallet } from '@/domain/couponWallet';
import type { Ctx } from '../_shared/runtime';
import type { Filter } from '../_shared/db';
import { requireMember } from '../_shared/repos/members';
import { couponView, type CouponDoc } from '../_shared/repos/coupons';
import { storeNames } from '../_shared/repos/stores';
import { purchaseView, type OrderDoc } from '../_shared/repos/orders';

/** How many coupons of one wallet tab are shown; a member rarely holds more. */
export const WALLET_LIMIT = 200;

/**
 * The wallet, in the domain order (unused expiring soonest first, then used, then expired).
 * `status` is the wallet status: an unused coupon past its end shows as expired even before
 * the daily job marks it.
 */
export async function listCoupons(
  ctx: Ctx,
  status?: CouponView['status'],
): Promise<{ coupons: CouponView[] }> {
  const { db, now } = ctx;
  const _ = db.command;
  const member = await requireMember(db, ctx.identity.openid);
  const memberId = member._id;
  const filters: Filter[] =
    status === 'unused'
      ? [{ memberId, status: 'unused', validUntil: _.gte(now) }]
      : status === 'used'
        ? [{ memberId, status: 'used' }]
        : status === 'expired'
          ? [
              { memberId, status: 'expired' },
              { memberId, status: 'unused', validUntil: _.lt(now) },
            ]
          : [{ memberId }];
  const pages = await Promise.all(
    filters.map((f) =>
      db
        .collection('coupons')
        .where(f)
        .orderBy('validUntil', 'desc')
        .limit(WALLET_LIMIT)
        .get()
        .then((r) => r.data as CouponDoc[]),
    ),
  );
  const coupons = sortWallet(pages.flat(), now).slice(0, WALLET_LIMIT);
  return { coupons: coupons.map((c) => couponView(c, now)) };
}

/** Purchases across stores, newest first, `limit` per page; `before` is the last createdAt seen. */
export async function listPurchases(
  ctx: Ctx,
  input: { before?: number; limit: number },
): Promise<{ purchases: PurchaseView[]; hasMore: boolean }> {
  const { db } = ctx;
  const _ = db.command;
  const member = await requireMember(db, ctx.identity.openid);
  const filter: Filter = { memberId: member._id };
  if (input.before !== undefined) filter.createdAt = _.lt(input.before);
  const res = await db
    .collection('orders')
    .where(filter)
    .orderBy('createdAt', 'desc')
    .limit(input.limit + 1)
    .get();
  const orders = (res.data as OrderDoc[]).slice(0, input.limit);
  const names = await storeNames(
    db,
    orders.map((o) => o.storeId),
  );
  return {
    purchases: orders.map((o) => purchaseView(o, names)),
    hasMore: res.data.length > input.limit,
  };
}
