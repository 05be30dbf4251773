import { parseSettings, type Settings } from '@/domain/settings';
import type { Database } from '../db';
import { getById } from '../db';

export const SETTINGS_ID = 'loyalty';

/** The one settings document (HQ edits it); missing fields take their defaults. */
export async function loadSettings(db: Database): Promise<Settings> {
  const doc = await getById<Record<string, unknown>>(db, 'settings', SETTINGS_ID);
  if (!doc) return parseSettings({});
  const { _id, updatedAt, updatedBy, ...rest } = doc as Record<string, unknown>;
  void _id;
  void updatedAt;
  void updatedBy;
  return parseSettings(rest);
}
