import { parseSettings, type Settings } from '@/domain/settings';
import type { TagRules } from '@/domain/tags/families';
import type { Database, Doc } from '../db';
import { getById } from '../db';
import { TAG_RULES_ID, tagRulesFromDoc, type TagRulesDoc } from './tagRules';

export const SETTINGS_ID = 'loyalty';

/** The settings of the one settings document as read (or joined by `$lookup`); missing fields take their defaults. */
export function settingsFromDoc(doc: Doc | null | undefined): Settings {
  if (!doc) return parseSettings({});
  const { _id, updatedAt, updatedBy, version, ...rest } = doc;
  void _id;
  void updatedAt;
  void updatedBy;
  void version;
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

/**
 * Both rule documents a write path decides on — the loyalty settings and the tag rules —
 * joined into an aggregate on another collection in one `$lookup` stage (no more
 * requests); read back with `rulesFromJoined(row.rules)`.
 */
export function rulesLookup(db: Database) {
  const _ = db.command;
  return {
    from: 'settings',
    pipeline: _.aggregate
      .pipeline()
      .match({ _id: _.in([SETTINGS_ID, TAG_RULES_ID]) })
      .limit(2)
      .done(),
    as: 'rules',
  };
}

export type Rules = { settings: Settings; tagRules: TagRules };

/** The settings and tag rules of a `rulesLookup` join (each missing one: its defaults). */
export function rulesFromJoined(docs: readonly Doc[] | null | undefined): Rules {
  const byId = (id: string) => docs?.find((d) => d._id === id);
  return {
    settings: settingsFromDoc(byId(SETTINGS_ID)),
    tagRules: tagRulesFromDoc(byId(TAG_RULES_ID) as TagRulesDoc | undefined),
  };
}
