/**
 * Purchase credits (repos/points.ts): they only add, and each of their three writes is
 * idempotent on its own, so a retry, a concurrent duplicate or the reconciliation timer
 * can finish a credit that a crash left half-done.
 */
import type { Database, Doc } from '../db';
import { getById, isDuplicateKeyError } from '../db';
import { APPLIED_OPS_KEPT, creditState } from '../recoveryPlan';
import { ledgerIdFor, lotIdFor, type LedgerDoc, type PointLotDoc } from './pointDocs';

export type Credit = {
  memberId: string;
  /** unique per operation, e.g. `order:S001.R000123` or `award:profile:<memberId>` */
  opKey: string;
  points: number;
  at: number;
  expiresAt: number;
  source: PointLotDoc['source'];
  orderId: string | null;
  /** ledger `ref` and `title` */
  ref: string;
  title: string;
  storeId?: string;
  /**
   * More member fields to change in the same (guarded) update, as update operators with
   * dot paths, e.g. `{ 'stats.orderCount': _.inc(1), level: 'silver' }`.
   */
  memberUpdate?: Doc;
};

const insertOnce = async (db: Database, collection: string, doc: Doc): Promise<boolean> => {
  try {
    await db.collection(collection).add({ data: doc });
    return true;
  } catch (e) {
    if (isDuplicateKeyError(e)) return false;
    throw e;
  }
};

/**
 * Credit points (and any other member change) exactly once per `opKey`: first the member
 * update, guarded by the key not being in `appliedOps`, then the lot and the ledger entry
 * (derived ids, so inserting twice is a no-op) — 3 requests in 2 round trips. Because the
 * lot is written only after the member was credited, an existing lot PROVES the credit
 * happened, even after its key has left the member's last-50 `appliedOps`.
 *
 * `recovering` is for finishing an earlier attempt (a re-sent receipt, possibly months
 * later): given the member's `appliedOps` as read, the member update is made only when the
 * credit provably has not happened — its key is absent and either the list is not full
 * (nothing was evicted) or no lot exists. (A zero-point credit has no lot: with a full list
 * it is taken as done; at worst a crashed attempt's statistics stay missing, never doubled.)
 *
 * Answers whether THIS call changed the member (false: already applied, or the member is
 * not active).
 */
export async function creditPoints(
  db: Database,
  c: Credit,
  recovering?: { appliedOps: readonly string[] },
): Promise<boolean> {
  const _ = db.command;
  const { lot, entry } = creditDocs(c);
  const writeLotAndLedger = () =>
    c.points > 0
      ? Promise.all([insertOnce(db, 'pointLots', lot), insertOnce(db, 'pointsLedger', entry)])
      : Promise.resolve();

  if (recovering) {
    const seen = { appliedOps: recovering.appliedOps };
    let state = creditState(c, seen);
    if (state === 'unknown')
      state = creditState(c, {
        ...seen,
        lotExists: (await getById(db, 'pointLots', lot._id)) !== null,
      });
    if (state === 'applied') {
      await writeLotAndLedger();
      return false;
    }
  }
  const res = await db
    .collection('members')
    .where({ _id: c.memberId, status: 'active', appliedOps: _.neq(c.opKey) })
    .update({ data: memberCredit(_, c) });
  await writeLotAndLedger();
  return res.stats.updated === 1;
}

/** The lot and the earn ledger entry of a credit (ids derived from its key). */
export function creditDocs(c: Credit): { lot: PointLotDoc; entry: LedgerDoc } {
  const lot: PointLotDoc = {
    _id: lotIdFor(c.opKey),
    memberId: c.memberId,
    earned: c.points,
    remaining: c.points,
    expiresAt: c.expiresAt,
    earnedAt: c.at,
    orderId: c.orderId,
    source: c.source,
    key: c.opKey,
    expired: 0,
    expiredAt: null,
  };
  const entry: LedgerDoc = {
    _id: ledgerIdFor(c.opKey),
    memberId: c.memberId,
    kind: 'earn',
    delta: c.points,
    ref: c.ref,
    at: c.at,
    title: c.title,
  };
  if (c.storeId) entry.storeId = c.storeId;
  return { lot, entry };
}

/** The member side of a credit: balance, lifetime, the extra fields, the applied key. */
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export const memberCredit = (_: any, c: Credit): Doc => ({
  ...(c.points > 0
    ? { 'points.balance': _.inc(c.points), 'points.lifetime': _.inc(c.points) }
    : {}),
  ...c.memberUpdate,
  appliedOps: _.push({ each: [c.opKey], slice: -APPLIED_OPS_KEPT }),
  updatedAt: c.at,
});
