/**
 * Which subscribe message an automation's member message is sent as — or none, when members
 * are not asked for that kind yet and the message stays an in-app notice on the card.
 *
 * - care and offers (7 days without a purchase, first order, recall, wake-up, after a
 *   purchase, 会员日): `offer`, a marketing message (the member's marketing consent, a credit);
 * - coupon expiry and points changes: `couponExpiring` and `pointsChanged`, service notices
 *   about the member's own account (no marketing consent; the privacy consent and a credit
 *   the member gave for that very template, asked for on the wallet and the points page).
 *
 * @example messagePurposeOf({ kind: 'noPurchaseFor', days: 7 }) // 'offer'
 */
import type { Trigger } from './definitions';

/** the subscribe purposes automations send (a subset of contracts' SENT_PURPOSES) */
export type AutomationMessagePurpose = 'offer' | 'couponExpiring' | 'pointsChanged';

export function messagePurposeOf(trigger: Trigger): AutomationMessagePurpose | null {
  switch (trigger.kind) {
    case 'couponExpiring':
      return 'couponExpiring';
    case 'pointsChanged':
      return 'pointsChanged';
    case 'noPurchaseFor':
    case 'birthday':
    case 'noFirstOrder':
    case 'tagEntered':
    case 'purchase':
    case 'memberDay':
      return 'offer';
  }
}
