/**
 * Refunds, full or partial, in ONE transaction: a refund touches the order, the member
 * (balance, stats, level), the lots the points come back from, the coupon and the ledger,
 * and a half-applied refund would be wrong in any order. Refunds are rare, so the
 * transaction's extra requests are worth its simplicity. Its requests go one after the
 * other (MongoDB runs no parallel operations in one transaction). An instance that dies
 * mid-way leaves nothing to finish or undo: the transaction never commits (the server
 * aborts it), and the refund is either wholly there or not at all.
 *
 * - Amount: `amountFen`, or everything not yet refunded; never more than paid in total
 *   (ORDER.REFUND_EXCEEDS). Two refunds of one order at once both write the order, so one
 *   is retried on the other's result.
 * - Points (domain planRefundReversal): in proportion to the money refunded, cumulative
 *   over the order's refunds. Taken back from the order's own lot first, then the
 *   soonest-expiring ones. Points the member already spent are NOT taken from later
 *   earnings and the balance never goes negative: what the balance cannot cover is written
 *   off as `unrecoverable` (on the refund, the order and the ledger entry) for reports.
 * - Coupon (domain planCouponRestore): given back unused when the refund cancels the whole
 *   order and the coupon is still within its validity; otherwise it stays used.
 * - Stats (refundStatsDelta, lines spread by domain refundedLines) and the level: a refund
 *   can lower the rolling spend, so the level is re-checked and may go down (or up).
 * - Idempotent by `requestId`: the refund id is derived from (order, requestId); a retry
 *   answers the refund already made.
 */
import { AppError } from '@/contracts/errors';
import type { RefundResult } from '@/contracts/staff';
import { planCouponRestore } from '@/domain/coupons';
import { planLevelChange } from '@/domain/levels';
import { applyRefundToStats, emptyStats, refundStatsDelta } from '@/domain/memberStats';
import { availablePoints, ensureSpend, planRefundReversal } from '@/domain/points';
import { refundedLines } from '@/domain/refundLines';
import { rollingSpend } from '@/domain/spendByMonth';
import type { Ctx } from '../_shared/runtime';
import { getById, isDuplicateKeyError, isTransactionConflict, runTransaction } from '../_shared/db';
import { derivedId } from '../_shared/keys';
import { logEvent } from '../_shared/log';
import {
  levelUpdate,
  recentPurchasesAfterRefund,
  sendLevelMessage,
  statsUpdate,
} from '../_shared/memberUpdates';
import type { CouponDoc } from '../_shared/repos/coupons';
import type { MemberDoc } from '../_shared/repos/members';
import type { OrderDoc, RefundDoc } from '../_shared/repos/orders';
import {
  asLots,
  ledgerIdFor,
  txMember,
  usableLots,
  writeTakes,
  type LedgerDoc,
} from '../_shared/repos/points';
import { loadSettings } from '../_shared/repos/settings';
import { ensureStoreAccess, requireStaff } from '../_shared/repos/staff';

const resultOf = (r: RefundDoc): RefundResult => ({
  orderId: r.orderId,
  refundedFen: r.refundedFen,
  totalRefundedFen: r.totalRefundedFen,
  pointsReversed: r.pointsReversed,
  pointsUnrecoverable: r.pointsUnrecoverable,
  couponRestored: r.couponRestored,
  status: r.status,
  pointsBalance: r.pointsBalance,
});

