/**
 * Purchases: orders whose effects an instance did not finish (points, stats, clerk, level)
 * are finished, and coupons claimed for an order that was never written are released.
 * Decisions: recoveryPlan.ts (the same as a retried receipt takes); writes: recordOrder.ts.
 */
import type { Ctx } from '../_shared/runtime';
import type { Database } from '../_shared/db';
import { finishOrder } from '../_shared/recordOrder';
import { releaseAbandonedClaim } from '../_shared/couponClaim';
import { loadTagRules } from '../_shared/repos/tagRules';
import type { TagRules } from '@/domain/tags/families';
import { planCouponClaim, planOrderRepair, repairNeeded } from '../_shared/recoveryPlan';
import type { CouponDoc } from '../_shared/repos/coupons';
import type { MemberDoc } from '../_shared/repos/members';
import type { OrderDoc } from '../_shared/repos/orders';
import { ledgerIdFor } from '../_shared/repos/points';
import { scan, type ScanReport } from './scan';

/** Ids among `ids` that exist in `collection` (one request). */
async function existing(db: Database, collection: string, ids: string[]): Promise<Set<string>> {
  if (ids.length === 0) return new Set();
  const _ = db.command;
  const res = await db
    .collection(collection)
    .where({ _id: _.in([...new Set(ids)]) })
    .field({ _id: true })
    .limit(1000)
    .get();
  return new Set(res.data.map((d) => String(d._id)));
}

export function finishOrders(ctx: Ctx, deadline: () => boolean): Promise<ScanReport> {
  const { db } = ctx;
  const _ = db.command;
  // the tag rules, read once per run and only when an order needs finishing
  let tagRules: Promise<TagRules> | null = null;
  const rules = () => (tagRules ??= loadTagRules(db));
  return scan<OrderDoc>(ctx, {
    name: 'orders',
    collection: 'orders',
    field: 'createdAt',
    filter: { opKey: _.exists(true) },
    deadline,
    async page(orders, each) {
      const memberIds = [...new Set(orders.map((o) => o.memberId))];
      const members = new Map(
        (
          await db
            .collection('members')
            .where({ _id: _.in(memberIds) })
            .limit(1000)
            .get()
        ).data.map((m) => [String(m._id), m as MemberDoc]),
      );
      const earning = orders.filter((o) => o.pointsEarned > 0 && o.opKey);
      const lots = await existing(
        db,
        'pointLots',
        earning.map((o) => o.lotId ?? '').filter(Boolean),
      );
      const entries = await existing(
        db,
        'pointsLedger',
        earning.map((o) => ledgerIdFor(o.opKey!)),
      );
      for (const order of orders) {
        const member = members.get(order.memberId) ?? null;
        const ok = await each(order, async () => {
          const repair = planOrderRepair(
            order,
            {
              member,
              lotExists: Boolean(order.lotId && lots.has(order.lotId)),
              ledgerExists: Boolean(order.opKey && entries.has(ledgerIdFor(order.opKey))),
            },
            ctx.now,
          );
          if (!member || !repairNeeded(repair)) return false;
          await finishOrder(ctx, order, member, await rules());
          return true;
        });
        if (!ok) return;
      }
    },
  });
}

type ClaimedCoupon = CouponDoc & { claimedAt?: number | null };

export function releaseClaims(ctx: Ctx, deadline: () => boolean): Promise<ScanReport> {
  const { db } = ctx;
  return scan<ClaimedCoupon>(ctx, {
    name: 'claims',
    collection: 'coupons',
    field: 'claimedAt',
    filter: { status: 'used' },
    deadline,
    async page(coupons, each) {
      const orders = await existing(
        db,
        'orders',
        coupons.map((c) => c.orderId ?? '').filter(Boolean),
      );
      for (const coupon of coupons) {
        const ok = await each(coupon, async () => {
          const decision = planCouponClaim(
            coupon,
            Boolean(coupon.orderId && orders.has(coupon.orderId)),
            ctx.now,
          );
          return decision.kind === 'release' && (await releaseAbandonedClaim(ctx, coupon));
        });
        if (!ok) return;
      }
    },
  });
}
