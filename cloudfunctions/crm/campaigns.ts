/**
 * Campaigns (营销活动, domain/campaigns/campaign.ts) for HQ and store managers: HQ creates a
 * draft (segment, coupon template, message, holdout share) and launches it — recorded in the
 * audit log with the audience it had; the automations timer walks the audience
 * (automations/campaigns.ts). Managers and HQ read the list and the results, treated vs
 * holdout, computed as an automation's (crm/automations.ts resultsOf): a manager sees their
 * own store's members.
 */
import type { CampaignResultsView, CampaignView } from '@/contracts/crm';
import { AppError } from '@/contracts/errors';
import {
  CAMPAIGN_STATUS_NAMES,
  campaignKey,
  nextState,
  type Campaign,
  type CampaignDef,
} from '@/domain/campaigns/campaign';
import type { Ctx } from '../_shared/runtime';
import { getById, isDuplicateKeyError, type Filter } from '../_shared/db';
import { derivedId } from '../_shared/keys';
import { appendAudit, auditActor } from '../_shared/repos/audit';
import type { CouponTemplateDoc } from '../_shared/repos/rewards';
import { requireStaff } from '../_shared/repos/staff';
import { segmentWhere } from '../_shared/segmentQuery';
import { resultsOf } from './automations';
import { ensureStores } from './catalog';

export const CAMPAIGNS = 'campaigns';
const LIST_MAX = 100;

export type CampaignDoc = Campaign & {
  createdAt: number;
  createdBy: string;
  launchedBy: string | null;
  audienceAtLaunch: number | null;
  updatedAt: number;
};

async function templateNames(ctx: Ctx, ids: string[]): Promise<Map<string, string>> {
  const unique = [...new Set(ids)];
  if (!unique.length) return new Map();
  const res = await ctx.db
    .collection('couponTemplates')
    .where({ _id: ctx.db.command.in(unique) })
    .field({ name: true })
    .limit(unique.length)
    .get();
  return new Map((res.data as { _id: string; name: string }[]).map((t) => [t._id, t.name]));
}

function view(c: CampaignDoc, names: Map<string, string>): CampaignView {
  return {
    id: c._id,
    name: c.name,
    segment: c.segment,
    couponTemplateId: c.couponTemplateId,
    ...(c.message ? { message: c.message } : {}),
    holdoutPercent: c.holdoutPercent,
    attributionDays: c.attributionDays,
    startAt: c.startAt,
    status: c.status,
    statusName: CAMPAIGN_STATUS_NAMES[c.status],
    couponTemplateName: names.get(c.couponTemplateId) ?? null,
    createdAt: c.createdAt,
    launchedAt: c.launchedAt,
    audienceAtLaunch: c.audienceAtLaunch,
    walkedAt: c.walkedAt,
  };
}

async function viewOf(ctx: Ctx, c: CampaignDoc): Promise<CampaignView> {
  return view(c, await templateNames(ctx, [c.couponTemplateId]));
}

async function usableTemplate(ctx: Ctx, id: string): Promise<void> {
  const t = await getById<CouponTemplateDoc>(ctx.db, 'couponTemplates', id);
  if (!t) throw new AppError('CATALOG.TEMPLATE_NOT_FOUND');
  if (t.active === false) throw new AppError('CATALOG.TEMPLATE_INACTIVE');
}

export async function createCampaign(
  ctx: Ctx,
  input: { campaign: CampaignDef; requestId: string },
): Promise<{ campaign: CampaignView; created: boolean }> {
  const staff = await requireStaff(ctx, ['hq']);
  await usableTemplate(ctx, input.campaign.couponTemplateId);
  await ensureStores(ctx, input.campaign.segment.storeIds ?? []);
  const doc: CampaignDoc = {
    _id: derivedId('cmp', input.requestId),
    ...input.campaign,
    status: 'draft',
    launchedAt: null,
    cursor: null,
    walkedAt: null,
    createdAt: ctx.now,
    createdBy: staff._id,
    launchedBy: null,
    audienceAtLaunch: null,
    updatedAt: ctx.now,
  };
  try {
    await ctx.db.collection(CAMPAIGNS).add({ data: doc });
  } catch (e) {
    if (!isDuplicateKeyError(e)) throw e;
    const existing = await getById<CampaignDoc>(ctx.db, CAMPAIGNS, doc._id);
    return { campaign: await viewOf(ctx, existing!), created: false };
  }
  return { campaign: await viewOf(ctx, doc), created: true };
}

export async function launchCampaign(
  ctx: Ctx,
  input: { id: string },
): Promise<{ campaign: CampaignView }> {
  const staff = await requireStaff(ctx, ['hq']);
  const c = await getById<CampaignDoc>(ctx.db, CAMPAIGNS, input.id);
  if (!c) throw new AppError('COMMON.NOT_FOUND', '找不到该营销活动');
  const next = nextState(c, { kind: 'launch', now: ctx.now });
  if (!next) throw new AppError('CAMPAIGN.NOT_DRAFT');
  await usableTemplate(ctx, c.couponTemplateId);
  const audience = (
    await ctx.db
      .collection('members')
      .where(segmentWhere(ctx.db.command, c.segment) as Filter)
      .count()
  ).total;
  const change = {
    ...next,
    launchedAt: ctx.now,
    launchedBy: staff._id,
    audienceAtLaunch: audience,
    updatedAt: ctx.now,
  };
  // only a draft moves: two launches at once, one wins
  const res = await ctx.db
    .collection(CAMPAIGNS)
    .where({ _id: c._id, status: 'draft' })
    .update({ data: change });
  if (res.stats.updated === 0) throw new AppError('CAMPAIGN.NOT_DRAFT');
  await appendAudit(ctx, {
    actor: auditActor(staff),
    action: 'campaign.launch',
    target: { kind: 'campaign', id: c._id },
    detail: { name: c.name, audience, holdoutPercent: c.holdoutPercent },
    at: ctx.now,
    source: 'crm.launchCampaign',
  });
  return { campaign: await viewOf(ctx, { ...c, ...change }) };
}

export async function listCampaigns(ctx: Ctx): Promise<{ campaigns: CampaignView[] }> {
  await requireStaff(ctx, ['manager', 'hq']);
  const res = await ctx.db.collection(CAMPAIGNS).orderBy('createdAt', 'desc').limit(LIST_MAX).get();
  const docs = res.data as CampaignDoc[];
  const names = await templateNames(
    ctx,
    docs.map((c) => c.couponTemplateId),
  );
  return { campaigns: docs.map((c) => view(c, names)) };
}

export async function campaignResults(
  ctx: Ctx,
  input: { id: string },
): Promise<CampaignResultsView> {
  const staff = await requireStaff(ctx, ['manager', 'hq']);
  const c = await getById<CampaignDoc>(ctx.db, CAMPAIGNS, input.id);
  if (!c) throw new AppError('COMMON.NOT_FOUND', '找不到该营销活动');
  const from = c.launchedAt ?? ctx.now;
  const results = await resultsOf(ctx, staff, {
    key: campaignKey(c._id),
    from,
    to: Math.max(ctx.now, from) + 1,
    attributionDays: c.attributionDays,
  });
  return { ...results, campaign: await viewOf(ctx, c) };
}
