/**
 * Which subscribe message an automation's member message is sent as — or none, when members
 * are not asked for that kind yet and the message stays an in-app notice on the card.
 *
 * - care and offers (7 days without a purchase, first order, recall, wake-up, after a
 *   purchase, 会员日): `offer`, a marketing message (the member's marketing consent, a credit);
 * - coupon expiry and points changes: `null` for now — their templates exist, but members
 *   are asked for three kinds in one short WeChat dialog (birthday, level, offers; WeChat
 *   allows five, a shopper reads three), so
 *   these two stay card notices until a page asks for them (docs/automations.md).
 *
 * @example messagePurposeOf({ kind: 'noPurchaseFor', days: 7 }) // 'offer'
 */
import type { Trigger } from './definitions';

/** the subscribe purposes automations send (a subset of contracts' SENT_PURPOSES) */
export type AutomationMessagePurpose = 'offer';

export function messagePurposeOf(trigger: Trigger): AutomationMessagePurpose | null {
  switch (trigger.kind) {
    case 'couponExpiring':
    case 'pointsChanged':
      return null;
    case 'noPurchaseFor':
    case 'birthday':
    case 'noFirstOrder':
    case 'tagEntered':
    case 'purchase':
    case 'memberDay':
      return 'offer';
  }
}
