import { createHmac } from 'node:crypto';

/**
 * A person's new-member-gift marker (`giftClaims/<id>`): a keyed hash of the phone, useless
 * without the server secret and kept after account deletion, so deleting and signing up
 * again does not earn a second gift.
 */
export function giftClaimId(phone: string, secret: string): string {
  return createHmac('sha256', secret)
    .update(`crm-gift:v1|${phone}`)
    .digest('base64url')
    .slice(0, 32);
}
