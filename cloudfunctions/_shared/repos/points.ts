/**
 * Points on the books: lots, the ledger and the member's balance.
 *
 *   pointLots      one document per earning (an order, a profile award…): `earned`,
 *                  `remaining`, `expiresAt`. Spending and refunds lower `remaining`; the
 *                  daily timer expires what is left of a lot past its `expiresAt`.
 *   pointsLedger   append-only: one entry per change (earn / spend / expire / reverse /
 *                  adjust) with a signed `delta`; never updated. The points history reads it.
 *   members        `points.balance` (spendable) and `points.lifetime` (ever earned), moved
 *                  only by `_.inc` in the same step as the lots they mirror.
 *
 * Invariant: balance = Σ remaining of the member's unexpired lots = earned − spent − expired
 * − reversed ≥ 0 (domain/points.ts).
 *
 * Two kinds of writes keep it:
 * - PURCHASE CREDITS (`creditPoints`) only add. Each of the three writes is idempotent on
 *   its own — the lot and the ledger entry have ids derived from the operation key (a
 *   second insert is a duplicate key), and the member update is conditional on the key not
 *   being in the member's `appliedOps` (the last 50 keys, pushed in the same update) — so a
 *   retry or a concurrent duplicate re-runs them safely, and a crash between them is
 *   completed by the retry or by the reconciliation timer, which finds the order (written
 *   first) and finishes it (recoveryPlan.ts). The lot is written after the member update, so
 *   a lot proves the credit even once its key has left `appliedOps`.
 * - AWARDS (`awardPoints`: profile completion, campaigns) have no order to witness them, so
 *   lot, ledger entry and balance are written in ONE transaction: all or nothing.
 * - DEBITS (spending, refund reversals, expiry) take from several lots and the balance
 *   together and must never half-happen, so they run in one transaction (`runTransaction`)
 *   that reads the member and the lots it takes from: a concurrent debit of the same member
 *   conflicts and is retried, and the balance can never go below zero.
 */
import type { Ctx } from '../runtime';
import type { Database, Doc, Transaction } from '../db';
import { getById, isDuplicateKeyError, runTransaction } from '../db';
import { lotExpiresAt } from '@/domain/points';
import { APPLIED_OPS_KEPT, creditState } from '../recoveryPlan';
import { loadSettings } from './settings';

export type PointLotDoc = {
  _id: string;
  memberId: string;
  /** points credited by this lot */
  earned: number;
  /** points still spendable (0 once spent, reversed or expired) */
  remaining: number;
  expiresAt: number;
  earnedAt: number;
  /** the order that earned it, null for awards */
  orderId: string | null;
  source: 'order' | 'award';
  /** the operation key that created it (`order:<orderId>`, `award:profile:<memberId>`) */
  key?: string;
  /** points of this lot removed by the expiry timer */
  expired?: number;
  expiredAt?: number | null;
};

export type LedgerKind = 'earn' | 'spend' | 'expire' | 'reverse' | 'adjust';

export type LedgerDoc = {
  _id: string;
  memberId: string;
  kind: LedgerKind;
  /** signed: + earn/adjust, − spend/expire/reverse */
  delta: number;
  /** what caused it: an order id, `mall:<redemptionId>`, `refund:<refundId>`, `expire:<run>`… */
  ref: string;
  at: number;
  /** Chinese line for the points history (「南京西路店消费」「兑换 ¥20 券」「积分过期」) */
  title?: string;
  /** the store of the order that earned or refunded them */
  storeId?: string;
  /** lots debited: where the points came from */
  lots?: { lotId: string; points: number }[];
  /** refunds: points due back that were already spent and written off */
  unrecoverable?: number;
};

export { APPLIED_OPS_KEPT };

export const lotIdFor = (opKey: string) => `lot:${opKey}`;
export const ledgerIdFor = (opKey: string) => `led:${opKey}`;

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
function creditDocs(c: Credit): { lot: PointLotDoc; entry: LedgerDoc } {
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
const memberCredit = (_: any, c: Credit): Doc => ({
  ...(c.points > 0
    ? { 'points.balance': _.inc(c.points), 'points.lifetime': _.inc(c.points) }
    : {}),
  ...c.memberUpdate,
  appliedOps: _.push({ each: [c.opKey], slice: -APPLIED_OPS_KEPT }),
  updatedAt: c.at,
});

/**
 * A credit with no order to witness it, all or nothing: one transaction reads the member
 * (active, key not applied) and writes the lot (a duplicate id aborts: already credited),
 * the ledger entry and the member, in turn. Requests: start, 1 read, 3 writes, commit.
 */
async function creditAtomically(db: Database, c: Credit): Promise<boolean> {
  const _ = db.command;
  const { lot, entry } = creditDocs(c);
  try {
    return await runTransaction(db, async (tx) => {
      const member = await txMember<{ status?: string; appliedOps?: string[] }>(tx, c.memberId);
      if (!member || member.status !== 'active') return false;
      if (creditState(c, { appliedOps: member.appliedOps ?? [] }) === 'applied') return false;
      await tx.collection('pointLots').add({ data: lot }); // a duplicate stops here
      await tx.collection('pointsLedger').add({ data: entry });
      await tx
        .collection('members')
        .doc(c.memberId)
        .update({ data: memberCredit(_, c) });
      return true;
    });
  } catch (e) {
    if (isDuplicateKeyError(e)) return false;
    throw e;
  }
}

export type AwardReason = 'profile' | 'campaign' | 'adjust';

const AWARD_TITLES: Record<AwardReason, string> = {
  profile: '完善资料奖励',
  campaign: '活动奖励',
  adjust: '积分调整',
};

/**
 * Award points outside a purchase (profile completion, campaigns), once per `key`: a
 * retried or concurrent award with the same key credits nothing more. The lot expires like
 * any other (end of the year after, by settings). `awarded` is true for the call that
 * credited the member.
 * @example await awardPoints(ctx, { memberId, points: 50, reason: 'profile', key: `profile:${memberId}` }) // { awarded: true, points: 50 }
 */
export async function awardPoints(
  ctx: Ctx,
  args: { memberId: string; points: number; reason: AwardReason; key: string },
): Promise<{ awarded: boolean; points: number }> {
  if (!Number.isSafeInteger(args.points) || args.points <= 0)
    throw new Error(`awardPoints: points must be a positive integer: ${args.points}`);
  if (!args.memberId || !args.key) throw new Error('awardPoints: memberId and key are required');
  const settings = await loadSettings(ctx.db);
  const opKey = `award:${args.key}`;
  const awarded = await creditAtomically(ctx.db, {
    memberId: args.memberId,
    opKey,
    points: args.points,
    at: ctx.now,
    expiresAt: lotExpiresAt(ctx.now, settings),
    source: 'award',
    orderId: null,
    ref: opKey,
    title: AWARD_TITLES[args.reason],
  });
  return { awarded, points: awarded ? args.points : 0 };
}

// ---------------------------------------------------------------- debits (in transactions)

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
