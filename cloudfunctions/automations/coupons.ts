/**
 * The coupon-expiry reminder (`couponExpiring` automations): unused coupons whose validity
 * ends in the window (domain/automations/windows.ts `couponWindow`), found by the coupons'
 * `expiry` index (status, validUntil), page by page after the night's cursor; each coupon is
 * an occurrence of its member's run, so it is mentioned once. Coupons are handled one after
 * another, so a member with several coupons ending is told once within the cap.
 */
import type { Automation } from '@/domain/automations/definitions';
import { couponWindow } from '@/domain/automations/windows';
import type { Ctx } from '../_shared/runtime';
import { duePage, type DueCursor } from '../_shared/duePage';
import { startRun } from './apply';
import { membersById, type AutomationCounts } from './members';

type ExpiringCoupon = { _id: string; memberId: string; validUntil: number; title: string };

export async function runCouponWindow(
  ctx: Ctx,
  a: Automation,
  cursor: DueCursor | null,
  deadline: number,
  counts: AutomationCounts,
  save: (cursor: DueCursor | 'done') => Promise<void>,
): Promise<boolean> {
  const w = couponWindow(a.trigger, ctx.now);
  if (!w) return true;
  const batch = ctx.config.tagJobBatch;
  let after = cursor;
  for (;;) {
    if (performance.now() > deadline) return false;
    const coupons: ExpiringCoupon[] = await duePage(ctx.db, 'coupons', {
      field: 'validUntil',
      from: w.from,
      upTo: w.upTo,
      after,
      projection: { memberId: true, validUntil: true, title: true },
      limit: batch,
      where: { status: 'unused' },
    });
    const members = await membersById(
      ctx,
      coupons.map((c) => c.memberId),
    );
    for (const coupon of coupons) {
      if (performance.now() > deadline) {
        if (after) await save(after);
        return false;
      }
      const member = members.get(coupon.memberId);
      if (member) {
        counts.found += 1;
        const outcome = await startRun(ctx, a, member, {
          id: coupon._id,
          at: coupon.validUntil,
          facts: { kind: 'coupon', title: coupon.title, validUntil: coupon.validUntil },
        });
        counts[outcome] += 1;
        if (outcome !== 'skipped')
          member.automationLastRun = { ...member.automationLastRun, [a.key]: ctx.now };
      }
      after = { at: coupon.validUntil, id: coupon._id };
    }
    const finished = coupons.length < batch;
    await save(finished ? 'done' : after!);
    if (finished) return true;
  }
}
