/**
 * Points-mall redemptions left `pending` (or `cancelling`) by a dead instance are undone:
 * the held unit and the unused coupon given back, the intent removed. No points were spent:
 * only the transaction that commits a redemption spends them. Decision: recoveryPlan.ts
 * planRedemption; the undo is the one a failed redemption runs itself (cancelRedemption).
 */
import type { Ctx } from '../_shared/runtime';
import { logEvent } from '../_shared/log';
import { GRACE_MS, planRedemption } from '../_shared/recoveryPlan';
import { cancelRedemption } from '../_shared/repos/redemptions';
import type { RedemptionDoc } from '../_shared/repos/rewards';
import type { ScanReport } from './scan';

const PAGE = 100;

export async function undoRedemptions(ctx: Ctx, deadline: () => boolean): Promise<ScanReport> {
  const { db, now } = ctx;
  const _ = db.command;
  const report: ScanReport = { seen: 0, repaired: 0, failed: 0, more: false };
  const tried = new Set<string>();
  for (;;) {
    if (deadline()) {
      report.more = true;
      break;
    }
    // no cursor needed: an undone redemption leaves this state (its intent is removed)
    const page = (
      await db
        .collection('redemptions')
        .where({ status: _.in(['pending', 'cancelling']), leaseAt: _.lte(now - GRACE_MS) })
        .orderBy('leaseAt', 'asc')
        .limit(PAGE)
        .get()
    ).data as RedemptionDoc[];
    const fresh = page.filter((r) => !tried.has(r._id));
    if (fresh.length === 0) break;
    for (const r of fresh) {
      if (deadline()) {
        report.more = true;
        return report;
      }
      tried.add(r._id);
      report.seen++;
      const decision = planRedemption(r, now);
      try {
        if (decision.kind === 'cancel' || decision.kind === 'finishCancel') {
          const lease = decision.kind === 'cancel' ? decision.lease : undefined;
          if (await cancelRedemption(db, r, { now, lease, failure: 'COMMON.CONFLICT' }))
            report.repaired++;
        }
      } catch (e) {
        report.failed++;
        logEvent('reconcile.failed', {
          scan: 'redemptions',
          id: r._id,
          error: String((e as Error)?.message ?? e),
        });
      }
    }
    if (page.length < PAGE) break;
  }
  return report;
}
