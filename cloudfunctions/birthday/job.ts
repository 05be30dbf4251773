/**
 * The daily birthday job.
 *
 * For each Shanghai date from today to today + `greetDaysBefore` (the celebration dates
 * whose greeting is due or overdue), members are found by the indexed `birthdayKey`
 * (`birthdayKeysFor`: on 28 Feb of a non-leap year also '02-29') and each gets
 * - this year's birthday coupon, through the one issuing path with issueKey
 *   `birthday:<memberId>:<year of the birthday>` (unique: issued once, ever), valid from now
 *   at least through the end of the birthday;
 * - the greeting, through `sendMemberMessage` with the same key (outbox: sent at most once,
 *   only with a credit).
 * Dates before the target are normally finished by earlier runs; they are looked at again
 * only when their run did not finish (a missed or cut-short day), so nobody is skipped.
 *
 * Progress per date lives in `jobRuns/birthday:<date>` ({ cursor, done }): members are
 * walked in `_id` order in bounded batches, the cursor saved after each, and a run stops
 * before the function timeout; the next run resumes. Re-running is safe at every point:
 * coupon and message are both keyed.
 *
 * Greeting template (CRM_TEMPLATE_IDS.birthday), keywords: thing1 祝福语 (「张女士，生日快乐」),
 * thing2 生日礼 (「¥20 无门槛券已放入卡包」), date3 有效期至 (「2026年11月30日」).
 */
import { birthdayKeysFor, celebrationDate } from '@/domain/birthday';
import { addShanghaiDays, parseShanghaiDate, shanghaiDate, shanghaiParts } from '@/domain/calendar';
import { honorific } from '@/domain/masking';
import type { Settings } from '@/domain/settings';
import type { Ctx } from '../_shared/runtime';
import { loadSettings } from '../_shared/repos/settings';
import type { MemberDoc } from '../_shared/repos/members';
import { issueCoupon } from '../_shared/repos/coupons';
import { birthdayCouponSpec } from '../_shared/giftCoupons';
import { sendMemberMessage, type SendOutcome } from '../_shared/messaging';

export const BATCH = 100;
/** members greeted at once within a batch */
const PARALLEL = 8;
/** stop starting batches after this long (the function timeout is 60 s) */
export const TIME_BUDGET_MS = 40_000;
export const GREETING_PAGE = 'pages/card/index';

type JobRunDoc = {
  _id: string;
  job: 'birthday';
  date: string;
  cursor: string;
  done: boolean;
  greeted: number;
  updatedAt: number;
};

export type BirthdayRunResult = {
  dates: string[];
  members: number;
  couponsIssued: number;
  messages: Record<SendOutcome['status'], number>;
  /** false when the time budget ran out; the next run resumes */
  complete: boolean;
};

export async function runBirthdays(
  ctx: Ctx,
  clock: () => number = Date.now,
): Promise<BirthdayRunResult> {
  const { db, now } = ctx;
  const _ = db.command;
  const started = clock();
  const settings = await loadSettings(db);
  const result: BirthdayRunResult = {
    dates: [],
    members: 0,
    couponsIssued: 0,
    messages: { sent: 0, skipped: 0, failed: 0, duplicate: 0, busy: 0 },
    complete: true,
  };
  if (!settings.birthday.enabled) return result;

  const dates = Array.from({ length: settings.birthday.greetDaysBefore + 1 }, (_x, d) =>
    shanghaiDate(addShanghaiDays(now, d)),
  );
  const runs = await db
    .collection('jobRuns')
    .where({ _id: _.in(dates.map(runId)) })
    .limit(dates.length)
    .get()
    .then((r) => new Map((r.data as JobRunDoc[]).map((j) => [j._id, j])));

  for (const date of dates) {
    const run = runs.get(runId(date));
    if (run?.done) continue;
    // an earlier date with no run at all was a day this job did not cover (first deploy,
    // settings changed): greet those members now rather than never
    result.dates.push(date);
    let cursor = run?.cursor ?? '';
    let greeted = run?.greeted ?? 0;
    for (;;) {
      if (clock() - started > TIME_BUDGET_MS) {
        result.complete = false;
        return result;
      }
      const filter: Record<string, unknown> = {
        birthdayKey: _.in(birthdayKeysFor(date)),
        status: 'active',
      };
      if (cursor) filter._id = _.gt(cursor);
      const members = (
        await db.collection('members').where(filter).orderBy('_id', 'asc').limit(BATCH).get()
      ).data as MemberDoc[];
      for (let i = 0; i < members.length; i += PARALLEL) {
        await Promise.all(
          members.slice(i, i + PARALLEL).map((m) => greet(ctx, settings, m, date, result)),
        );
      }
      greeted += members.length;
      if (members.length > 0) cursor = members[members.length - 1]._id;
      const done = members.length < BATCH;
      await db
        .collection('jobRuns')
        .doc(runId(date))
        .set({ data: { job: 'birthday', date, cursor, done, greeted, updatedAt: now } });
      if (done) break;
    }
  }
  return result;
}

const runId = (date: string) => `birthday:${date}`;

async function greet(
  ctx: Ctx,
  settings: Settings,
  member: MemberDoc,
  date: string,
  result: BirthdayRunResult,
): Promise<void> {
  if (!member.birthday) return;
  const celebration = parseShanghaiDate(date);
  const year = shanghaiParts(celebration).year;
  // the key matched; make sure the stored birthday really is celebrated on this date
  if (celebrationDate(member.birthday, year) !== date) return;
  result.members += 1;
  const key = `birthday:${member._id}:${year}`;
  const spec = birthdayCouponSpec(settings, ctx.now, celebration);
  const coupon = await issueCoupon(ctx.db, ctx.ids, {
    memberId: member._id,
    issueKey: key,
    spec,
    now: ctx.now,
  });
  if (coupon) result.couponsIssued += 1;
  const until = shanghaiParts((coupon ?? spec).validUntil);
  const outcome = await sendMemberMessage(ctx, {
    memberId: member._id,
    purpose: 'birthday',
    key,
    page: GREETING_PAGE,
    data: {
      thing1: `${honorific(member.name, member.gender)}，生日快乐`,
      thing2: `${spec.title}已放入卡包`,
      date3: `${until.year}年${until.month}月${until.day}日`,
    },
  });
  result.messages[outcome.status] += 1;
}
