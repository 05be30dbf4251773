/**
 * The tag rules HQ edits: one settings document, `settings/tags` (beside the loyalty
 * settings, `settings/loyalty`), validated by `tagRulesSchema`; missing, the defaults.
 * A change is saved like every rule HQ edits (ruleVersions.ts, `TAG_RULES_RULE`): the
 * history entry `tagRuleHistory/v<version>` first (who, when, before and after; its unique
 * id makes the second of two saves on one version COMMON.CONFLICT), then the document, then
 * the audit entry.
 */
import { DEFAULT_TAG_RULES, tagRulesSchema, type TagRules } from '@/domain/tags/families';
import type { Database } from '../db';
import { getById } from '../db';

export const TAG_RULES_ID = 'tags';

export type TagRulesDoc = {
  _id: string;
  rules: TagRules;
  /** the same as `rules.version` (written by saveRuleVersion) */
  version?: number;
  updatedAt: number;
  updatedBy: string;
};

/** The rules of the tags settings document as read (or joined by `$lookup`); missing, the defaults. */
export function tagRulesFromDoc(doc: Pick<TagRulesDoc, 'rules'> | null | undefined): TagRules {
  if (!doc) return DEFAULT_TAG_RULES;
  const parsed = tagRulesSchema.safeParse(doc.rules);
  return parsed.success ? parsed.data : DEFAULT_TAG_RULES;
}

/** The tags settings document (null until HQ saves a change). */
export async function loadTagRulesDoc(db: Database): Promise<TagRulesDoc | null> {
  return getById<TagRulesDoc>(db, 'settings', TAG_RULES_ID);
}

/** The rules in force (the defaults until HQ saves a change). */
export async function loadTagRules(db: Database): Promise<TagRules> {
  return tagRulesFromDoc(await loadTagRulesDoc(db));
}
