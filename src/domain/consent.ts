/**
 * What the member's consents allow, and how a change of the privacy consent is decided.
 *
 * Two consents, each withdrawable at any time without leaving:
 * - **privacy** — the notice agreed to at signup (settings.privacy, its version). It is the
 *   basis for the member messages the product defines: the birthday greeting and the level
 *   change notice (each also needs a one-time subscription credit). Withdrawn, nothing is sent
 *   and unspent credits are dropped; points, coupons and purchases stay (they are the
 *   membership itself — erasing them is account deletion). Given again, it is the current
 *   version that is agreed to.
 * - **marketing** — promotions; needs the privacy consent too, and is withdrawn with it.
 *
 * The decision is data; member/dataRights.ts applies it and logs it in `consents`.
 */

export type ConsentRecord = { version: string; at: number };
export type MemberConsent = {
  privacy: ConsentRecord | null;
  marketing: { at: number; version?: string } | null;
};

export type PrivacyConsentRequest = { granted: true; version: string } | { granted: false };

export type PrivacyConsentDecision =
  /** nothing to change (already given for this version, or already withdrawn) */
  | { kind: 'unchanged' }
  | { kind: 'grant'; privacy: ConsentRecord }
  /** `version`: the one withdrawn; `marketing`: the marketing consent goes with it */
  | { kind: 'withdraw'; version: string; marketing: boolean }
  /** the page showed another version than the current one: show the new notice */
  | { kind: 'outdated' };

/**
 * Decide a change of the privacy consent.
 * @example planPrivacyConsent({ privacy: { version: '2026-12', at: 1 }, marketing: null }, { granted: false }, '2026-12', 5)
 *   // { kind: 'withdraw', version: '2026-12', marketing: false }
 * @example planPrivacyConsent({ privacy: null, marketing: null }, { granted: true, version: '2026-11' }, '2026-12', 5)
 *   // { kind: 'outdated' }
 */
export function planPrivacyConsent(
  consent: MemberConsent | null | undefined,
  request: PrivacyConsentRequest,
  currentVersion: string,
  now: number,
): PrivacyConsentDecision {
  const privacy = consent?.privacy ?? null;
  if (!request.granted) {
    if (!privacy) return { kind: 'unchanged' };
    return { kind: 'withdraw', version: privacy.version, marketing: consent?.marketing != null };
  }
  if (request.version !== currentVersion) return { kind: 'outdated' };
  if (privacy?.version === currentVersion) return { kind: 'unchanged' };
  return { kind: 'grant', privacy: { version: currentVersion, at: now } };
}

/**
 * Whether member messages (birthday greeting, level change) may be sent at all: the privacy
 * consent is on record. Marketing messages also need `marketing`.
 * @example mayReceiveMemberMessages({ privacy: null, marketing: null }) // false
 */
export function mayReceiveMemberMessages(consent: MemberConsent | null | undefined): boolean {
  return Boolean(consent?.privacy);
}
