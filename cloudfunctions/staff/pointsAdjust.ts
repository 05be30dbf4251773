/**
 * 积分调整 (staff.adjustPoints): a store manager (their store's members) or HQ adds or takes
 * back points with a reason, all or nothing in ONE transaction — the ledger entry first (its
 * id comes from the member and the request id, so a retried or concurrent copy of the same
 * request stops there and changes nothing), the lot (an addition) or the lots taken (a
 * deduction, soonest-expiring first, never below zero), the balance, and the audit entry:
 * an adjustment never exists without its audit entry, nor the reverse.
 *
 * Requests: the member and a retried request's entry (2, in parallel), the settings, then
 * the transaction (start, member, lots, 4–5 writes, commit).
 */
import { AppError } from '@/contracts/errors';
import { ADJUSTMENT_TITLE, decideAdjustment, mayAdjustPoints } from '@/domain/pointAdjustment';
import type { Ctx } from '../_shared/runtime';
import { getById, isDuplicateKeyError, isTransactionConflict, runTransaction } from '../_shared/db';
import { opKeys } from '../_shared/keys';
import { auditActor, auditDoc } from '../_shared/repos/audit';
import type { MemberDoc } from '../_shared/repos/members';
import {
  asLots,
  ledgerIdFor,
  lotIdFor,
  txMember,
  usableLots,
  writeTakes,
  type LedgerDoc,
  type PointLotDoc,
} from '../_shared/repos/points';
import { loadSettings } from '../_shared/repos/settings';
import { requireStaff } from '../_shared/repos/staff';

export const ADJUST_ROLES = ['manager', 'hq'] as const;

export type AdjustPointsResult = {
  /** false: this request had already been applied (a retry); nothing changed now */
  applied: boolean;
  delta: number;
  balance: number;
  entryId: string;
};

export async function adjustPoints(
  ctx: Ctx,
  input: { memberId: string; delta: number; reason: string; requestId: string },
): Promise<AdjustPointsResult> {
  const { db, now } = ctx;
  const _ = db.command;
  const staff = await requireStaff(ctx, ADJUST_ROLES);
  const opKey = opKeys.adjustPoints(input.memberId, input.requestId);
  const entryId = ledgerIdFor(opKey);
  const [member, done] = await Promise.all([
    getById<MemberDoc>(db, 'members', input.memberId),
    getById<LedgerDoc>(db, 'pointsLedger', entryId),
  ]);
  if (!member || member.status === 'deleted') throw new AppError('MEMBER.NOT_FOUND');
  if (!mayAdjustPoints(staff, member))
    throw new AppError(staff.role === 'manager' ? 'AUTH.WRONG_STORE' : 'AUTH.FORBIDDEN');
  const retried = (entry: LedgerDoc, balance: number): AdjustPointsResult => ({
    applied: false,
    delta: entry.delta,
    balance,
    entryId,
  });
  if (done) return retried(done, member.points?.balance ?? 0);
  const settings = await loadSettings(db);

  try {
    return await runTransaction(db, async (tx) => {
      const current = await txMember<MemberDoc>(tx, input.memberId);
      if (!current || current.status !== 'active') throw new AppError('MEMBER.NOT_FOUND');
      const balance = current.points?.balance ?? 0;
      const lots = input.delta < 0 ? await usableLots(db, input.memberId, now) : [];
      const decision = decideAdjustment({
        delta: input.delta,
        balance,
        lots: asLots(lots),
        now,
        settings,
      });
      if (decision.kind === 'insufficient')
        throw new AppError(
          'POINTS.INSUFFICIENT',
          `积分不足：该会员目前可扣减 ${decision.spendable} 积分`,
          {
            spendable: decision.spendable,
          },
        );
      const entry: LedgerDoc = {
        _id: entryId,
        memberId: input.memberId,
        kind: 'adjust',
        delta: input.delta,
        ref: opKey,
        at: now,
        title: ADJUSTMENT_TITLE,
        ...(decision.kind === 'debit' ? { lots: decision.takes } : {}),
      };
      await tx.collection('pointsLedger').add({ data: entry }); // first: a committed copy stops here
      if (decision.kind === 'credit') {
        const lot: PointLotDoc = {
          _id: lotIdFor(opKey),
          memberId: input.memberId,
          earned: decision.points,
          remaining: decision.points,
          expiresAt: decision.expiresAt,
          earnedAt: now,
          orderId: null,
          source: 'award',
          key: opKey,
          expired: 0,
          expiredAt: null,
        };
        await tx.collection('pointLots').add({ data: lot });
      }
      await tx
        .collection('members')
        .doc(input.memberId)
        .update({
          data: {
            'points.balance': _.inc(input.delta),
            ...(input.delta > 0 ? { 'points.lifetime': _.inc(input.delta) } : {}),
            updatedAt: now,
          },
        });
      if (decision.kind === 'debit') await writeTakes(tx, _, decision.takes);
      await tx.collection('auditLog').add({
        data: auditDoc(
          {
            actor: auditActor(staff),
            action: 'points.adjust',
            target: { kind: 'member', id: input.memberId },
            detail: {
              delta: input.delta,
              reason: input.reason,
              entryId,
              balance: balance + input.delta,
            },
            at: now,
            source: 'staff.adjustPoints',
          },
          entryId,
        ),
      });
      return { applied: true, delta: input.delta, balance: balance + input.delta, entryId };
    });
  } catch (e) {
    if (isDuplicateKeyError(e)) {
      // the same request, committed concurrently
      const [entry, after] = await Promise.all([
        getById<LedgerDoc>(db, 'pointsLedger', entryId),
        getById<MemberDoc>(db, 'members', input.memberId),
      ]);
      if (entry) return retried(entry, after?.points?.balance ?? 0);
    }
    if (isTransactionConflict(e)) throw new AppError('COMMON.CONFLICT');
    throw e;
  }
}
