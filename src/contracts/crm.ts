/**
 * Contract of the `crm` cloud function: computed tags (read-only, with their reasons),
 * manual tags and notes by clerks, tag rules (preview, apply, job progress) by HQ, and
 * segments (count, page) by managers and HQ, automations (list, HQ's save, results treated
 * vs holdout), and HQ's catalogue — coupon templates and mall rewards (contracts/catalog.ts).
 * Staff only: a member never sees the computed
 * tags. Every action checks the caller's bound role on the server.
 */
import { z } from 'zod';
import { action } from './define';
import type { Level } from './member';
import { tagRulesSchema, type TagRules } from '../domain/tags/families';
import { segmentSchema } from '../domain/tags/segments';
import { automationsSchema, type Automation } from '../domain/automations/definitions';
import type { AutomationResults } from '../domain/automations/results';
import { settingsSchema, type Settings } from '../domain/settings';
import {
  campaignDefSchema,
  type CampaignDef,
  type CampaignStatus,
} from '../domain/campaigns/campaign';
import { catalogContract } from './catalog';

const id = z.string().min(1).max(64);
const manualTag = z
  .string()
  .trim()
  .min(1)
  .max(20)
  .regex(/^[^:\s]+$/);
const noteText = z.string().trim().min(1).max(500);

export type TagView = {
  family: string;
  /** 购买频次, 生命周期 … */
  familyName: string;
  value: string;
  reason: string;
  since: number;
  ruleVersion: number;
};
export type NoteView = {
  noteId: string;
  text: string;
  /** the staff id of the author (who may edit it besides managers and HQ) */
  authorId: string;
  authorName: string;
  createdAt: number;
  updatedAt: number;
  /** times the note was edited (earlier texts are kept) */
  edits: number;
};
export type MemberTagsView = {
  memberId: string;
  /** masked unless the caller is the member's own clerk (the till's rule) */
  displayName: string;
  phoneMasked: string;
  level: Level;
  tags: TagView[];
  manualTags: string[];
  notes: NoteView[];
};
export type SegmentRow = {
  memberId: string;
  displayName: string;
  phoneMasked: string;
  level: Level;
  homeStoreId: string | null;
  tagKeys: string[];
  manualTags: string[];
};
export type TagPreviewView = {
  previewId: string;
  done: boolean;
  /** members looked at so far */
  scanned: number;
  /** family key → value → members who would gain / lose it */
  counts: Record<string, Record<string, { gain: number; lose: number }>>;
  samples: {
    memberId: string;
    displayName: string;
    family: string;
    from: string | null;
    to: string | null;
    reason: string;
  }[];
};
export type TagJobView = {
  jobId: string;
  version: number;
  done: boolean;
  scanned: number;
  written: number;
};

/** The tag rules in force; `version` is `rules.version` (1: the defaults, never saved). */
export type TagRulesView = {
  rules: TagRules;
  version: number;
  updatedAt: number | null;
  updatedByName: string | null;
};
export type AutomationsView = { automations: Automation[]; version: number };
/** The loyalty settings in force (domain/settings.ts), their version (0: the defaults). */
export type LoyaltySettingsView = {
  settings: Settings;
  version: number;
  updatedAt: number | null;
  updatedByName: string | null;
};
/** One saved change of a rule: who, when, and what changed field by field, as people read it. */
export type RuleHistoryEntryView = {
  version: number;
  at: number;
  byName: string;
  changes: { path: string; label: string; before: string; after: string }[];
};
export const RULE_KINDS = ['loyalty', 'automations', 'tags'] as const;
export type RuleKind = (typeof RULE_KINDS)[number];
export type AutomationResultsView = AutomationResults & {
  key: string;
  from: number;
  to: number;
  /** more runs than one result reads (RESULT_RUNS_MAX): figures cover the first ones */
  truncated: boolean;
};

const instant = z.int().min(0).max(8_640_000_000_000_000);

