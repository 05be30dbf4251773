/**
 * Redemption intents (see recoveryPlan.ts): the pending redemption written before any other
 * write of a redemption, its lease, and the one way to undo a redemption that spent no
 * points — used by a failed redemption itself and by the reconciliation timer alike.
 *
 * Who may cancel: only with a conditional update on the lease it knows (`status: pending,
 * leaseAt`) — the attempt that wrote the intent (no retry has renewed it since), or the
 * reconciliation once the lease is older than GRACE_MS. A retried tap renews the lease
 * before it goes on, so a live attempt is never undone under it.
 */
import type { ErrorCode } from '@/contracts/errors';
import type { Database } from '../db';
import { findOne, getById, isDuplicateKeyError } from '../db';
import { logEvent } from '../log';
import { planRedemptionUndo } from '../recoveryPlan';
import { releaseTemplateUnit, revokeUnusedCoupon, type CouponDoc } from './coupons';
import { releaseStock, type RedemptionDoc } from './rewards';

/** Write the intent; answers the redemption already there when the id is taken (a retry). */
export async function insertPending(
  db: Database,
  doc: RedemptionDoc,
): Promise<RedemptionDoc | null> {
  try {
    await db.collection('redemptions').add({ data: doc });
    return null;
  } catch (e) {
    if (!isDuplicateKeyError(e)) throw e;
    const existing = await getById<RedemptionDoc>(db, 'redemptions', doc._id);
    if (!existing) throw e;
    return existing;
  }
}

/** A retry takes over a pending redemption: its lease, renewed to `now`. False: lost it. */
export async function renewLease(db: Database, r: RedemptionDoc, now: number): Promise<boolean> {
  const res = await db
    .collection('redemptions')
    .where({ _id: r._id, status: 'pending', leaseAt: r.leaseAt ?? 0 })
    .update({ data: { leaseAt: now } });
  return res.stats.updated === 1;
}

/**
 * Undo a redemption that spent no points: `pending` → `cancelling` (conditional on the lease
 * `lease`; omit it to finish a redemption already `cancelling`), then give back the held unit,
 * take back the unused coupon (and its template unit), and remove the intent: nothing is left,
 * and a later retry of the tap starts afresh. Every step is safe to repeat. Answers false when
 * the lease was no longer the one given (nothing undone).
 */
export async function cancelRedemption(
  db: Database,
  r: RedemptionDoc,
  opts: { now: number; lease?: number; failure?: ErrorCode },
): Promise<boolean> {
  if (opts.lease !== undefined) {
    const res = await db
      .collection('redemptions')
      .where({ _id: r._id, status: 'pending', leaseAt: opts.lease })
      .update({
        data: {
          status: 'cancelling',
          failure: opts.failure ?? 'COMMON.CONFLICT',
          cancelledAt: opts.now,
        },
      });
    if (res.stats.updated !== 1) return false;
  }
  for (const step of planRedemptionUndo(r)) {
    if (step.kind === 'releaseStock') await releaseStock(db, step.rewardId, r._id);
    else if (step.kind === 'revokeCoupon') {
      const coupon = await findOne<CouponDoc>(db, 'coupons', { issueKey: step.issueKey });
      if (!coupon) {
        // killed between taking the template's unit and inserting the coupon
        if (step.returnStock) await releaseTemplateUnit(db, step.templateId, step.issueKey);
      } else if (!(await revokeUnusedCoupon(db, coupon, { returnStock: step.returnStock })))
        logEvent('mall.couponKept', {
          redemptionId: r._id,
          couponId: coupon._id,
          memberId: r.memberId,
        });
    } else {
      await db.collection('redemptions').where({ _id: r._id, status: 'cancelling' }).remove();
    }
  }
  logEvent('mall.cancelled', { redemptionId: r._id, failure: opts.failure ?? null });
  return true;
}
