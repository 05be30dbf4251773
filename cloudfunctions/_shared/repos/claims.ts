/**
 * Claims on the values that money and identity rest on: a phone (one member per person),
 * a member number (what the till's member code carries), a staff member's WeChat identity
 * and a per-member limit slot of a coupon template. (A coupon's issue key needs no claim:
 * the coupon's own `_id` is derived from it, repos/coupons.ts `couponIdOf`.)
 *
 * The database enforces only `_id` by itself; unique indexes are made by hand in the
 * console, and a mistaken non-unique one allows duplicates silently. So each such value is
 * claimed by a `uniqueClaims` document whose `_id` is derived from the value, inserted in
 * the same transaction as the document that holds the value: of any number of concurrent
 * writers exactly one commits, the rest get a duplicate key on `_id` (`ClaimTaken`).
 *
 *   _id                          owner       released
 *   phone:<HMAC of the phone>    memberId    at account deletion (the phone may sign up again)
 *   memberNo:<n>                 memberId    never
 *   staffOpenid:<hash>           staffId     never (a staff record keeps its identity)
 *   couponSlot:<hash>            couponId    never
 *   storeRequest:<hash>          storeId     never (a retried 「保存」 of a new store)
 *
 * A phone is personal data: its claim is a keyed hash (the PII secret), never the number.
 * The other values are hashed only to bound the id's length and character set.
 * Seeds and the migration of an existing environment (scripts/db-claims.ts) write the
 * same documents with `claimsOf*`.
 */
import { createHash, createHmac } from 'node:crypto';
import type { Doc, Transaction } from '../db';
import { isDuplicateKeyError } from '../db';

export const CLAIMS = 'uniqueClaims';

export type ClaimKind = 'phone' | 'memberNo' | 'staffOpenid' | 'couponSlot' | 'storeRequest';
export type ClaimDoc = { _id: string; kind: ClaimKind; owner: string; at: number };

/** The claim id of a phone: a keyed hash, useless without the server secret. */
export function phoneClaimId(phone: string, secret: string): string {
  const hash = createHmac('sha256', secret).update(`crm-phone:v1|${phone}`).digest('base64url');
  return `phone:${hash.slice(0, 32)}`;
}

/**
 * The claim id of any other unique value.
 * @example claimId('memberNo', 12345678) // 'memberNo:5d2c…' (32 hex chars)
 */
export function claimId(kind: Exclude<ClaimKind, 'phone'>, value: string | number): string {
  return `${kind}:${createHash('sha256').update(String(value)).digest('hex').slice(0, 32)}`;
}

/** Thrown by `addClaim` when another document already holds the value. */
export class ClaimTaken extends Error {
  constructor(readonly claimId: string) {
    super(`claim taken: ${claimId}`);
  }
}

/**
 * Insert a claim inside a transaction (before the document that holds the value). A taken
 * claim throws `ClaimTaken`, which aborts the transaction: nothing of it is written.
 */
export async function addClaim(tx: Transaction, claim: ClaimDoc): Promise<void> {
  try {
    await tx.collection(CLAIMS).add({ data: claim });
  } catch (e) {
    if (isDuplicateKeyError(e)) throw new ClaimTaken(claim._id);
    throw e;
  }
}

/** The claims a member holds (seeds, migration). */
export function claimsOfMember(
  m: { _id: string; phone: string; memberNo: number; status: string; createdAt: number },
  piiHashSecret: string,
): ClaimDoc[] {
  const at = m.createdAt;
  return [
    ...(m.status === 'active'
      ? [{ _id: phoneClaimId(m.phone, piiHashSecret), kind: 'phone' as const, owner: m._id, at }]
      : []),
    { _id: claimId('memberNo', m.memberNo), kind: 'memberNo', owner: m._id, at },
  ];
}

/** The claim a bound staff member holds (seeds, migration). */
export function claimsOfStaff(s: { _id: string; openid: string | null; createdAt: number }) {
  return s.openid
    ? [
        {
          _id: claimId('staffOpenid', s.openid),
          kind: 'staffOpenid',
          owner: s._id,
          at: s.createdAt,
        } satisfies ClaimDoc,
      ]
    : [];
}

/** The claim a coupon of a limited template holds: its limit slot (seeds, migration). */
export function claimsOfCoupon(c: Doc): ClaimDoc[] {
  return c.limitKey && c.limitKey !== c.issueKey
    ? [
        {
          _id: claimId('couponSlot', String(c.limitKey)),
          kind: 'couponSlot',
          owner: String(c._id),
          at: Number(c.issuedAt ?? 0),
        },
      ]
    : [];
}
