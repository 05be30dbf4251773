/**
 * Member changes that ride along in the same update as the points: statistics as atomic
 * operators, and level changes with the notice the member sees.
 *
 * Statistics: domain `orderStatsDelta` / `refundStatsDelta` mapped to `_.inc / _.min /
 * _.max / _.addToSet / _.push({each, sort, slice}) / _.pull` under `stats.`, so no
 * read-modify-write is needed. Two things the operators cannot say are decided from the
 * member as read (harmless if stale):
 * - `firstOrderAt` starts as null and MongoDB orders null below every number, so `$min`
 *   would keep the null: the first order `$set`s it;
 * - month buckets older than the 13 kept are removed (`_.remove()`), as `applyStatsDelta`
 *   prunes them.
 *
 * The card's `recentPurchases`: a refund rewrites its entry (status, refunded amount) from
 * the member as its transaction read it (a concurrent write conflicts and is retried).
 *
 * Level changes are recorded on the member (`level`, `levelChangedAt`, and a notice in
 * `notices`, the last 20, which the app shows) in the same update; the subscribe message
 * («会员等级变更») is sent afterwards through the outbox (`sendMemberMessage`), credit
 * permitting, and its failure never fails the purchase, refund or timer run.
 */
import { LEVEL_NAMES, type LevelDecision } from '@/domain/levels';
import type { MemberStats, StatsDelta } from '@/domain/memberStats';
import { pruneSpendByMonth } from '@/domain/spendByMonth';
import { withRefund, type RecentPurchase } from '@/domain/recentPurchases';
import { shanghaiDate } from '@/domain/calendar';
import type { Ctx } from './runtime';
import type { Doc } from './db';
import { logEvent } from './log';
import { sendMemberMessage } from './messaging';

// eslint-disable-next-line @typescript-eslint/no-explicit-any
type Command = any;

/** Update operators (dot paths under `stats.`) for a stats delta. */
export function statsUpdate(
  _: Command,
  delta: StatsDelta,
  current: Partial<MemberStats> | undefined,
  now: number,
): Doc {
  const out: Doc = {};
  const at = (path: string) => `stats.${path}`;
  for (const [path, amount] of Object.entries(delta.inc))
    if (amount !== 0) out[at(path)] = _.inc(amount);
  if (delta.min.firstOrderAt !== undefined) {
    out[at('firstOrderAt')] =
      current?.firstOrderAt == null ? delta.min.firstOrderAt : _.min(delta.min.firstOrderAt);
  }
  if (delta.max.lastOrderAt !== undefined) out[at('lastOrderAt')] = _.max(delta.max.lastOrderAt);
  if (delta.addToSet.storesVisited !== undefined)
    out[at('storesVisited')] = _.addToSet(delta.addToSet.storesVisited);
  const push = delta.push.recentOrderAts;
  if (push)
    out[at('recentOrderAts')] = _.push({ each: push.each, sort: push.sort, slice: push.slice });
  if (delta.pull.recentOrderAts !== undefined)
    out[at('recentOrderAts')] = _.pull(delta.pull.recentOrderAts);
  const months = current?.spendByMonth ?? {};
  const kept = pruneSpendByMonth(months, now);
  for (const month of Object.keys(months)) {
    const path = at(`spendByMonth.${month}`);
    if (!(month in kept) && !(path in out)) out[path] = _.remove();
  }
  return out;
}

/** The member's `recentPurchases` after a refund of `orderId` (nothing when not listed). */
export function recentPurchasesAfterRefund(
  _: Command,
  list: readonly RecentPurchase[] | undefined,
  orderId: string,
  status: RecentPurchase['status'],
  totalRefundedFen: number,
): Doc {
  const after = withRefund(list, orderId, { status, refundedFen: totalRefundedFen });
  return after ? { recentPurchases: _.set(after) } : {};
}

export type MemberNotice = {
  id: string;
  kind: 'levelChanged';
  text: string;
  from: string;
  to: string;
  at: number;
  read: boolean;
};

export const NOTICES_KEPT = 20;

/** The member fields a level change sets (nothing for `none`). */
export function levelUpdate(
  _: Command,
  decision: LevelDecision,
  noticeId: string,
  at: number,
): Doc {
  if (decision.kind !== 'levelChanged') return {};
  const notice: MemberNotice = {
    id: noticeId,
    kind: 'levelChanged',
    text: decision.notice,
    from: decision.from,
    to: decision.to,
    at,
    read: false,
  };
  return {
    level: decision.to,
    levelChangedAt: at,
    notices: _.push({ each: [notice], slice: -NOTICES_KEPT }),
  };
}

/** Send the level-change subscribe message once per `key` (never throws). */
export async function sendLevelMessage(
  ctx: Ctx,
  memberId: string,
  decision: LevelDecision,
  key: string,
): Promise<void> {
  if (decision.kind !== 'levelChanged') return;
  try {
    const outcome = await sendMemberMessage(ctx, {
      memberId,
      purpose: 'levelChanged',
      key,
      page: 'pages/card/index',
      data: {
        phrase1: LEVEL_NAMES[decision.to],
        thing2: decision.notice,
        date3: shanghaiDate(ctx.now),
      },
    });
    logEvent('level.notified', { memberId, to: decision.to, outcome: outcome.status });
  } catch (e) {
    logEvent('level.notify_failed', { memberId, key, error: String((e as Error)?.message ?? e) });
  }
}
