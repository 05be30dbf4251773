/** How coupons show in the wallet: a coupon's status now, and the wallet's order. */
import type { IssuedCoupon } from './coupons';

export type WalletStatus = 'unused' | 'used' | 'expired';

/**
 * How a coupon shows in the wallet now (an unused coupon past its end shows as expired).
 * @example walletStatus({ status: 'unused', validUntil: 10 }, 11) // 'expired'
 */
export function walletStatus(
  coupon: Pick<IssuedCoupon, 'status' | 'validUntil'>,
  now: number,
): WalletStatus {
  if (coupon.status === 'used') return 'used';
  if (coupon.status === 'expired' || now > coupon.validUntil) return 'expired';
  return 'unused';
}

type WalletItem = Pick<IssuedCoupon, 'status' | 'validFrom' | 'validUntil' | 'usedAt'>;

/**
 * The wallet order: unused first (usable now before not-yet-started, then expiring soonest
 * first), then used (most recent first), then expired (most recent first). Returns a new
 * array.
 * @example sortWallet(coupons, now).map((c) => walletStatus(c, now)) // ['unused', 'unused', 'used', 'expired']
 */
export function sortWallet<T extends WalletItem>(coupons: readonly T[], now: number): T[] {
  const rank = { unused: 0, used: 1, expired: 2 } as const;
  return [...coupons].sort((a, b) => {
    const sa = walletStatus(a, now);
    const sb = walletStatus(b, now);
    if (sa !== sb) return rank[sa] - rank[sb];
    if (sa === 'unused') {
      const started = Number(a.validFrom > now) - Number(b.validFrom > now);
      return started || a.validUntil - b.validUntil;
    }
    if (sa === 'used') return (b.usedAt ?? 0) - (a.usedAt ?? 0);
    return b.validUntil - a.validUntil;
  });
}
