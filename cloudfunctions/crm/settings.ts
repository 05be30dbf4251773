/**
 * The loyalty settings on HQ's screen: read (managers and HQ), saved by HQ as a new
 * version with its history entry and an audit entry (repos/ruleVersions.ts), and the
 * history of every rule saved that way (loyalty, automations, tags), field by field as
 * people read it.
 */
import type { LoyaltySettingsView, RuleHistoryEntryView, RuleKind } from '@/contracts/crm';
import { AppError } from '@/contracts/errors';
import { automationChanges } from '@/domain/automations/changes';
import { automationsSchema, type Automation } from '@/domain/automations/definitions';
import { parseSettings, type Settings } from '@/domain/settings';
import { settingsChanges } from '@/domain/settingsForm';
import { tagRulesSchema, type TagRules } from '@/domain/tags/families';
import { tagRuleChanges } from '@/domain/tags/form';
import type { Ctx } from '../_shared/runtime';
import { settingsFromDoc } from '../_shared/repos/settings';
import { requireStaff, staffNamesByIds } from '../_shared/repos/staff';
import {
  AUTOMATIONS_RULE,
  LOYALTY_RULE,
  TAG_RULES_RULE,
  loadRuleDoc,
  ruleHistoryPage,
  saveRuleVersion,
  versionOf,
} from '../_shared/repos/ruleVersions';

async function loyaltyView(ctx: Ctx): Promise<LoyaltySettingsView> {
  const doc = await loadRuleDoc(ctx.db, LOYALTY_RULE);
  const by = typeof doc?.updatedBy === 'string' ? doc.updatedBy : null;
  const names = by ? await staffNamesByIds(ctx.db, [by]) : new Map<string, string>();
  return {
    settings: settingsFromDoc(doc),
    version: versionOf(doc),
    updatedAt: typeof doc?.updatedAt === 'number' ? doc.updatedAt : null,
    updatedByName: by ? (names.get(by) ?? by) : null,
  };
}

export async function getLoyaltySettings(ctx: Ctx): Promise<LoyaltySettingsView> {
  await requireStaff(ctx, ['manager', 'hq']);
  return loyaltyView(ctx);
}

export async function saveLoyaltySettings(
  ctx: Ctx,
  input: { settings: Settings; baseVersion: number },
): Promise<LoyaltySettingsView> {
  const staff = await requireStaff(ctx, ['hq']);
  const doc = await loadRuleDoc(ctx.db, LOYALTY_RULE);
  const version = versionOf(doc);
  if (version !== input.baseVersion) throw new AppError('COMMON.CONFLICT');
  const before = settingsFromDoc(doc);
  const next = await saveRuleVersion(ctx, LOYALTY_RULE, {
    before,
    after: input.settings,
    fields: input.settings,
    baseVersion: version,
    by: staff,
    source: 'crm.saveLoyaltySettings',
  });
  return { settings: input.settings, version: next, updatedAt: ctx.now, updatedByName: staff.name };
}

/** Older history entries may predate a schema change: read them as the functions would. */
const asSettings = (v: unknown): Settings => {
  try {
    return parseSettings(v);
  } catch {
    return parseSettings({});
  }
};
const asAutomations = (v: unknown): Automation[] => {
  const parsed = automationsSchema.safeParse(v);
  return parsed.success ? parsed.data : [];
};
const asTagRules = (v: unknown): TagRules | null => {
  const parsed = tagRulesSchema.safeParse(v);
  return parsed.success ? parsed.data : null;
};

const RULES = { loyalty: LOYALTY_RULE, automations: AUTOMATIONS_RULE, tags: TAG_RULES_RULE };

/** A history entry's changes, field by field, as the rule's own screen words them. */
function changesOf(rule: RuleKind, before: unknown, after: unknown) {
  if (rule === 'loyalty') return settingsChanges(asSettings(before), asSettings(after));
  if (rule === 'automations') return automationChanges(asAutomations(before), asAutomations(after));
  const [b, a] = [asTagRules(before), asTagRules(after)];
  return b && a
    ? tagRuleChanges(b, a)
    : [{ path: 'rules', label: '标签规则', before: '原规则', after: '规则已修改' }];
}

export async function listRuleHistory(
  ctx: Ctx,
  input: { rule: RuleKind; beforeVersion?: number; limit: number },
): Promise<{ entries: RuleHistoryEntryView[]; hasMore: boolean }> {
  await requireStaff(ctx, ['manager', 'hq']);
  const page = await ruleHistoryPage<unknown>(ctx.db, RULES[input.rule], input);
  const names = await staffNamesByIds(
    ctx.db,
    page.entries.map((e) => e.by),
  );
  return {
    hasMore: page.hasMore,
    entries: page.entries.map((e) => ({
      version: e.version,
      at: e.at,
      byName: names.get(e.by) ?? e.by,
      changes: changesOf(input.rule, e.before, e.after),
    })),
  };
}
