/**
 * Refunds, full or partial, in ONE transaction: a refund touches the order, the member
 * (balance, stats, level), the lots the points come back from, the coupon and the ledger,
 * and a half-applied refund would be wrong in any order. Refunds are rare, so the
 * transaction's extra requests are worth its simplicity. Its requests go one after the
 * other (MongoDB runs no parallel operations in one transaction). An instance that dies
 * mid-way leaves nothing to finish or undo: the transaction never commits (the server
 * aborts it), and the refund is either wholly there or not at all.
 *
 * - What it does is decided by domain/refundPlan.ts `planRefund` (amount, points taken back
 *   and from which lots, the coupon, the refunded lines, stats and level afterwards); this
 *   file reads and writes. Two refunds of one order at once both write the order, so one is
 *   retried on the other's result.
 * - Tags: the member's computed tags are re-decided from the stats after the refund and
 *   written in the same member update (memberTags.ts `tagChangeData`; the rules come joined
 *   into the one read).
 * - Requests: start, one aggregate of everything it decides on (loadRefundFacts), the
 *   writes (refund, order, member, each lot taken, ledger entry, coupon), commit.
 * - Idempotent by `requestId`: the refund id is derived from (order, requestId); a retry
 *   answers the refund already made.
 */
import { auditActor, auditDoc } from '../_shared/repos/audit';
import { AppError } from '@/contracts/errors';
import type { RefundResult } from '@/contracts/staff';
import type { LevelDecision } from '@/domain/levels';
import { refundStatsDelta } from '@/domain/memberStats';
import { isLotUsable } from '@/domain/points';
import { levelAfterRefund, planRefund } from '@/domain/refundPlan';
import type { Settings } from '@/domain/settings';
import type { TagRules } from '@/domain/tags/families';
import type { Ctx } from '../_shared/runtime';
import {
  getById,
  isDuplicateKeyError,
  isTransactionConflict,
  runTransaction,
  type Doc,
} from '../_shared/db';
import { derivedId, opKeys } from '../_shared/keys';
import { logEvent } from '../_shared/log';
import { countRefund } from '../_shared/rollups';
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
  writeTakes,
  type LedgerDoc,
  type PointLotDoc,
} from '../_shared/repos/points';
import { rulesFromJoined, rulesLookup } from '../_shared/repos/settings';
import { tagChangeData } from '../_shared/memberTags';
import {
  ensureStaffRole,
  ensureStoreAccess,
  staffByOpenid,
  type StaffDoc,
} from '../_shared/repos/staff';

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

/**
 * Everything the refund decides on, in ONE request made after the transaction started: an
 * aggregate on the order joining the caller's staff document, the settings, this request's
 * refund (a retry), the member, the member's lots and the order's coupon. It is read outside
 * the transaction, but after its start: whatever another writer changed since then and this
 * refund writes too (order, member, lots, coupon) fails the commit as a conflict, so the
 * transaction is retried on the new state (the emulator proves it: loyalty-refund).
 */
type RefundFacts = {
  order: OrderDoc | null;
  staff: StaffDoc | null;
  settings: Settings;
  tagRules: TagRules;
  existing: RefundDoc | null;
  member: MemberDoc | null;
  lots: PointLotDoc[];
  coupon: CouponDoc | null;
};

async function loadRefundFacts(ctx: Ctx, orderId: string, refundId: string): Promise<RefundFacts> {
  const _ = ctx.db.command;
  const one = (match: Record<string, unknown>) =>
    _.aggregate.pipeline().match(match).limit(1).done();
  const row = (
    (await ctx.db
      .collection('orders')
      .aggregate()
      .match({ _id: orderId })
      .limit(1)
      .lookup({ from: 'staff', pipeline: one({ openid: ctx.identity.openid }), as: 'staff' })
      .lookup(rulesLookup(ctx.db))
      .lookup({ from: 'refunds', pipeline: one({ _id: refundId }), as: 'existing' })
      .lookup({ from: 'members', localField: 'memberId', foreignField: '_id', as: 'member' })
      // every lot of the member (one per earning); the usable ones are picked below
      .lookup({ from: 'pointLots', localField: 'memberId', foreignField: 'memberId', as: 'lots' })
      .lookup({ from: 'coupons', localField: 'couponId', foreignField: '_id', as: 'coupon' })
      .end()) as { list: Doc[] }
  ).list[0];
  if (!row) {
    const staff = await staffByOpenid(ctx.db, ctx.identity.openid);
    return {
      order: null,
      staff,
      ...rulesFromJoined(null),
      existing: null,
      member: null,
      lots: [],
      coupon: null,
    };
  }
  const { staff, rules, existing, member, lots, coupon, ...order } = row;
  return {
    order: order as OrderDoc,
    staff: (staff?.[0] as StaffDoc | undefined) ?? null,
    ...rulesFromJoined(rules),
    existing: (existing?.[0] as RefundDoc | undefined) ?? null,
    member: (member?.[0] as MemberDoc | undefined) ?? null,
    lots: ((lots ?? []) as PointLotDoc[])
      .filter((l) => isLotUsable(asLots([l])[0], ctx.now))
      .sort((x, y) => x.expiresAt - y.expiresAt),
    coupon: (order.couponId && (coupon?.[0] as CouponDoc | undefined)) || null,
  };
}

