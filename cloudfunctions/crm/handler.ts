import type { CrmContract } from '@/contracts/crm';
import type { Handlers } from '../_shared/callable';
import { addManualTag, getMemberTags, removeManualTag } from './memberTags';
import { addNote, editNote } from './notes';
import { applyTagRules, getTagJob, getTagRules, previewTagRules } from './rules';
import { segmentCount, segmentPage } from './segments';
import { automationResults, listAutomations, saveAutomations } from './automations';
import { campaignResults, createCampaign, launchCampaign, listCampaigns } from './campaigns';
import { getLoyaltySettings, listRuleHistory, saveLoyaltySettings } from './settings';
import {
  createCouponTemplate,
  createMallReward,
  listCouponTemplates,
  listMallRewards,
  setCouponTemplateActive,
  setMallRewardActive,
  updateCouponTemplate,
  updateMallReward,
} from './catalog';

export const handlers: Handlers<CrmContract> = {
  getMemberTags: (req, ctx) => getMemberTags(ctx, req.memberId),
  addManualTag: (req, ctx) => addManualTag(ctx, req),
  removeManualTag: (req, ctx) => removeManualTag(ctx, req),
  addNote: (req, ctx) => addNote(ctx, req),
  editNote: (req, ctx) => editNote(ctx, req),
  getTagRules: (_req, ctx) => getTagRules(ctx),
  previewTagRules: (req, ctx) => previewTagRules(ctx, req),
  applyTagRules: (req, ctx) => applyTagRules(ctx, req),
  getTagJob: (req, ctx) => getTagJob(ctx, req.jobId),
  segmentCount: (req, ctx) => segmentCount(ctx, req.segment),
  segmentPage: (req, ctx) => segmentPage(ctx, req),
  listAutomations: (_req, ctx) => listAutomations(ctx),
  saveAutomations: (req, ctx) => saveAutomations(ctx, req),
  automationResults: (req, ctx) => automationResults(ctx, req),
  getLoyaltySettings: (_req, ctx) => getLoyaltySettings(ctx),
  saveLoyaltySettings: (req, ctx) => saveLoyaltySettings(ctx, req),
  listRuleHistory: (req, ctx) => listRuleHistory(ctx, req),
  listCouponTemplates: (_req, ctx) => listCouponTemplates(ctx),
  createCouponTemplate: (req, ctx) => createCouponTemplate(ctx, req),
  updateCouponTemplate: (req, ctx) => updateCouponTemplate(ctx, req),
  setCouponTemplateActive: (req, ctx) => setCouponTemplateActive(ctx, req),
  listMallRewards: (_req, ctx) => listMallRewards(ctx),
  createMallReward: (req, ctx) => createMallReward(ctx, req),
  updateMallReward: (req, ctx) => updateMallReward(ctx, req),
  setMallRewardActive: (req, ctx) => setMallRewardActive(ctx, req),
  createCampaign: (req, ctx) => createCampaign(ctx, req),
  launchCampaign: (req, ctx) => launchCampaign(ctx, req),
  listCampaigns: (_req, ctx) => listCampaigns(ctx),
  campaignResults: (req, ctx) => campaignResults(ctx, req),
};
