/**
 * The tag rules HQ edits: one settings document, `settings/tags` (beside the loyalty
 * settings, `settings/loyalty`), validated by `tagRulesSchema`; missing, the defaults.
 * Every saved change bumps `version` and leaves a `tagRuleHistory/v<version>` entry (who,
 * when, before and after); the history id is unique, so two HQ saves on the same version
 * cannot both win.
 */
import { AppError } from '@/contracts/errors';
import { DEFAULT_TAG_RULES, tagRulesSchema, type TagRules } from '@/domain/tags/families';
import type { Database } from '../db';
import { getById, isDuplicateKeyError } from '../db';

export const TAG_RULES_ID = 'tags';

export type TagRulesDoc = { _id: string; rules: TagRules; updatedAt: number; updatedBy: string };
export type TagRuleHistoryDoc = {
  _id: string;
  version: number;
  before: TagRules;
  after: TagRules;
  by: string;
  at: number;
};

/** The rules of the tags settings document as read (or joined by `$lookup`); missing, the defaults. */
export function tagRulesFromDoc(doc: Pick<TagRulesDoc, 'rules'> | null | undefined): TagRules {
  if (!doc) return DEFAULT_TAG_RULES;
  const parsed = tagRulesSchema.safeParse(doc.rules);
  return parsed.success ? parsed.data : DEFAULT_TAG_RULES;
}

/** The rules in force (the defaults until HQ saves a change). */
export async function loadTagRules(db: Database): Promise<TagRules> {
  return tagRulesFromDoc(await getById<TagRulesDoc>(db, 'settings', TAG_RULES_ID));
}

/**
 * Save `next` as the version after `current` (COMMON.CONFLICT when someone saved first).
 * @example await saveTagRules(db, { current, next, by: 'H001', now })
 */
export async function saveTagRules(
  db: Database,
  input: { current: TagRules; next: TagRules; by: string; now: number },
): Promise<TagRules> {
  const version = input.current.version + 1;
  const saved: TagRules = { ...input.next, version };
  try {
    await db.collection('tagRuleHistory').add({
      data: {
        _id: `v${version}`,
        version,
        before: input.current,
        after: saved,
        by: input.by,
        at: input.now,
      } satisfies TagRuleHistoryDoc,
    });
  } catch (e) {
    if (isDuplicateKeyError(e)) throw new AppError('COMMON.CONFLICT');
    throw e;
  }
  await db
    .collection('settings')
    .doc(TAG_RULES_ID)
    .set({ data: { rules: saved, updatedAt: input.now, updatedBy: input.by } });
  return saved;
}