export async function refund(
  ctx: Ctx,
  input: { orderId: string; amountFen?: number; requestId: string },
): Promise<RefundResult> {
  const { db, now } = ctx;
  const _ = db.command;
  if (!ctx.identity.openid) throw new AppError('AUTH.NO_IDENTITY');
  const refundId = derivedId('rfd', input.orderId, input.requestId);

  let outcome: {
    refund: RefundDoc;
    order: OrderDoc | null;
    levelChange: LevelDecision | null;
  };
  try {
    outcome = await runTransaction(db, async (tx) => {
      const f = await loadRefundFacts(ctx, input.orderId, refundId);
      const staff = ensureStaffRole(f.staff, ['clerk', 'manager', 'hq']);
      const o = f.order;
      if (!o) throw new AppError('ORDER.NOT_FOUND');
      ensureStoreAccess(staff, o.storeId);
      if (f.existing) return { refund: f.existing, order: o, levelChange: null }; // a retry: nothing written
      const member = f.member;
      if (!member) throw new AppError('MEMBER.NOT_FOUND');
      const plan = planRefund({
        order: o,
        member,
        lots: asLots(f.lots),
        coupon: f.coupon,
        amountFen: input.amountFen,
        settings: f.settings,
        now,
      });
      const { reversal, status } = plan;
      const levelChange = plan.level;
      const tags = tagChangeData(_, {
        member,
        after: { stats: plan.statsAfter, level: levelAfterRefund(plan, member.level) },
        rules: f.tagRules,
        now,
      });
      const doc: RefundDoc = {
        _id: refundId,
        requestId: input.requestId,
        orderId: o._id,
        memberId: o.memberId,
        storeId: o.storeId,
        refundedFen: plan.amountFen,
        totalRefundedFen: plan.totalRefundedFen,
        pointsReversed: reversal.reverse,
        pointsUnrecoverable: reversal.unrecoverable,
        couponRestored: plan.coupon.kind === 'restoreCoupon',
        status,
        pointsBalance: plan.pointsBalance,
        lines: plan.statsRefund.lines,
        cancelsOrder: plan.cancelsOrder,
        by: staff._id,
        at: now,
      };
      await tx.collection('refunds').add({ data: doc }); // first: a duplicate request stops here
      await tx
        .collection('orders')
        .doc(o._id)
        .update({
          data: {
            refundedFen: _.inc(plan.amountFen),
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
            ...statsUpdate(_, refundStatsDelta(plan.statsRefund), member.stats, now),
            ...levelUpdate(_, levelChange, `level:${refundId}`, now),
            ...recentPurchasesAfterRefund(
              _,
              member.recentPurchases,
              o._id,
              status,
              plan.totalRefundedFen,
            ),
            ...tags.data,
            updatedAt: now,
          },
        });
      await writeTakes(tx, _, plan.takes);
      if (reversal.due > 0) {
        const entry: LedgerDoc = {
          _id: ledgerIdFor(opKeys.refund(refundId)),
          memberId: o.memberId,
          kind: 'reverse',
          delta: -reversal.reverse,
          ref: opKeys.refund(refundId),
          at: now,
          title: '退款扣回积分',
          storeId: o.storeId,
          lots: plan.takes,
          unrecoverable: reversal.unrecoverable,
        };
        await tx.collection('pointsLedger').add({ data: entry });
      }
      if (plan.coupon.kind === 'restoreCoupon') {
        await tx
          .collection('coupons')
          .doc(plan.coupon.couponId)
          .update({ data: { status: 'unused', orderId: null, usedAt: null, restoredAt: now } });
      }
      // in the same transaction: a refund is never without its audit entry, nor the reverse
      await tx.collection('auditLog').add({
        data: auditDoc({
          actor: auditActor(staff),
          action: 'order.refund',
          target: { kind: 'order', id: o._id },
          detail: { refundId, amountFen: plan.amountFen, memberId: o.memberId, status },
          at: now,
          source: 'staff.refund',
        }),
      });
      return { refund: doc, order: o, levelChange };
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
  // after the commit, not in the transaction: the rollup is the store's busiest document; a
  // retry of this request (or the nightly pass, for yesterday) makes up for a lost increment
  if (outcome.order)
    await countRefund(ctx, outcome.order, {
      id: r._id,
      refundFen: r.refundedFen,
      lines: r.lines,
      cancelsOrder: r.cancelsOrder,
    });
  logEvent('order.refunded', {
    orderId: r.orderId,
    refundId: r._id,
    fen: r.refundedFen,
    points: r.pointsReversed,
    unrecoverable: r.pointsUnrecoverable,
    coupon: r.couponRestored,
  });
  if (outcome.levelChange)
    await sendLevelMessage(ctx, r.memberId, outcome.levelChange, `level:${r.memberId}:${r._id}`);
  return resultOf(r);
}
