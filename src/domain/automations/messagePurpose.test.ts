import { expect, it } from '@jest/globals';
import { DEFAULT_AUTOMATIONS } from './definitions';
import { messagePurposeOf } from './messagePurpose';

it.each([
  ['inactive7', 'offer'],
  ['firstOrder', 'offer'],
  ['recallHighValue', 'offer'],
  ['wakeUp', 'offer'],
  ['afterPurchase', 'offer'],
  ['memberDay', 'offer'],
  ['couponExpiring', 'couponExpiring'],
  ['pointsChanged', 'pointsChanged'],
])('%s → %s', (key, purpose) => {
  const a = DEFAULT_AUTOMATIONS.find((x) => x.key === key)!;
  expect(messagePurposeOf(a.trigger)).toBe(purpose);
});
