/** The member's points history (the ledger, newest first) and what expires soonest. */
import type { PointsEntryView } from '@/contracts/mall';
import { DAY_MS } from '@/domain/calendar';
import type { Ctx } from '../_shared/runtime';
import { requireMember } from '../_shared/repos/members';
import { usableLots, type LedgerDoc } from '../_shared/repos/points';
import { storeNames } from '../_shared/repos/stores';

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
  const names = await storeNames(
    db,
    entries.map((e) => e.storeId ?? ''),
  );
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
    })),
    hasMore: page.length > input.limit,
    balance: member.points?.balance ?? 0,
    expiringSoon,
  };
}
