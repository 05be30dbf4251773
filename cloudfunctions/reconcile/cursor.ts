/**
 * A resumable scan over one collection in (time, _id) order: keyset pages from a cursor kept
 * in `jobRuns/reconcile.<name>`, up to a horizon (what is older than the grace period). A run
 * cut short resumes where the last saved page ended; nothing is skipped, and a document seen
 * twice is harmless (every repair is idempotent).
 */
import type { Database, Doc } from '../_shared/db';
import { getById } from '../_shared/db';

export type Cursor = { at: number; id: string };

/** Where a scan that has never run starts: this long before its first run. */
export const FIRST_LOOKBACK_MS = 24 * 3600_000;

const cursorId = (name: string) => `reconcile.${name}`;

export async function loadCursor(db: Database, name: string, now: number): Promise<Cursor> {
  const doc = await getById<{ at?: number; id?: string }>(db, 'jobRuns', cursorId(name));
  return doc?.at !== undefined && doc.id !== undefined
    ? { at: doc.at, id: doc.id }
    : { at: now - FIRST_LOOKBACK_MS, id: '' };
}

export async function saveCursor(
  db: Database,
  name: string,
  cursor: Cursor,
  now: number,
): Promise<void> {
  await db
    .collection('jobRuns')
    .doc(cursorId(name))
    .set({ data: { job: 'reconcile', scan: name, ...cursor, updatedAt: now } });
}

/** The next page after `cursor` with `field` ≤ `horizon`, matching `filter`, oldest first. */
export async function nextPage<T extends Doc>(
  db: Database,
  a: {
    collection: string;
    field: string;
    filter: Doc;
    cursor: Cursor;
    horizon: number;
    limit: number;
  },
): Promise<T[]> {
  const _ = db.command;
  const { field, cursor } = a;
  const res = await db
    .collection(a.collection)
    .where(
      _.and([
        a.filter,
        { [field]: _.lte(a.horizon) },
        _.or([{ [field]: _.gt(cursor.at) }, { [field]: cursor.at, _id: _.gt(cursor.id) }]),
      ]),
    )
    .orderBy(field, 'asc')
    .orderBy('_id', 'asc')
    .limit(a.limit)
    .get();
  return res.data as T[];
}
