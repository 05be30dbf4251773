/**
 * The chain's audit log (`auditLog`): append-only. Functions add entries and HQ reads them;
 * nothing updates or removes one, and no client writes the collection (the mini-program
 * reaches the database only through functions). The id is deterministic from who did what
 * to whom and when, so a retried write of the same event adds nothing.
 */
import type { AuditEntryView } from '@/contracts/staff';
import type { Ctx } from '../runtime';
import { isDuplicateKeyError } from '../db';
import { derivedId } from '../keys';

/** an entry as written: the view HQ reads (contracts/customers.ts) without its id */
export type AuditEntry = Omit<AuditEntryView, 'id'>;

export type AuditDoc = AuditEntry & { _id: string };

export const auditId = (e: AuditEntry, discriminator = ''): string =>
  derivedId(
    'aud',
    e.action,
    e.actor.staffId,
    e.target.kind,
    e.target.id,
    String(e.at),
    discriminator,
  );

/** The document of an entry (e.g. to add it inside the transaction of the change it records). */
export const auditDoc = (entry: AuditEntry, discriminator = ''): AuditDoc => ({
  _id: auditId(entry, discriminator),
  ...entry,
});

/** Who acted, as an entry records it. */
export const auditActor = (staff: {
  _id: string;
  role: AuditEntry['actor']['role'];
  storeId: string | null;
}): AuditEntry['actor'] => ({
  staffId: staff._id,
  role: staff.role,
  storeId: staff.storeId ?? null,
});

/** Append one entry (the same event again: no second entry). */
export async function appendAudit(
  ctx: Ctx,
  entry: AuditEntry,
  discriminator = '',
): Promise<string> {
  const doc = auditDoc(entry, discriminator);
  try {
    await ctx.db.collection('auditLog').add({ data: doc });
  } catch (e) {
    if (!isDuplicateKeyError(e)) throw e;
  }
  return doc._id;
}