/** A campaign as HQ and managers see it (营销活动). */
export type CampaignView = CampaignDef & {
  id: string;
  status: CampaignStatus;
  statusName: string;
  couponTemplateName: string | null;
  createdAt: number;
  launchedAt: number | null;
  /** the segment's members when launched */
  audienceAtLaunch: number | null;
  /** when the whole audience had been walked (coupons issued, holdout recorded) */
  walkedAt: number | null;
};
export type CampaignResultsView = AutomationResultsView & { campaign: CampaignView };

export const crmContract = {
  getMemberTags: action(z.object({ memberId: id })).returns<MemberTagsView>(),
  addManualTag: action(z.object({ memberId: id, tag: manualTag })).returns<{
    manualTags: string[];
  }>(),
  removeManualTag: action(z.object({ memberId: id, tag: manualTag })).returns<{
    manualTags: string[];
  }>(),
  addNote: action(z.object({ memberId: id, text: noteText })).returns<{ note: NoteView }>(),
  editNote: action(z.object({ noteId: id, text: noteText })).returns<{ note: NoteView }>(),
  previewTagRules: action(
    z.object({ rules: tagRulesSchema, previewId: id.optional() }),
  ).returns<TagPreviewView>(),
  /** managers and HQ: the tag rules in force */
  getTagRules: action(z.object({})).returns<TagRulesView>(),
  /**
   * HQ: save the previewed rules as the version after `baseVersion` (COMMON.CONFLICT when
   * someone saved first) and start their recompute.
   */
  applyTagRules: action(
    z.object({ rules: tagRulesSchema, previewId: id, baseVersion: z.int().min(1) }),
  ).returns<TagJobView>(),
  getTagJob: action(z.object({ jobId: id.optional() })).returns<TagJobView | null>(),
  segmentCount: action(z.object({ segment: segmentSchema })).returns<{ total: number }>(),
  segmentPage: action(
    z.object({
      segment: segmentSchema,
      cursor: id.optional(),
      limit: z.int().min(1).max(100).default(20),
    }),
  ).returns<{ rows: SegmentRow[]; nextCursor: string | null }>(),
  listAutomations: action(z.object({})).returns<AutomationsView>(),
  saveAutomations: action(
    z.object({ automations: automationsSchema, baseVersion: z.int().min(0) }),
  ).returns<AutomationsView>(),
  /** managers and HQ: the loyalty settings in force */
  getLoyaltySettings: action(z.object({})).returns<LoyaltySettingsView>(),
  /**
   * HQ: save the loyalty settings as the version after `baseVersion` (validated by the
   * schema every function reads them with; COMMON.CONFLICT when someone saved first).
   */
  saveLoyaltySettings: action(
    z.object({ settings: settingsSchema, baseVersion: z.int().min(0) }),
  ).returns<LoyaltySettingsView>(),
  /** managers and HQ: the saved changes of a rule, newest first */
  listRuleHistory: action(
    z.object({
      rule: z.enum(RULE_KINDS),
      beforeVersion: z.int().min(1).optional(),
      limit: z.int().min(1).max(50).default(20),
    }),
  ).returns<{ entries: RuleHistoryEntryView[]; hasMore: boolean }>(),
  automationResults: action(
    z.object({
      key: id,
      /** the period (default: the 30 days up to now, on the server's clock) */
      from: instant.optional(),
      to: instant.optional(),
      attributionDays: z.int().min(1).max(90).default(14),
    }),
  ).returns<AutomationResultsView>(),
  /** HQ: a campaign as a draft (a retried `requestId` creates one) */
  createCampaign: action(
    z.object({ campaign: campaignDefSchema, requestId: z.string().min(8).max(64) }),
  ).returns<{ campaign: CampaignView; created: boolean }>(),
  /** HQ: launch a draft (CAMPAIGN.NOT_DRAFT otherwise); the automations timer walks its audience */
  launchCampaign: action(z.object({ id })).returns<{ campaign: CampaignView }>(),
  /** managers and HQ: the campaigns, newest first */
  listCampaigns: action(z.object({})).returns<{ campaigns: CampaignView[] }>(),
  /** managers (their store's members) and HQ: treated vs holdout in the attribution window */
  campaignResults: action(z.object({ id })).returns<CampaignResultsView>(),
  ...catalogContract,
};
export type CrmContract = typeof crmContract;
