import { parseSettings, type Settings } from '@/domain/settings';
import type { Database, Doc } from '../db';
import { getById } from '../db';

export const SETTINGS_ID = 'loyalty';

/** The settings of the one settings document as read (or joined by `$lookup`); missing fields take their defaults. */
export function settingsFromDoc(doc: Doc | null | undefined): Settings {
  if (!doc) return parseSettings({});
  const { _id, updatedAt, updatedBy, ...rest } = doc;
  void _id;
  void updatedAt;
  void updatedBy;
  return parseSettings(rest);
}

/** The one settings document (HQ edits it); missing fields take their defaults. */
export async function loadSettings(db: Database): Promise<Settings> {
  return settingsFromDoc(await getById<Doc>(db, 'settings', SETTINGS_ID));
}

/**
 * The settings document joined into an aggregate on another collection (uncorrelated
 * `$lookup`: one more stage, no more requests), read back with `settingsFromDoc(row.settings?.[0])`.
 */
export function settingsLookup(db: Database) {
  const _ = db.command;
  return {
    from: 'settings',
    pipeline: _.aggregate.pipeline().match({ _id: SETTINGS_ID }).limit(1).done(),
    as: 'settings',
  };
}
