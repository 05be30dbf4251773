/**
 * Holdout groups: a share of an automation's or campaign's audience gets nothing, so its
 * results can be compared with the treated group's. The assignment is a keyed hash of the
 * member and the automation or campaign — deterministic (the same member is always in the
 * same group of one campaign, whenever and however often it is asked), independent across
 * campaigns, and decided before any coupon is issued.
 *
 * @example assignGroup('m_123', 'campaign:2026-11-recall', 10, secret) // 'treated' | 'holdout'
 */
import { hmacSha256 } from '../crypto';

export type Group = 'treated' | 'holdout';

/** A number in [0, 10000) drawn from the keyed hash of member and scope. */
export function holdoutBucket(memberId: string, scope: string, secret: string): number {
  const mac = hmacSha256(secret, `crm-holdout:v1|${scope}|${memberId}`);
  const uint32 = ((mac[0] << 24) | (mac[1] << 16) | (mac[2] << 8) | mac[3]) >>> 0;
  return uint32 % 10_000;
}

/** `holdoutPercent` of members (0–50, whole percent) land in the holdout. */
export function assignGroup(
  memberId: string,
  scope: string,
  holdoutPercent: number,
  secret: string,
): Group {
  return holdoutBucket(memberId, scope, secret) < holdoutPercent * 100 ? 'holdout' : 'treated';
}
