/**
 * Walking members by a due instant: one page of documents with `field <= upTo`, in
 * (field, _id) order after a cursor — served by an index on (field, _id). A job handles a
 * page, moves each document's due value past `upTo` (so it leaves the range) and asks for the
 * next page after the last one it handled. Used by the birthday greetings
 * (`birthdayDueAt`) and the tag review (`tagReviewAt`).
 *
 * `from` bounds the range below too (`from <= field <= upTo`), and `where` adds conditions
 * the index does not serve: the automations walk a day's window of `stats.lastOrderAt`,
 * `createdAt` … this way, a cursor per window.
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
    from?: number;
    where?: Record<string, unknown>;
  },
): Promise<T[]> {
  const _ = db.command;
  const { field, after } = input;
  const due =
    input.from === undefined ? _.lte(input.upTo) : _.gte(input.from).and(_.lte(input.upTo));
  const range = after
    ? _.or([{ [field]: _.gt(after.at).and(due) }, { [field]: after.at, _id: _.gt(after.id) }])
    : { [field]: due };
  const res = await db
    .collection(collection)
    .where(input.where ? _.and([input.where, range]) : range)
    .orderBy(field, 'asc')
    .orderBy('_id', 'asc')
    .field(input.projection)
    .limit(input.limit)
    .get();
  return res.data as T[];
}
