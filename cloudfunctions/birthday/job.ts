/**
 * The birthday job: every member whose greeting is due gets
 * - this year's birthday coupon, through the one issuing path with issueKey
 *   `birthday:<memberId>:<year of the celebration>` (unique: issued once, ever), valid from
 *   now at least through the end of the birthday;
 * - the greeting, through `sendMemberMessage` with the same key (outbox: sent at most once,
 *   only with a credit).
 *
 * Who is due is a per-member field, not a date walked by the job: `birthdayDueAt`
 * (domain/birthdayGreeting.ts) is midnight of the next celebration not yet greeted, set
 * whenever a birthday is recorded (member/profile.ts, staff/birthday.ts) and moved to the
 * next year after each greeting. One indexed range query `birthdayDueAt <= horizon` finds
 * everyone due now — a birthday recorded after this morning's run, or celebrations missed
 * while timers did not run, included.
 *
 * Within a run members are walked in (birthdayDueAt, _id) order with a cursor, one at a
 * time, checking the deadline before each; a greeted member leaves the range, so the next
 * run of the trigger window (every 10 minutes, 09:00–10:50) resumes with whoever is left,
 * and a finished morning costs one query that finds nobody. A member whose message could
 * not be settled this run (another run holds it; a retryable failure) keeps its due value
 * and is tried again by the next run. Killed at any point, a re-run issues and sends
 * nothing twice: coupon and message are keyed, and the due value moves only afterwards.
 *
 * Greeting template (CRM_TEMPLATE_IDS.birthday), keywords: thing1 祝福语 (「张女士，生日快乐」),
 * thing2 生日礼 (「¥20 无门槛券已放入卡包」), date3 有效期至 (「2026年11月30日」).
 */
import { opKeys } from '../_shared/keys';
import { greetingHorizon, planBirthdayGreeting } from '@/domain/birthdayGreeting';
import { shanghaiParts } from '@/domain/calendar';
import { honorific } from '@/domain/masking';
import type { Settings } from '@/domain/settings';
import type { Ctx } from '../_shared/runtime';
import { loadSettings } from '../_shared/repos/settings';
import type { MemberDoc } from '../_shared/repos/members';
import { issueCoupon } from '../_shared/repos/coupons';
import { birthdayCouponSpec } from '../_shared/giftCoupons';
import { sendMemberMessage, type SendOutcome } from '../_shared/messaging';
import { logEvent } from '../_shared/log';
import { duePage, type DueCursor } from '../_shared/duePage';

export const BATCH = 100;
export const GREETING_PAGE = 'pages/card/index';

export type BirthdayRunResult = {
  /** members greeted this run (coupon and message settled) */
  members: number;
  /** of those, greeted after their configured day (recorded late, or runs were missed) */
  late: number;
  couponsIssued: number;
  messages: Record<SendOutcome['status'], number>;
  /** due values corrected (birthday changed, account closed) or moved past a celebration too old to greet */
  rescheduled: number;
  /** members left due for the next run (message busy or retryable, or an error) */
  retry: number;
  /** false when the deadline came first; the next run of the window resumes */
  complete: boolean;
};

type DueMember = Pick<MemberDoc, '_id' | 'birthday' | 'status' | 'name' | 'gender'> & {
  birthdayDueAt: number;
};

export async function runBirthdays(ctx: Ctx, deadline: number): Promise<BirthdayRunResult> {
  const { db, now } = ctx;
  const settings = await loadSettings(db);
  const result: BirthdayRunResult = {
    members: 0,
    late: 0,
    couponsIssued: 0,
    messages: { sent: 0, skipped: 0, failed: 0, duplicate: 0, busy: 0 },
    rescheduled: 0,
    retry: 0,
    complete: true,
  };
  if (!settings.birthday.enabled) return result;
  const horizon = greetingHorizon(now, settings.birthday.greetDaysBefore);

  let cursor: DueCursor | null = null;
  for (;;) {
    const members: DueMember[] = await duePage<DueMember>(db, 'members', {
      field: 'birthdayDueAt',
      upTo: horizon,
      after: cursor,
      projection: { birthday: true, birthdayDueAt: true, status: true, name: true, gender: true },
      limit: BATCH,
    });
    for (const member of members) {
      if (performance.now() > deadline) {
        result.complete = false;
        return result;
      }
      try {
        await handle(ctx, settings, member, result);
      } catch (e) {
        // one member's failure does not hold up the others; the next run tries again
        result.retry += 1;
        logEvent('birthday.failed', {
          memberId: member._id,
          error: String((e as Error)?.message ?? e),
        });
      }
      cursor = { at: member.birthdayDueAt, id: member._id };
    }
    if (members.length < BATCH) return result;
  }
}

async function handle(
  ctx: Ctx,
  settings: Settings,
  member: DueMember,
  result: BirthdayRunResult,
): Promise<void> {
  const decision = planBirthdayGreeting({
    birthday: member.birthday,
    dueAt: member.birthdayDueAt,
    active: member.status === 'active',
    greetDaysBefore: settings.birthday.greetDaysBefore,
    now: ctx.now,
  });
  if (decision.kind === 'wait') return;
  if (decision.kind !== 'greet') {
    const next = decision.nextDueAt;
    if (!(await moveDue(ctx, member, next))) return;
    result.rescheduled += 1;
    // the corrected date may be due already (a birthday corrected to tomorrow): greet now
    const horizon = greetingHorizon(ctx.now, settings.birthday.greetDaysBefore);
    if (next !== null && next <= horizon)
      await handle(ctx, settings, { ...member, birthdayDueAt: next }, result);
    return;
  }
  const key = opKeys.birthday(member._id, decision.year);
  const spec = birthdayCouponSpec(settings, ctx.now, member.birthdayDueAt);
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
  if (outcome.status === 'busy' || (outcome.status === 'failed' && outcome.retryable)) {
    result.retry += 1;
    return;
  }
  if (await moveDue(ctx, member, decision.nextDueAt)) {
    result.members += 1;
    if (decision.late) result.late += 1;
  }
}

/** Move the due value on, unless the birthday changed meanwhile (then its new value stands). */
async function moveDue(ctx: Ctx, member: DueMember, next: number | null): Promise<boolean> {
  const res = await ctx.db
    .collection('members')
    .where({ _id: member._id, birthdayDueAt: member.birthdayDueAt })
    .update({ data: { birthdayDueAt: next } });
  return res.stats.updated === 1;
}
