/**
 * Walking members by a due instant: one page of documents with `field <= upTo`, in
 * (field, _id) order after a cursor — served by an index on (field, _id). A job handles a
 * page, moves each document's due value past `upTo` (so it leaves the range) and asks for the
 * next page after the last one it handled. Used by the birthday greetings
 * (`birthdayDueAt`) and the tag review (`tagReviewAt`).
 */
import type { Database } from './db';

export type DueCursor = { at: number; id: string };

export async function duePage<T>(
  db: Database,
  collection: string,
  input: {
    field: string;
    upTo: number;
    after: DueCursor | null;
    projection: Record<string, boolean>;
    limit: number;
  },
): Promise<T[]> {
  const _ = db.command;
  const { field, after } = input;
  const due = _.lte(input.upTo);
  const res = await db
    .collection(collection)
    .where(
      after
        ? _.or([{ [field]: _.gt(after.at).and(due) }, { [field]: after.at, _id: _.gt(after.id) }])
        : { [field]: due },
    )
    .orderBy(field, 'asc')
    .orderBy('_id', 'asc')
    .field(input.projection)
    .limit(input.limit)
    .get();
  return res.data as T[];
}
