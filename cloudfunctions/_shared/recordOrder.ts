/**
 * Recording a purchase — the ONE code path of the clerk's till (`staff.recordPurchase`) and
 * of till systems posting orders over HTTP (`pos`).
 *
 *   read    1 request (orderFacts.ts): the member, with the coupon, the staff member, the
 *           settings and the tag rules joined in by `$lookup`, so deciding costs one round trip
 *   decide  orderPlan.ts, pure: coupon usable (checkCouponUsable), points
 *           (computeEarnedPoints), level (planLevelChange), clerk reassignment → the order
 *   apply   claim the coupon → insert the order → credit points and stats
 *
 * Atomicity: ORDER-FIRST, NOT A TRANSACTION. A transaction would cost start + a read and a
 * write per document + commit (≈ 11 requests) and, on the shared coupon or a busy member,
 * turn contention into conflict errors. Instead every write is a single-document atomic
 * operation that is safe to repeat, and the order document is the commit point:
 * 1. Claim the coupon: `where({_id, memberId, status: 'unused'}).update({status: 'used',
 *    orderId})`. Of any number of concurrent claims exactly one changes the document
 *    (`stats.updated === 1`); the rest are COUPON.ALREADY_USED. The order id is derived
 *    from (store, receipt), so a retry of the same receipt recognises the coupon as its own.
 * 2. Insert the order, `_id` = `${storeId}.${receiptNo}` (plus the unique index on
 *    (storeId, receiptNo)): one receipt → one order, however many times and however
 *    concurrently it is sent. A loser reads the winner's order and answers it with
 *    `duplicate: true`, giving back a coupon it claimed for nothing.
 * 3. Credit the member (repos/points.ts `creditPoints`): the lot and the ledger entry have
 *    ids derived from the order, and the member update (balance, lifetime, stats, clerk,
 *    the card's `recentPurchases`, the computed tags decided from the stats after the order:
 *    memberTags.ts `tagChangeData`, no extra request)
 *    is conditional on the order's key not being in `appliedOps` — each write counts once.
 *    A level change is a separate conditional update (`where({level: from})`), so a stale
 *    read can never lower a level another purchase just raised.
 * If the function dies between 2 and 3, the order exists and the points do not yet: the
 * caller's retry (same receipt) takes the duplicate path, which re-runs step 3 from the
 * order document (`finishOrder`); every write there is a no-op when already done. If no
 * retry comes, the reconciliation timer (cloudfunctions/reconcile) finishes the order the
 * same way. An attempt that dies between 1 and 2 leaves the coupon marked used by an order
 * that does not exist: the reconciliation releases it once the claim (`claimedAt`) is older
 * than recoveryPlan GRACE_MS. A retry that finds the coupon already claimed for its order
 * renews that lease (a conditional update on the lease it read; not needed when the lease is
 * less than LEASE_FRESH_MS old) BEFORE it writes the order,
 * and the release is conditional on the lease too: of a retry and the reconciliation, only
 * one can win. The points are never counted twice, and a coupon is never used by two orders.
 *
 * Requests: 6 without a coupon, 7 with one (measured in tests/emulator/loyalty-requests),
 * the last the store's daily rollup (rollups.ts countOrder: 2 more for the first order of a
 * day the nightly pass has not opened);
 * an order that changes the customer's owner +2 (ownership.ts applyOrderOwnerChange);
 * a retry whose coupon is already claimed for its order +1 (the lease renewal).
 */
import { AppError } from '@/contracts/errors';
import type { PurchaseResult } from '@/contracts/staff';
import type { LevelDecision } from '@/domain/levels';
import { applyOrderToStats, emptyStats, orderStatsDelta } from '@/domain/memberStats';
import type { TagRules } from '@/domain/tags/families';
import { RECENT_PURCHASES_KEPT, recentPurchaseOf } from '@/domain/recentPurchases';
import type { Ctx } from './runtime';
import { findOne, getById, isDuplicateKeyError } from './db';
import { logEvent } from './log';
import { levelUpdate, sendLevelMessage, statsUpdate } from './memberUpdates';
import { couponView, type CouponDoc } from './repos/coupons';
import type { MemberDoc } from './repos/members';
import { orderOpKey, purchaseResultOf, type OrderDoc, type OrderLineDoc } from './repos/orders';
import { creditPoints } from './repos/points';
import { planOrder } from './orderPlan';
import { levelDue, levelNoticeId } from './recoveryPlan';
import { claimCoupon, releaseCoupon } from './couponClaim';
import { loadOrderFacts } from './orderFacts';
import { tagChangeData } from './memberTags';
import { applyOrderOwnerChange } from './ownership';
import { countOrder } from './rollups';
import {
  ensureStaffRole,
  requireStaff,
  tillStoreOf,
  TILL_ROLES,
  type StaffDoc,
} from './repos/staff';

