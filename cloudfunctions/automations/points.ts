/**
 * Points-change automations (`pointsChanged`: 积分变动提醒): new points-ledger entries —
 * purchases, refunds, mall redemptions, expiry, awards — walked by _shared/orderScan.ts
 * `scanNewEntries` (index `pointsLedger.time`, cursor `jobRuns/automationPoints`, 90 s behind
 * the clock). The occurrence is the Shanghai day of the change, so a member is told at most
 * once a day (the run key `pointsChanged:<member>:<day>`), of the day's first change: the
 * ledger line, the signed change and the balance when read (domain/automations/messageData.ts).
 * The holdout and quiet hours are the automation's (planStep); a member's later changes that
 * day are a duplicate run key (none at all within one invocation). A credit completed late by
 * the reconciliation timer keeps its order's time and is not announced.
 */
import { shanghaiDate } from '@/domain/calendar';
import type { Automation } from '@/domain/automations/definitions';
import { runKeyOf } from '@/domain/automations/plan';
import type { Ctx } from '../_shared/runtime';
import { LEDGER_SETTLE_MS, scanNewEntries } from '../_shared/orderScan';
import { startRun } from './apply';
import { membersById, zero, type AutomationCounts, type Candidate } from './members';

export const POINTS_ID = 'automationPoints';

type LedgerFacts = { _id: string; memberId: string; delta: number; title?: string; at: number };

export async function runPointsChanges(
  ctx: Ctx,
  automations: Automation[],
  deadline: number,
  counts: Record<string, AutomationCounts>,
): Promise<boolean> {
  const list = automations.filter((a) => a.trigger.kind === 'pointsChanged');
  const told = new Set<string>();
  const { complete } = await scanNewEntries<LedgerFacts, Map<string, Candidate>>(ctx, {
    collection: 'pointsLedger',
    timeField: 'at',
    settleMs: LEDGER_SETTLE_MS,
    cursorId: POINTS_ID,
    fields: { memberId: true, delta: true, title: true },
    batch: ctx.config.tagJobBatch,
    deadline,
    skip: list.length === 0, // switched off: move on
    prepare: (entries) =>
      membersById(
        ctx,
        entries.map((e) => e.memberId),
      ),
    handle: async (entry, members) => {
      const member = members.get(entry.memberId);
      if (!member || !entry.delta) return;
      const day = shanghaiDate(entry.at);
      for (const a of list) {
        const runKey = runKeyOf(a.key, member._id, day);
        if (told.has(runKey)) continue;
        told.add(runKey);
        const c = (counts[a.key] ??= zero());
        c.found += 1;
        const outcome = await startRun(ctx, a, member, {
          id: day,
          at: entry.at,
          facts: {
            kind: 'points',
            delta: entry.delta,
            balance: member.points?.balance ?? 0,
            reason: entry.title ?? '',
            at: entry.at,
          },
        });
        c[outcome] += 1;
        if (outcome !== 'skipped')
          member.automationLastRun = { ...member.automationLastRun, [a.key]: ctx.now };
      }
    },
  });
  return complete;
}
