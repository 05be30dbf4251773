import type { Database } from '../db';

export type StoreDoc = {
  _id: string;
  name: string;
  city: string;
  /** the region the reports group stores by (absent: the store stands alone) */
  area?: string | null;
  address: string;
  active: boolean;
};

/** Store names by id for a set of ids, in one request. */
export async function storeNames(db: Database, ids: string[]): Promise<Map<string, string>> {
  const unique = [...new Set(ids.filter(Boolean))];
  if (unique.length === 0) return new Map();
  const _ = db.command;
  const res = await db
    .collection('stores')
    .where({ _id: _.in(unique) })
    .limit(unique.length)
    .get();
  return new Map((res.data as StoreDoc[]).map((s) => [s._id, s.name]));
}