export type OrderRequest = {
  source: 'till' | 'pos';
  /** pos: the store the signed request is for; till: taken from the caller's staff record */
  storeId: string | null;
  receiptNo: string;
  lines: OrderLineDoc[];
  member: { id: string } | { phone: string } | { memberNo: number };
  coupon: { id: string } | { code: string } | null;
  /** till: the caller (must be a clerk or manager); pos: the clerk the till system named */
  staff: { openid: string } | { clerkId: string } | null;
};

export async function recordOrder(ctx: Ctx, req: OrderRequest): Promise<PurchaseResult> {
  const { db, now } = ctx;
  if (req.source === 'till' && !ctx.identity.openid) throw new AppError('AUTH.NO_IDENTITY');
  const facts = await loadOrderFacts(ctx, req);

  // ---- who records it, for which store ----
  let clerk: StaffDoc | null = null;
  let storeId: string;
  if (req.source === 'till') {
    if (!facts.member) {
      await requireStaff(ctx, TILL_ROLES); // a shopper is FORBIDDEN before learning whether a member exists
      throw new AppError('MEMBER.NOT_FOUND');
    }
    clerk = ensureStaffRole(facts.staff, TILL_ROLES);
    storeId = tillStoreOf(clerk);
  } else {
    if (!req.storeId) throw new AppError('COMMON.INVALID_INPUT');
    storeId = req.storeId;
    if (req.staff) {
      clerk = facts.staff;
      if (!clerk || clerk.active === false || clerk.storeId !== storeId) {
        throw new AppError('COMMON.INVALID_INPUT', '店员编号不属于该门店', {
          issues: [{ path: ['clerkId'], code: 'custom' }],
        });
      }
    }
  }
  if (!facts.member) throw new AppError('MEMBER.NOT_FOUND');
  if (facts.member.status !== 'active') throw new AppError('MEMBER.DELETED');
  const member: MemberDoc = { ...facts.member, level: facts.member.level ?? 'normal' }; // imported members may lack a level

  // ---- decide (pure: orderPlan.ts) ----
  if (req.coupon && (!facts.coupon || facts.coupon.memberId !== member._id))
    throw new AppError('COUPON.NOT_FOUND');
  const coupon = facts.coupon;
  const { order, couponIsOurs, levelChange } = planOrder({
    now,
    storeId,
    receiptNo: req.receiptNo,
    lines: req.lines,
    source: req.source,
    member,
    coupon,
    clerk,
    settings: facts.settings,
  });
  const orderId = order._id;

  // ---- apply ----
  const claimed = coupon ? await claimCoupon(ctx, coupon, member._id, orderId) : false;
  try {
    await db.collection('orders').add({ data: order });
  } catch (e) {
    if (!isDuplicateKeyError(e)) {
      if (claimed) await releaseCoupon(ctx, coupon!._id, orderId).catch(() => undefined);
      throw e;
    }
    return answerDuplicate(ctx, {
      storeId,
      receiptNo: req.receiptNo,
      orderId,
      member,
      tagRules: facts.tagRules,
      claimedCouponId: claimed ? coupon!._id : null,
    });
  }
  await applyOrderEffects(ctx, order, member, facts.tagRules, levelChange);
  logEvent('order.recorded', {
    orderId,
    source: req.source,
    memberId: member._id,
    points: order.pointsEarned,
    coupon: Boolean(coupon),
    level: order.levelAfter,
  });
  return purchaseResultOf(
    order,
    coupon
      ? couponView(
          { ...coupon, status: 'used', orderId, usedAt: couponIsOurs ? coupon.usedAt : now },
          now,
        )
      : null,
    false,
  );
}

/**
 * The order's effects on the member: points (lot, ledger, balance) and stats in one guarded
 * update, the owner change (its own guarded update), then the level change. Safe to run
 * any number of times.
 */
