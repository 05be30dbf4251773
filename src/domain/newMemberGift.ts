/**
 * The new-member gift (新人礼): who gets it, and when not, why — as data the signup reply
 * carries and the landing page shows, so nobody is promised ¥10 and left with a bare
 * 「注册成功」.
 *
 * Three mechanisms and a cap, checked in this order (each an atomic write in signup):
 * 1. once per member: a member created by a signup carries `giftPending`; only the request
 *    whose conditional update clears it goes on (imported or linked members never had it);
 * 2. the daily cap: gifts per store (or the chain-wide `direct` bucket for signups without
 *    a checkout code) per Shanghai day — a reservation, given back if a later step refuses;
 * 3. once per person: a `giftClaims` document keyed by a hash of the phone, kept after
 *    account deletion, so a returning phone gets no second gift;
 * 4. once per coupon key: `newMember:<memberId>` (keys.ts), a retried request issues nothing.
 * The cap comes before the person check so that a full day never burns a person's claim.
 */
import { shanghaiDate } from './calendar';
import type { Settings } from './settings';

/** Why a signup gave no gift. */
export type GiftRefusal =
  /** HQ switched the gift off (or it was off when the member was created) */
  | 'disabled'
  /** an existing member (imported, or signed up before): the gift is for new members */
  | 'notNewMember'
  /** this phone had the gift before (an account deleted and signed up again) */
  | 'phoneGiftedBefore'
  /** the store's (or the direct bucket's) gifts for today are given out */
  | 'dailyCapReached'
  /** the gift coupon of this member exists already (a concurrent copy of the signup) */
  | 'alreadyIssued';

export type GiftDecision =
  | { kind: 'none'; reason: GiftRefusal }
  /** go on: reserve one of `cap` gifts of `capId` (bucket and Shanghai day) */
  | { kind: 'reserve'; capId: string; bucket: string; date: string; cap: number };

/** The daily-cap bucket of signups that came without a checkout code. */
export const DIRECT_BUCKET = 'direct';

/**
 * Whether a signup goes on to the cap, before any gift write. `pendingCleared` is the
 * outcome of the conditional update that clears the member's `giftPending` (false when the
 * member had none, or another request cleared it first).
 * @example planNewMemberGift({ settings, created: true, pendingCleared: true, storeId: 'S001', now })
 * // { kind: 'reserve', capId: 'S001:2026-12-01', bucket: 'S001', date: '2026-12-01', cap: 200 }
 */
export function planNewMemberGift(input: {
  settings: Pick<Settings, 'newMemberGift'>;
  created: boolean;
  pendingCleared: boolean;
  storeId: string | null;
  now: number;
}): GiftDecision {
  const gift = input.settings.newMemberGift;
  if (!input.pendingCleared)
    return { kind: 'none', reason: input.created ? 'disabled' : 'notNewMember' };
  if (!gift.enabled) return { kind: 'none', reason: 'disabled' };
  if (gift.dailyCapPerStore < 1) return { kind: 'none', reason: 'dailyCapReached' };
  const bucket = input.storeId ?? DIRECT_BUCKET;
  const date = shanghaiDate(input.now);
  return { kind: 'reserve', capId: `${bucket}:${date}`, bucket, date, cap: gift.dailyCapPerStore };
}

/**
 * What the done screen says when no gift was given (null: nothing to explain — an existing
 * member is welcomed back, and the gift they had is in the wallet).
 * @example giftRefusalText('phoneGiftedBefore') // '该手机号已领取过新人礼，本次不再发放'
 */
export function giftRefusalText(reason: GiftRefusal): string | null {
  switch (reason) {
    case 'phoneGiftedBefore':
      return '该手机号已领取过新人礼，本次不再发放';
    case 'dailyCapReached':
      return '今日新人礼已发完，本次注册未获赠优惠券';
    case 'disabled':
      return '新人礼活动暂未开启';
    case 'alreadyIssued':
      return '新人礼已发放，可在「我的优惠券」查看';
    case 'notNewMember':
      return null;
  }
}
