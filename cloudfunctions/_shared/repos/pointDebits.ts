/**
 * Debits (repos/points.ts): spending, refund reversals and expiry take from several lots and
 * the balance together, inside one transaction; these are the pieces they share.
 */
import type { Database, Transaction } from '../db';
import type { PointLotDoc } from './pointDocs';

/**
 * The member's spendable lots, soonest-expiring first. Called INSIDE a debit transaction,
 * after it started: the query itself is a plain read (CloudBase transactions read single
 * documents only), but every lot the transaction then writes conflicts if anyone changed it
 * since the start, so a plan made from a newer read can never be applied to a changed lot.
 */
export async function usableLots(
  db: Database,
  memberId: string,
  now: number,
): Promise<PointLotDoc[]> {
  const _ = db.command;
  const res = await db
    .collection('pointLots')
    .where({ memberId, remaining: _.gt(0), expiresAt: _.gte(now) })
    .orderBy('expiresAt', 'asc')
    .limit(1000)
    .get();
  return res.data as PointLotDoc[];
}

/** `domain/points` lots from documents. */
export const asLots = (docs: PointLotDoc[]) =>
  docs.map((d) => ({ id: d._id, remaining: d.remaining, expiresAt: d.expiresAt }));

/**
 * Write a spend plan's lot takes inside a transaction, one after the other (MongoDB runs
 * no parallel operations in one transaction).
 */
export async function writeTakes(
  tx: Transaction,
  command: Database['command'],
  takes: { lotId: string; points: number }[],
): Promise<void> {
  for (const t of takes) {
    await tx
      .collection('pointLots')
      .doc(t.lotId)
      .update({ data: { remaining: command.inc(-t.points) } });
  }
}

/** The member document as the transaction sees it. */
export async function txMember<T>(tx: Transaction, memberId: string): Promise<T | null> {
  const res = await tx.collection('members').doc(memberId).get();
  return (res.data as T | undefined) ?? null;
}