export async function refund(
  ctx: Ctx,
  input: { orderId: string; amountFen?: number; requestId: string },
): Promise<RefundResult> {
  const { db, now } = ctx;
  const _ = db.command;
  const staff = await requireStaff(ctx, ['clerk', 'manager', 'hq']);
  const refundId = derivedId('rfd', input.orderId, input.requestId);
  const [order, existing, settings] = await Promise.all([
    getById<OrderDoc>(db, 'orders', input.orderId),
    getById<RefundDoc>(db, 'refunds', refundId),
    loadSettings(db),
  ]);
  if (!order) throw new AppError('ORDER.NOT_FOUND');
  ensureStoreAccess(staff, order.storeId);
  if (existing) return resultOf(existing);

  let outcome: { refund: RefundDoc; levelChange: ReturnType<typeof planLevelChange> };
  try {
    outcome = await runTransaction(db, async (tx) => {
      const o = (await tx.collection('orders').doc(order._id).get()).data as OrderDoc;
      const member = await txMember<MemberDoc>(tx, o.memberId);
      if (!member) throw new AppError('MEMBER.NOT_FOUND');
      const refundedBefore = o.refundedFen ?? 0;
      const left = o.paidFen - refundedBefore;
      if (o.status === 'refunded') throw new AppError('ORDER.ALREADY_REFUNDED');
      const amount = input.amountFen ?? left;
      if (amount > left)
        throw new AppError('ORDER.REFUND_EXCEEDS', undefined, { refundableFen: left });
      const total = refundedBefore + amount;
      const cancelsOrder = total === o.paidFen;

      // every request of the transaction in turn: MongoDB runs no parallel operations in one
      const lots = await usableLots(db, o.memberId, now);
      const coupon =
        o.couponId && cancelsOrder
          ? ((await tx.collection('coupons').doc(o.couponId).get()).data as CouponDoc)
          : null;
      const spendable = Math.min(member.points?.balance ?? 0, availablePoints(asLots(lots), now));
      const reversal = planRefundReversal({
        earnedPoints: o.pointsEarned,
        totalRefundedFen: total,
        orderPaidFen: o.paidFen,
        alreadyReversed: o.pointsReversed ?? 0,
        balance: spendable,
      });
      const takes =
        reversal.reverse > 0
          ? ensureSpend(asLots(lots), reversal.reverse, now, { preferLotId: o.lotId ?? undefined })
          : [];
      const restore = planCouponRestore({ couponId: o.couponId, cancelsOrder });
      const couponRestored =
        restore.kind === 'restoreCoupon' &&
        coupon !== null &&
        coupon.status === 'used' &&
        coupon.orderId === o._id &&
        coupon.validUntil >= now;

      const lines = refundedLines(o.lines, {
        paidFen: o.paidFen,
        refundedBeforeFen: refundedBefore,
        refundedAfterFen: total,
      });
      const statsRefund = {
        refundFen: amount,
        at: now,
        orderCreatedAt: o.createdAt,
        orderUsedCoupon: Boolean(o.couponId),
        lines,
        cancelsOrder,
      };
      const stats = { ...emptyStats(), ...member.stats };
      const spend12m = rollingSpend(applyRefundToStats(stats, statsRefund).spendByMonth, now);
      const levelChange = planLevelChange(member.level, spend12m, settings);
      const status = cancelsOrder ? 'refunded' : 'partially_refunded';
      const doc: RefundDoc = {
        _id: refundId,
        requestId: input.requestId,
        orderId: o._id,
        memberId: o.memberId,
        storeId: o.storeId,
        refundedFen: amount,
        totalRefundedFen: total,
        pointsReversed: reversal.reverse,
        pointsUnrecoverable: reversal.unrecoverable,
        couponRestored,
        status,
        pointsBalance: (member.points?.balance ?? 0) - reversal.reverse,
        lines,
        cancelsOrder,
        by: staff._id,
        at: now,
      };
      await tx.collection('refunds').add({ data: doc }); // first: a duplicate request stops here
      await tx
        .collection('orders')
        .doc(o._id)
        .update({
          data: {
            refundedFen: _.inc(amount),
            status,
            pointsReversed: reversal.reversedTotal,
            pointsUnrecoverable: _.inc(reversal.unrecoverable),
            refundIds: _.push([refundId]),
          },
        });
      await tx
        .collection('members')
        .doc(o.memberId)
        .update({
          data: {
            ...(reversal.reverse > 0 ? { 'points.balance': _.inc(-reversal.reverse) } : {}),
            ...statsUpdate(_, refundStatsDelta(statsRefund), member.stats, now),
            ...levelUpdate(_, levelChange, `level:${refundId}`, now),
            ...recentPurchasesAfterRefund(_, member.recentPurchases, o._id, status, total),
            updatedAt: now,
          },
        });
      await writeTakes(tx, _, takes);
      if (reversal.due > 0) {
        const entry: LedgerDoc = {
          _id: ledgerIdFor(`refund:${refundId}`),
          memberId: o.memberId,
          kind: 'reverse',
          delta: -reversal.reverse,
          ref: `refund:${refundId}`,
          at: now,
          title: '退款扣回积分',
          storeId: o.storeId,
          lots: takes,
          unrecoverable: reversal.unrecoverable,
        };
        await tx.collection('pointsLedger').add({ data: entry });
      }
      if (couponRestored) {
        await tx
          .collection('coupons')
          .doc(o.couponId!)
          .update({ data: { status: 'unused', orderId: null, usedAt: null, restoredAt: now } });
      }
      return { refund: doc, levelChange };
    });
  } catch (e) {
    if (isDuplicateKeyError(e)) {
      const done = await getById<RefundDoc>(db, 'refunds', refundId);
      if (done) return resultOf(done); // the same request, committed concurrently
    }
    if (isTransactionConflict(e)) throw new AppError('COMMON.CONFLICT');
    throw e;
  }
  const r = outcome.refund;
  logEvent('order.refunded', {
    orderId: r.orderId,
    refundId: r._id,
    fen: r.refundedFen,
    points: r.pointsReversed,
    unrecoverable: r.pointsUnrecoverable,
    coupon: r.couponRestored,
  });
  await sendLevelMessage(ctx, r.memberId, outcome.levelChange, `level:${r.memberId}:${r._id}`);
  return resultOf(r);
}
