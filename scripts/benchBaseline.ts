/**
 * Database requests per call when issue 8 ("fewer round trips on the hot paths") was filed,
 * so the bench prints before → after. Keyed by scenario name; scenarios not listed print
 * their figure alone. (Signup was 17 by the time the card and purchase work began: the
 * unique claims added a transaction to it.)
 */
export const REQUESTS_BEFORE: Record<string, number> = {
  'member.signup (new member, with scene)': 13,
  'member.getCard': 6,
  'member.getCard with 100k members, 300k orders': 6,
  'member.getCard, 20 concurrent, warm': 6,
  'staff.recordPurchase (no coupon)': 5,
  'staff.recordPurchase (¥10 coupon)': 6,
  'pos (coupon code, phone)': 6,
  'mall.redeemReward (gift)': 13,
  'staff.refund (partial)': 14,
};

/** `6 → 2` for a scenario with a recorded figure, else the figure as measured. */
export function beforeAfter(scenario: string, measured: string): string {
  const before = REQUESTS_BEFORE[scenario];
  return before === undefined ? measured : `${before} → ${measured}`;
}