async function applyOrderEffects(
  ctx: Ctx,
  order: OrderDoc,
  member: MemberDoc,
  tagRules: TagRules,
  levelChange: LevelDecision | null,
  recovering = false,
): Promise<void> {
  const _ = ctx.db.command;
  const opKey = order.opKey ?? orderOpKey(order._id);
  const statsOrder = {
    paidFen: order.paidFen,
    createdAt: order.createdAt,
    storeId: order.storeId,
    usedCoupon: Boolean(order.couponId),
    lines: order.lines,
  };
  const delta = orderStatsDelta(statsOrder);
  // the member's tags after this order, written with its stats (domain/tags via memberTags.ts)
  const tags = tagChangeData(_, {
    member,
    after: {
      stats: applyOrderToStats({ ...emptyStats(), ...member.stats }, statsOrder),
      level: order.levelAfter ?? member.level,
    },
    rules: tagRules,
    now: ctx.now,
    lookTonight: true,
  });
  const credited = await creditPoints(
    ctx.db,
    {
      memberId: order.memberId,
      opKey,
      points: order.pointsEarned,
      at: order.createdAt,
      expiresAt: order.pointsExpireAt ?? order.createdAt,
      source: 'order',
      orderId: order._id,
      ref: order._id,
      title: '门店消费',
      storeId: order.storeId,
      memberUpdate: {
        ...statsUpdate(_, delta, member.stats, order.createdAt),
        ...tags.data,
        // the card's last purchases, newest first (domain/recentPurchases.ts)
        recentPurchases: _.push({
          each: [recentPurchaseOf(order)],
          sort: { createdAt: -1 },
          slice: RECENT_PURCHASES_KEPT,
        }),
      },
    },
    recovering ? { appliedOps: member.appliedOps ?? [] } : undefined,
  );
  await applyOrderOwnerChange(ctx, order);
  const change = recovering
    ? levelDue(order, member, credited, ctx.now)
    : levelChange?.kind === 'levelChanged'
      ? levelChange
      : null;
  if (change) {
    const res = await ctx.db
      .collection('members')
      .where({ _id: order.memberId, level: change.from })
      .update({ data: levelUpdate(_, change, levelNoticeId(order._id), order.createdAt) });
    if (res.stats.updated === 1)
      await sendLevelMessage(ctx, order.memberId, change, `level:${order.memberId}:${order._id}`);
  }
  // the store's day in dailyRollups, once however often this runs (rollups.ts)
  await countOrder(ctx, order);
}

/**
 * Finish what an attempt of this order left undone — points, stats, clerk, level (a retried
 * receipt, the reconciliation timer); every write is a no-op when already done.
 */
export const finishOrder = (
  ctx: Ctx,
  order: OrderDoc,
  member: MemberDoc,
  tagRules: TagRules,
): Promise<void> =>
  applyOrderEffects(ctx, order, member, tagRules, order.levelChange ?? null, true);

/** The receipt was recorded already (a retry, or a concurrent copy): answer that order. */
async function answerDuplicate(
  ctx: Ctx,
  a: {
    storeId: string;
    receiptNo: string;
    orderId: string;
    member: MemberDoc;
    tagRules: TagRules;
    claimedCouponId: string | null;
  },
): Promise<PurchaseResult> {
  const existing = await findOne<OrderDoc>(ctx.db, 'orders', {
    storeId: a.storeId,
    receiptNo: a.receiptNo,
  });
  if (!existing) throw new AppError('COMMON.CONFLICT');
  if (
    a.claimedCouponId &&
    (existing._id !== a.orderId || existing.couponId !== a.claimedCouponId)
  ) {
    await releaseCoupon(ctx, a.claimedCouponId, a.orderId);
  }
  if (existing.memberId !== a.member._id) throw new AppError('ORDER.DUPLICATE_RECEIPT');
  if (existing.opKey) {
    // finish what a first attempt that died after inserting the order left undone (no-op otherwise)
    await finishOrder(ctx, existing, a.member, a.tagRules);
  }
  const coupon = existing.couponId
    ? await getById<CouponDoc>(ctx.db, 'coupons', existing.couponId)
    : null;
  logEvent('order.duplicate', { orderId: existing._id });
  return purchaseResultOf(existing, coupon ? couponView(coupon, ctx.now) : null, true);
}
