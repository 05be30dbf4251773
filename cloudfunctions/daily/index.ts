/**
 * Daily housekeeping, every 10 minutes from 02:00 to 04:50 Shanghai. Each night's progress
 * lives in `jobRuns/daily:<Shanghai date>`, one flag per step; a run does the steps not yet
 * done, each until it finishes or the deadline comes (checked before each member), and
 * saves the flags — so a run cut short (deadline, instance killed) is resumed by the next
 * run of the same night, and once every step is done the rest of the night's runs read
 * one document and stop. Every step is also safe to repeat:
 *  1. coupons past their validity become `expired` (one multi-document update);
 *  2. point lots past their expiry lose what remains of them (expiry.ts);
 *  3. members above 普通 are re-checked against their rolling 12-month spend once a month,
 *     and moved down (or up) with a notice (levels.ts);
 *  4. customers whose temporary owner's term ended (cross-store purchase, 30 days to the end
 *     of a Shanghai day) return to their original owner (_shared/ownership.ts
 *     returnExpiredTerms; an order in between is decided on the returned owner anyway);
 *  5. yesterday's daily rollups are recomputed from the orders and closed, today's opened
 *     (rollups.ts; the stores done are kept in `rollupStores`);
 *  6. campaign and automation response vs holdout is counted again for every start day whose
 *     attribution windows are not over (responses.ts; the days done are kept in
 *     `responseDates`).
 */
import { shanghaiDate } from '@/domain/calendar';
import { createTimer } from '../_shared/timer';
import { getById } from '../_shared/db';
import { loadSettings } from '../_shared/repos/settings';
import { expirePoints, type ExpiryReport } from './expiry';
import { checkLevels, type LevelReport } from './levels';
import { returnExpiredTerms } from '../_shared/ownership';
import { closeRollups, type RollupReport } from './rollups';
import { rollResponses, type ResponseReport } from './responses';

type Step = 'coupons' | 'points' | 'levels' | 'owners' | 'rollups' | 'responses';
type NightDoc = {
  _id: string;
  job: 'daily';
  date: string;
  done: Record<Step, boolean>;
  rollupStores?: string[];
  responseDates?: string[];
  runs: number;
  updatedAt: number;
};

export type DailyResult = {
  date: string;
  /** true when this night's work was already finished before this run */
  alreadyDone: boolean;
  couponsExpired: number;
  points: ExpiryReport;
  levels: LevelReport;
  owners: { returned: number; read: number; more: boolean };
  rollups: RollupReport;
  responses: ResponseReport;
  /** every step of the night is finished */
  done: boolean;
};

export const main = createTimer('daily', async (ctx, { deadline }): Promise<DailyResult> => {
  const { db, now } = ctx;
  const _ = db.command;
  const date = shanghaiDate(now);
  const id = `daily:${date}`;
  const fresh: Record<Step, boolean> = {
    coupons: false,
    points: false,
    levels: false,
    owners: false,
    rollups: false,
    responses: false,
  };
  const stored = await getById<NightDoc>(db, 'jobRuns', id);
  const night = stored
    ? { ...stored, done: { ...fresh, ...stored.done } }
    : { _id: id, job: 'daily' as const, date, done: fresh, runs: 0, updatedAt: now };
  const result: DailyResult = {
    date,
    alreadyDone: Object.values(night.done).every(Boolean),
    couponsExpired: 0,
    points: { members: 0, lots: 0, points: 0, failed: 0, more: false },
    levels: { checked: 0, changed: 0, resent: 0, more: false },
    owners: { returned: 0, read: 0, more: false },
    rollups: { date: '', stores: 0, orders: 0, more: false },
    responses: { days: 0, runs: 0, more: false },
    done: false,
  };
  if (result.alreadyDone) return { ...result, done: true };

  if (!night.done.coupons) {
    const expired = await db
      .collection('coupons')
      .where({ status: 'unused', validUntil: _.lt(now) })
      .update({ data: { status: 'expired', expiredAt: now } });
    result.couponsExpired = expired.stats.updated;
    night.done.coupons = true;
  }
  if (!night.done.points && performance.now() < deadline) {
    result.points = await expirePoints(ctx, deadline);
    night.done.points = !result.points.more;
  }
  if (night.done.points && !night.done.levels && performance.now() < deadline) {
    result.levels = await checkLevels(ctx, await loadSettings(db), deadline);
    night.done.levels = !result.levels.more;
  }
  if (!night.done.owners && performance.now() < deadline) {
    result.owners = await returnExpiredTerms(ctx, deadline);
    night.done.owners = !result.owners.more;
  }
  if (!night.done.rollups && performance.now() < deadline) {
    const { doneStores, ...report } = await closeRollups(ctx, night.rollupStores ?? [], deadline);
    result.rollups = report;
    night.rollupStores = doneStores;
    night.done.rollups = !report.more;
  }
  if (!night.done.responses && performance.now() < deadline) {
    const { doneDates, ...report } = await rollResponses(ctx, night.responseDates ?? [], deadline);
    result.responses = report;
    night.responseDates = doneDates;
    night.done.responses = !report.more;
  }
  result.done = Object.values(night.done).every(Boolean);
  const { _id, ...progress } = night;
  await db
    .collection('jobRuns')
    .doc(_id)
    .set({ data: { ...progress, runs: night.runs + 1, updatedAt: now } });
  return result;
});
