/**
 * The daily level check. Levels follow the rolling 12-month spend, which is kept in
 * monthly buckets and so only falls when a month rolls over (refunds re-check at once,
 * purchases only raise it). Each member above 普通 is therefore checked once per Shanghai
 * month (`levelCheckedMonth`), in batches, the deadline checked before each member; the
 * first runs of a month do the work (a run cut short leaves the rest to the next run of the
 * night window), later runs find nothing. A change is a conditional update
 * (`where({level: as read})`), recorded with an in-app notice, and the member gets the
 * subscribe message when they hold a credit for it. The same update records the message as
 * owed (`levelMessage`), cleared once it was handled: a run killed between the two leaves
 * it, and the next run sends it first (the message is keyed, so never twice).
 */
import { planLevelChange, type LevelDecision } from '@/domain/levels';
import { shanghaiMonth } from '@/domain/calendar';
import { rollingSpend } from '@/domain/spendByMonth';
import type { Settings } from '@/domain/settings';
import type { Ctx } from '../_shared/runtime';
import { levelUpdate, sendLevelMessage } from '../_shared/memberUpdates';
import type { MemberDoc } from '../_shared/repos/members';

const BATCH = 100;

export type LevelReport = {
  checked: number;
  changed: number;
  /** messages owed by an earlier run that stopped before sending them */
  resent: number;
  more: boolean;
};

type OwedMessage = { key: string; decision: Extract<LevelDecision, { kind: 'levelChanged' }> };

export async function checkLevels(
  ctx: Ctx,
  settings: Settings,
  deadline: number,
): Promise<LevelReport> {
  const { db, now } = ctx;
  const _ = db.command;
  const month = shanghaiMonth(now);
  const report: LevelReport = { checked: 0, changed: 0, resent: 0, more: false };
  if (!(await sendOwedMessages(ctx, deadline, report))) return { ...report, more: true };
  for (;;) {
    const batch = (
      await db
        .collection('members')
        .where({
          level: _.in(['silver', 'gold']),
          status: 'active',
          levelCheckedMonth: _.neq(month),
        })
        .field({ level: true, 'stats.spendByMonth': true })
        .limit(BATCH)
        .get()
    ).data as Pick<MemberDoc, '_id' | 'level' | 'stats'>[];
    if (batch.length === 0) break;
    const unchanged: string[] = [];
    for (const m of batch) {
      if (performance.now() > deadline) {
        report.more = true;
        break;
      }
      report.checked++;
      const decision = planLevelChange(
        m.level,
        rollingSpend(m.stats?.spendByMonth ?? {}, now),
        settings,
      );
      if (decision.kind === 'none') {
        unchanged.push(m._id);
        continue;
      }
      const owed: OwedMessage = { key: `level:${m._id}:${month}:${decision.to}`, decision };
      const res = await db
        .collection('members')
        .where({ _id: m._id, level: m.level })
        .update({
          data: {
            ...levelUpdate(_, decision, `level:${month}`, now),
            levelCheckedMonth: month,
            levelMessage: _.set(owed),
            updatedAt: now,
          },
        });
      if (res.stats.updated !== 1) continue; // changed meanwhile: the next batch reads it again
      report.changed++;
      await settle(ctx, m._id, owed);
    }
    // members found unchanged are marked checked (also when the deadline cut the batch short)
    if (unchanged.length)
      await db
        .collection('members')
        .where({ _id: _.in(unchanged) })
        .update({ data: { levelCheckedMonth: month } });
    if (report.more) break;
  }
  return report;
}

/** Send the level messages earlier runs recorded as owed; false when the deadline came first. */
async function sendOwedMessages(ctx: Ctx, deadline: number, report: LevelReport): Promise<boolean> {
  const _ = ctx.db.command;
  for (;;) {
    const owed = (
      await ctx.db
        .collection('members')
        .where({ 'levelMessage.key': _.gt('') })
        .field({ levelMessage: true })
        .limit(BATCH)
        .get()
    ).data as { _id: string; levelMessage: OwedMessage }[];
    for (const m of owed) {
      if (performance.now() > deadline) return false;
      await settle(ctx, m._id, m.levelMessage);
      report.resent++;
    }
    if (owed.length < BATCH) return true;
  }
}

/** Send an owed level message (keyed: at most once), then clear it. */
async function settle(ctx: Ctx, memberId: string, owed: OwedMessage): Promise<void> {
  await sendLevelMessage(ctx, memberId, owed.decision, owed.key);
  await ctx.db
    .collection('members')
    .where({ _id: memberId, 'levelMessage.key': owed.key })
    .update({ data: { levelMessage: ctx.db.command.remove() } });
}
