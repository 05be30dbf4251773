/**
 * The consent log: every agreement and withdrawal as its own document (what, which
 * version, when, through which channel), never updated. The member document carries the
 * current state (`consent.privacy`, `consent.marketing`); this log is the proof of how it
 * came to be. It holds no phone, name or OPENID, so it survives account deletion as is.
 */
import type { Database } from '../db';
import type { IdSource } from '../runtime';

export type ConsentKind = 'privacy' | 'marketing';

export type ConsentDoc = {
  _id: string;
  memberId: string;
  kind: ConsentKind;
  granted: boolean;
  /** the version of the text agreed to (settings.privacy.consentVersion) */
  version: string;
  /** signup, profile (the member's own switch or withdrawal on the privacy page), deleteAccount */
  channel: 'signup' | 'profile' | 'deleteAccount';
  storeId: string | null;
  at: number;
};

export async function recordConsent(
  db: Database,
  ids: IdSource,
  entry: Omit<ConsentDoc, '_id'>,
): Promise<void> {
  await db.collection('consents').add({ data: { _id: ids.docId(), ...entry } });
}
