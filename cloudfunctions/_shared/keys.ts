/** Deterministic document ids derived from what makes an operation unique (idempotency keys). */
import { createHash } from 'node:crypto';

/**
 * `prefix` + 32 hex chars of SHA-256 over the parts: stable for the same parts, short, and
 * safe for any client-chosen text (request ids are hashed, never used raw as ids).
 * @example derivedId('rdm', memberId, requestId) // 'rdm_3f2a…'
 */
export function derivedId(prefix: string, ...parts: string[]): string {
  return `${prefix}_${createHash('sha256').update(parts.join('\u0000')).digest('hex').slice(0, 32)}`;
}

/**
 * Operation keys: what makes an issued coupon, a ledger entry or an outbox message unique.
 * Each is built here only, so a timer, a function and a page that look one up agree.
 */
export const opKeys = {
  /** the new-member gift coupon of a member */
  newMemberCoupon: (memberId: string) => `newMember:${memberId}`,
  /** the birthday coupon and greeting of a member for one celebration year */
  birthday: (memberId: string, year: number) => `birthday:${memberId}:${year}`,
  /** a points-mall redemption: its coupon, its ledger entry */
  mall: (redemptionId: string) => `mall:${redemptionId}`,
  /** a refund: its ledger entry */
  refund: (refundId: string) => `refund:${refundId}`,
  /** a manual point adjustment (staff.adjustPoints): its ledger entry, lot and audit entry */
  adjustPoints: (memberId: string, requestId: string) =>
    `adjust:${derivedId('adj', memberId, requestId)}`,
  /** the reminder (and service-account message) to a clerk whose customer bought in another store */
  crossStore: (clerkId: string, orderId: string) => `crossStore:${clerkId}:${orderId}`,
} as const;
