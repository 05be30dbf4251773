import { describe, expect, it } from '@jest/globals';
import { sortWallet, walletStatus } from './couponWallet';
import { coupon, now } from './coupons.fixtures';

describe('walletStatus and sortWallet', () => {
  it('shows an unused coupon past its end as expired', () => {
    expect(walletStatus(coupon({ validUntil: now - 1 }), now)).toBe('expired');
    expect(walletStatus(coupon(), now)).toBe('unused');
    expect(walletStatus(coupon({ status: 'used', validUntil: now - 1 }), now)).toBe('used');
  });

  it('orders unused (usable now, expiring soonest first), then used (recent first), then expired (recent first)', () => {
    const items = [
      { id: 'expiredOld', ...coupon({ validUntil: now - 10_000 }) },
      { id: 'usedOld', ...coupon({ status: 'used', usedAt: now - 5_000 }) },
      { id: 'later', ...coupon({ validUntil: now + 9_000 }) },
      { id: 'notStarted', ...coupon({ validFrom: now + 1, validUntil: now + 2 }) },
      { id: 'expiredRecent', ...coupon({ validUntil: now - 1 }) },
      { id: 'soon', ...coupon({ validUntil: now + 1_000 }) },
      { id: 'usedRecent', ...coupon({ status: 'used', usedAt: now - 1 }) },
    ];
    expect(sortWallet(items, now).map((c) => c.id)).toEqual([
      'soon',
      'later',
      'notStarted',
      'usedRecent',
      'usedOld',
      'expiredRecent',
      'expiredOld',
    ]);
  });

  it('does not mutate the input array', () => {
    const items = [coupon({ status: 'used' }), coupon()];
    sortWallet(items, now);
    expect(items[0].status).toBe('used');
  });
});
