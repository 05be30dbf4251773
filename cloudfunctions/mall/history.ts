/** The member's points history (the ledger, newest first) and what expires soonest. */
import type { PointsEntryView } from '@/contracts/mall';
import { DAY_MS } from '@/domain/calendar';
import { pickupStatus, type PickupStatus } from '@/domain/pickups';
import type { Ctx } from '../_shared/runtime';
import { requireMember } from '../_shared/repos/members';
import { usableLots, type LedgerDoc } from '../_shared/repos/points';
import { storeNames } from '../_shared/repos/stores';
import type { RedemptionDoc } from '../_shared/repos/rewards';
import type { Database } from '../_shared/db';
import { opKeys } from '../_shared/keys';

/** the ledger ref of a mall redemption: `mall:<redemptionId>` */
const MALL_REF = opKeys.mall('');

/** The pickup state of the gifts among these entries' redemptions (one request, when any). */
async function pickupsOf(db: Database, entries: LedgerDoc[]): Promise<Map<string, PickupStatus>> {
  const ids = entries
    .filter((e) => e.kind === 'spend' && e.ref?.startsWith(MALL_REF))
    .map((e) => e.ref.slice(MALL_REF.length));
  if (!ids.length) return new Map();
  const docs = (
    await db
      .collection('redemptions')
      .where({ _id: db.command.in(ids) })
      .field({ kind: true, status: true, collectedAt: true })
      .limit(ids.length)
      .get()
  ).data as RedemptionDoc[];
  const out = new Map<string, PickupStatus>();
  for (const r of docs) {
    const status = pickupStatus(r);
    if (status) out.set(opKeys.mall(r._id), status);
  }
  return out;
}

/** Lots expiring within this many days are announced as 「即将过期」. */
export const EXPIRING_SOON_DAYS = 90;

const FALLBACK_TITLES: Record<LedgerDoc['kind'], string> = {
  earn: '消费得积分',
  spend: '积分兑换',
  expire: '积分过期',
  reverse: '退款扣回积分',
  adjust: '积分调整',
};

export function entryTitle(e: LedgerDoc, names: Map<string, string>): string {
  if (e.storeId && (e.kind === 'earn' || e.kind === 'reverse')) {
    const store = names.get(e.storeId) ?? '';
    return e.kind === 'earn' ? `${store}消费` : `${store}退款`;
  }
  return e.title ?? FALLBACK_TITLES[e.kind];
}

export async function pointsHistory(
  ctx: Ctx,
  input: { before?: number; limit: number },
): Promise<{
  entries: PointsEntryView[];
  hasMore: boolean;
  balance: number;
  expiringSoon: { points: number; at: number } | null;
}> {
  const { db, now } = ctx;
  const _ = db.command;
  const member = await requireMember(db, ctx.identity.openid);
  const filter =
    input.before === undefined
      ? { memberId: member._id }
      : { memberId: member._id, at: _.lt(input.before) };
  const [page, lots] = await Promise.all([
    db
      .collection('pointsLedger')
      .where(filter)
      .orderBy('at', 'desc')
      .limit(input.limit + 1)
      .get()
      .then((r) => r.data as LedgerDoc[]),
    usableLots(db, member._id, now),
  ]);
  const entries = page.slice(0, input.limit);
  const [names, pickups] = await Promise.all([
    storeNames(
      db,
      entries.map((e) => e.storeId ?? ''),
    ),
    pickupsOf(db, entries),
  ]);
  const soonest = lots[0];
  const expiringSoon =
    soonest && soonest.expiresAt - now <= EXPIRING_SOON_DAYS * DAY_MS
      ? {
          at: soonest.expiresAt,
          points: lots
            .filter((l) => l.expiresAt === soonest.expiresAt)
            .reduce((s, l) => s + l.remaining, 0),
        }
      : null;
  return {
    entries: entries.map((e) => ({
      id: e._id,
      kind: e.kind,
      delta: e.delta,
      title: entryTitle(e, names),
      at: e.at,
      pickup: pickups.get(e.ref) ?? null,
    })),
    hasMore: page.length > input.limit,
    balance: member.points?.balance ?? 0,
    expiringSoon,
  };
}
