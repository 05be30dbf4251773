/**
 * Point-lot expiry. Every lot expires on its own: once past its `expiresAt`, what REMAINS
 * of it (never what it earned: spending took from the soonest lots first) leaves the
 * balance. Per member, a transaction reads the member and at most LOTS_PER_TX of their
 * expired lots, zeroes those lots, lowers the balance by the sum (never below zero) and
 * writes one ledger entry — all or nothing, every request awaited in turn (MongoDB, under
 * CloudBase, runs no parallel operations inside one transaction). A member with more
 * expired lots gets several such transactions.
 *
 * A run that stops part-way (deadline, instance killed) leaves every transaction either
 * committed or not: the next run's query finds exactly what is left, so nothing expires
 * twice and nothing is missed. The deadline is checked before each member.
 */
import { shanghaiDate } from '@/domain/calendar';
import { planExpiry } from '@/domain/points';
import type { Ctx } from '../_shared/runtime';
import { runTransaction } from '../_shared/db';
import { logEvent } from '../_shared/log';
import type { MemberDoc } from '../_shared/repos/members';
import {
  asLots,
  ledgerIdFor,
  txMember,
  type LedgerDoc,
  type PointLotDoc,
} from '../_shared/repos/points';

const BATCH = 300;
/** members expired side by side (each in its own transactions) */
const PARALLEL = 4;
/** lots changed by one transaction at most */
export const LOTS_PER_TX = 50;
/** a run stops after this many failed members (something is wrong; the next run retries) */
const MAX_FAILED = 50;

export type ExpiryReport = {
  members: number;
  lots: number;
  points: number;
  failed: number;
  more: boolean;
};

/** Expire one member's expired lots, LOTS_PER_TX per transaction; answers lots and points expired. */
export async function expireMemberPoints(
  ctx: Ctx,
  memberId: string,
): Promise<{ lots: number; points: number }> {
  const { db, now } = ctx;
  const _ = db.command;
  const total = { lots: 0, points: 0 };
  for (let part = 0; ; part++) {
    const ids = (
      await db
        .collection('pointLots')
        .where({ memberId, remaining: _.gt(0), expiresAt: _.lt(now) })
        .field({ _id: true })
        .limit(LOTS_PER_TX)
        .get()
    ).data.map((l) => String(l._id));
    if (ids.length === 0) return total;
    const done = await runTransaction(db, async (tx) => {
      const member = await txMember<MemberDoc>(tx, memberId);
      const lots: PointLotDoc[] = [];
      for (const id of ids) {
        const lot = (await tx.collection('pointLots').doc(id).get()).data as
          | PointLotDoc
          | undefined;
        if (lot) lots.push(lot);
      }
      const plan = planExpiry(asLots(lots), now);
      if (plan.total === 0) return { lots: 0, points: 0 };
      const balance = member?.points?.balance ?? 0;
      const taken = Math.min(plan.total, balance);
      if (taken < plan.total)
        logEvent('points.invariant', { memberId, expired: plan.total, balance });
      for (const t of plan.expires) {
        await tx
          .collection('pointLots')
          .doc(t.lotId)
          .update({ data: { remaining: 0, expired: _.inc(t.points), expiredAt: now } });
      }
      if (member && taken > 0) {
        await tx
          .collection('members')
          .doc(memberId)
          .update({ data: { 'points.balance': _.inc(-taken), updatedAt: now } });
      }
      const entry: LedgerDoc = {
        _id: ledgerIdFor(`expire:${memberId}:${now}:${part}`),
        memberId,
        kind: 'expire',
        delta: -taken,
        ref: `expire:${shanghaiDate(now)}`,
        at: now,
        title: '积分过期',
        lots: plan.expires,
      };
      await tx.collection('pointsLedger').add({ data: entry });
      return { lots: plan.expires.length, points: taken };
    });
    total.lots += done.lots;
    total.points += done.points;
    if (done.lots === 0 || ids.length < LOTS_PER_TX) return total;
  }
}

/**
 * Expire lots member by member until nothing is left or `deadline` (performance.now())
 * comes; `more` tells the next run of the window that work is left.
 */
export async function expirePoints(ctx: Ctx, deadline: number): Promise<ExpiryReport> {
  const { db, now } = ctx;
  const _ = db.command;
  const report: ExpiryReport = { members: 0, lots: 0, points: 0, failed: 0, more: false };
  const failed: string[] = [];
  for (;;) {
    const batch = (
      await db
        .collection('pointLots')
        .where({
          expiresAt: _.lt(now),
          remaining: _.gt(0),
          ...(failed.length ? { memberId: _.nin(failed) } : {}),
        })
        .orderBy('expiresAt', 'asc')
        .field({ memberId: true })
        .limit(BATCH)
        .get()
    ).data as Pick<PointLotDoc, '_id' | 'memberId'>[];
    const members = [...new Set(batch.map((l) => l.memberId))];
    if (members.length === 0) {
      report.more = failed.length > 0;
      return report;
    }
    // a few members side by side, each started only before the deadline
    let next = 0;
    let stopped = false;
    const worker = async () => {
      while (next < members.length && !stopped) {
        if (performance.now() > deadline || failed.length >= MAX_FAILED) {
          stopped = true;
          return;
        }
        const memberId = members[next++];
        try {
          const done = await expireMemberPoints(ctx, memberId);
          if (done.lots > 0) report.members++;
          report.lots += done.lots;
          report.points += done.points;
        } catch (e) {
          failed.push(memberId);
          report.failed++;
          logEvent('points.expiry_failed', {
            memberId,
            error: String((e as Error)?.message ?? e),
          });
        }
      }
    };
    await Promise.all(Array.from({ length: PARALLEL }, worker));
    if (stopped) {
      report.more = true;
      return report;
    }
  }
}
