/**
 * The birthday gift (a `birthdayGift` action, automation `birthdayGreeting`): the member gets
 * - this year's birthday coupon, through the one issuing path with issueKey
 *   `birthday:<memberId>:<year of the celebration>` (unique: issued once, ever — by this
 *   engine or by the birthday job before it), valid from now at least through the end of
 *   the birthday (settings.birthday: amount, days; `_shared/giftCoupons.ts`);
 * - the greeting, through `sendMemberMessage` with the same key and the `birthday` purpose
 *   (the member's birthday credit; outbox: sent at most once);
 * - the card's notice, whatever the message answered (apply.ts writes it): the fallback
 *   when there is no credit or WeChat refuses.
 *
 * Greeting template (CRM_TEMPLATE_IDS.birthday), keywords: thing1 祝福语 (「张女士，生日快乐」),
 * thing2 生日礼 (「¥20 无门槛券已放入卡包」), date3 有效期至 (「2026年11月30日」).
 */
import { shanghaiParts } from '@/domain/calendar';
import { honorific } from '@/domain/masking';
import type { PlannedAction } from '@/domain/automations/plan';
import type { Settings } from '@/domain/settings';
import type { Ctx } from '../_shared/runtime';
import { opKeys } from '../_shared/keys';
import { loadSettings } from '../_shared/repos/settings';
import { issueCoupon } from '../_shared/repos/coupons';
import { birthdayCouponSpec } from '../_shared/giftCoupons';
import { sendMemberMessage } from '../_shared/messaging';

export const GREETING_PAGE = 'pages/card/index';

/** The settings, read once per invocation (a walk greets many members). */
const settingsByCtx = new WeakMap<Ctx, Promise<Settings>>();
export function settingsOf(ctx: Ctx): Promise<Settings> {
  let s = settingsByCtx.get(ctx);
  if (!s) settingsByCtx.set(ctx, (s = loadSettings(ctx.db)));
  return s;
}

export type GiftMember = {
  _id: string;
  name?: string | null;
  gender?: 'female' | 'male' | null;
};

/**
 * Gives the gift; answers the run's outcome ('sent', 'notice:<reason>', 'retry' when the
 * message could not be settled now — the run stays 'acting' and is redone) and the notice.
 */
export async function giveBirthdayGift(
  ctx: Ctx,
  a: Extract<PlannedAction, { kind: 'birthdayGift' }>,
  member: GiftMember,
): Promise<{ key: string; coupon: 'issued' | 'alreadyIssued'; outcome: string; text: string }> {
  const settings = await settingsOf(ctx);
  const key = opKeys.birthday(member._id, a.year);
  const spec = birthdayCouponSpec(settings, ctx.now, a.celebrationAt);
  const coupon = await issueCoupon(ctx.db, ctx.ids, {
    memberId: member._id,
    issueKey: key,
    spec,
    now: ctx.now,
  });
  const until = shanghaiParts((coupon ?? spec).validUntil);
  const text = `${spec.title}已放入卡包`;
  const sent = await sendMemberMessage(ctx, {
    memberId: member._id,
    purpose: 'birthday',
    key,
    page: GREETING_PAGE,
    data: {
      thing1: `${honorific(member.name, member.gender)}，生日快乐`,
      thing2: text,
      date3: `${until.year}年${until.month}月${until.day}日`,
    },
  });
  const outcome =
    sent.status === 'skipped'
      ? `notice:${sent.reason}`
      : sent.status === 'busy' || (sent.status === 'failed' && sent.retryable)
        ? 'retry'
        : sent.status === 'failed'
          ? 'notice:failed'
          : sent.status === 'duplicate' && sent.state !== 'sent'
            ? `notice:${sent.state}`
            : 'sent';
  return { key, coupon: coupon ? 'issued' : 'alreadyIssued', outcome, text };
}
