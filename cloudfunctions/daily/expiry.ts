/**
 * Point-lot expiry. Every lot expires on its own: once past its `expiresAt`, what REMAINS
 * of it (never what it earned: spending took from the soonest lots first) leaves the
 * balance. Per member, one transaction zeroes their expired lots, lowers the balance by
 * the sum (never below zero) and writes one ledger entry — all or nothing, so a run that
 * stops part-way (time budget, crash) leaves every member either done or untouched, and
 * the next batch or the next day's run finds exactly what is left.
 */
import { shanghaiDate } from '@/domain/calendar';
import { planExpiry } from '@/domain/points';
import type { Ctx } from '../_shared/runtime';
import { runTransaction } from '../_shared/db';
import { logEvent } from '../_shared/log';
import type { MemberDoc } from '../_shared/repos/members';
import {
  asLots,
  expiredLots,
  ledgerIdFor,
  txMember,
  type LedgerDoc,
  type PointLotDoc,
} from '../_shared/repos/points';

const BATCH = 300;
const PARALLEL = 4;

export type ExpiryReport = {
  members: number;
  lots: number;
  points: number;
  failed: number;
  more: boolean;
};

/** Expire one member's expired lots in one transaction; answers lots and points expired. */
export async function expireMemberPoints(
  ctx: Ctx,
  memberId: string,
): Promise<{ lots: number; points: number }> {
  const { db, now } = ctx;
  const _ = db.command;
  return runTransaction(db, async (tx) => {
    const member = await txMember<MemberDoc>(tx, memberId);
    const lots = await expiredLots(db, memberId, now);
    const plan = planExpiry(asLots(lots), now);
    if (plan.total === 0) return { lots: 0, points: 0 };
    const balance = member?.points?.balance ?? 0;
    const taken = Math.min(plan.total, balance);
    if (taken < plan.total)
      logEvent('points.invariant', { memberId, expired: plan.total, balance });
    const entry: LedgerDoc = {
      _id: ledgerIdFor(`expire:${memberId}:${now}`),
      memberId,
      kind: 'expire',
      delta: -taken,
      ref: `expire:${shanghaiDate(now)}`,
      at: now,
      title: '积分过期',
      lots: plan.expires,
    };
    await Promise.all([
      ...plan.expires.map((t) =>
        tx
          .collection('pointLots')
          .doc(t.lotId)
          .update({ data: { remaining: 0, expired: _.inc(t.points), expiredAt: now } }),
      ),
      ...(member && taken > 0
        ? [
            tx
              .collection('members')
              .doc(memberId)
              .update({ data: { 'points.balance': _.inc(-taken), updatedAt: now } }),
          ]
        : []),
      tx.collection('pointsLedger').add({ data: entry }),
    ]);
    return { lots: plan.expires.length, points: taken };
  });
}

/** Expire lots member by member, in batches, until done or `deadline` (performance.now()). */
export async function expirePoints(ctx: Ctx, deadline: number): Promise<ExpiryReport> {
  const { db, now } = ctx;
  const _ = db.command;
  const report: ExpiryReport = { members: 0, lots: 0, points: 0, failed: 0, more: false };
  const attempted = new Set<string>();
  for (;;) {
    if (performance.now() > deadline) {
      report.more = true;
      break;
    }
    const batch = (
      await db
        .collection('pointLots')
        .where({ expiresAt: _.lt(now), remaining: _.gt(0) })
        .orderBy('expiresAt', 'asc')
        .limit(BATCH)
        .get()
    ).data as PointLotDoc[];
    const members = [...new Set(batch.map((l) => l.memberId))].filter((id) => !attempted.has(id));
    if (members.length === 0) {
      report.more = batch.length > 0;
      break;
    }
    for (let i = 0; i < members.length; i += PARALLEL) {
      if (performance.now() > deadline) break;
      await Promise.all(
        members.slice(i, i + PARALLEL).map(async (memberId) => {
          attempted.add(memberId);
          try {
            const done = await expireMemberPoints(ctx, memberId);
            if (done.lots > 0) report.members++;
            report.lots += done.lots;
            report.points += done.points;
          } catch (e) {
            report.failed++;
            logEvent('points.expiry_failed', {
              memberId,
              error: String((e as Error)?.message ?? e),
            });
          }
        }),
      );
    }
  }
  return report;
}
