/**
 * Rules HQ changes on a screen (the loyalty settings, the automations, the tag rules) are saved as
 * versions: the document in `settings` carries `version`, and every save first inserts its
 * history entry `<historyCollection>/v<n>` (who, when, before, after). The history id is
 * unique, so of two saves on the same version only one wins (COMMON.CONFLICT for the other),
 * and no change is ever made without its history entry. The save is also written to the
 * audit log (`settings.change`).
 */
import { AppError } from '@/contracts/errors';
import type { Database, Doc } from '../db';
import { getById, isDuplicateKeyError } from '../db';
import type { Ctx } from '../runtime';
import type { StaffDoc } from './staff';
import { appendAudit } from './audit';
import { TAG_RULES_ID } from './tagRules';

export type RuleHistoryDoc<T> = {
  _id: string;
  version: number;
  before: T;
  after: T;
  by: string;
  at: number;
};

export type VersionedRule = {
  /** the document in `settings` */
  docId: string;
  historyCollection: string;
};

export const LOYALTY_RULE: VersionedRule = {
  docId: 'loyalty',
  historyCollection: 'settingsHistory',
};
export const AUTOMATIONS_RULE: VersionedRule = {
  docId: 'automations',
  historyCollection: 'automationHistory',
};
/**
 * The tag rules carry their version inside the rules too (`rules.version`, recorded on every
 * tag); the defaults are version 1, so the first save is version 2.
 */
export const TAG_RULES_RULE: VersionedRule = {
  docId: TAG_RULES_ID,
  historyCollection: 'tagRuleHistory',
};

/** The version of a settings document as read (0: never saved). */
export const versionOf = (doc: Doc | null | undefined): number =>
  typeof doc?.version === 'number' ? doc.version : 0;

export async function loadRuleDoc(db: Database, rule: VersionedRule): Promise<Doc | null> {
  return getById<Doc>(db, 'settings', rule.docId);
}

/**
 * Save `fields` as the version after `baseVersion`: history entry first (a duplicate id is
 * COMMON.CONFLICT), then the document, then the audit entry. Returns the new version.
 */
export async function saveRuleVersion<T>(
  ctx: Ctx,
  rule: VersionedRule,
  input: {
    before: T;
    after: T;
    fields: Record<string, unknown>;
    baseVersion: number;
    by: StaffDoc;
    /** the function and action saving, e.g. 'crm.saveLoyaltySettings' */
    source: string;
  },
): Promise<number> {
  const version = input.baseVersion + 1;
  const entry: RuleHistoryDoc<T> = {
    _id: `v${version}`,
    version,
    before: input.before,
    after: input.after,
    by: input.by._id,
    at: ctx.now,
  };
  try {
    await ctx.db.collection(rule.historyCollection).add({ data: entry });
  } catch (e) {
    if (isDuplicateKeyError(e)) throw new AppError('COMMON.CONFLICT');
    throw e;
  }
  await ctx.db
    .collection('settings')
    .doc(rule.docId)
    .set({ data: { ...input.fields, version, updatedAt: ctx.now, updatedBy: input.by._id } });
  await appendAudit(ctx, {
    actor: { staffId: input.by._id, role: input.by.role, storeId: input.by.storeId ?? null },
    action: 'settings.change',
    target: { kind: 'settings', id: rule.docId },
    detail: { version },
    at: ctx.now,
    source: input.source,
  });
  return version;
}

/** History entries of a rule, newest first, paged by version. */
export async function ruleHistoryPage<T>(
  db: Database,
  rule: VersionedRule,
  input: { beforeVersion?: number; limit: number },
): Promise<{ entries: RuleHistoryDoc<T>[]; hasMore: boolean }> {
  const _ = db.command;
  const res = await db
    .collection(rule.historyCollection)
    .where(input.beforeVersion === undefined ? {} : { version: _.lt(input.beforeVersion) })
    .orderBy('version', 'desc')
    .limit(input.limit + 1)
    .get();
  const docs = res.data as RuleHistoryDoc<T>[];
  return { entries: docs.slice(0, input.limit), hasMore: docs.length > input.limit };
}
