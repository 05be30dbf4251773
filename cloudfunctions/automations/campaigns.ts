/**
 * Campaigns' audiences (crm/campaigns.ts launches them): each running campaign whose start
 * has come is walked by the automations timer, its segment's members page by page in `_id`
 * order (the segment query, _shared/segmentQuery.ts), each member's turn decided and applied
 * as a one-off automation's first step (domain/campaigns/campaign.ts campaignAutomation,
 * apply.ts startRun): held out or given the coupon and the message, one run document per
 * member per campaign (`<key>:<member>:launch`), every action keyed by it. The cursor (last
 * `_id`) is saved on the campaign after every page, so the walk goes on across the timer's
 * runs and a run killed mid-page redoes at most that page — nothing twice. A step cut short
 * is redone by the timer's `acting` pass, which is handed the running campaigns (index.ts).
 * Quiet hours defer the walk to their end, so the coupon and its message arrive together.
 */
import {
  CAMPAIGN_OCCURRENCE,
  campaignAutomation,
  isWalking,
  nextState,
} from '@/domain/campaigns/campaign';
import { isQuiet } from '@/domain/automations/quietHours';
import { DEFAULT_QUIET_HOURS } from '@/domain/automations/quietHours';
import type { Ctx } from '../_shared/runtime';
import type { Filter } from '../_shared/db';
import { eachInGroups } from '../_shared/tagJobs';
import { segmentWhere } from '../_shared/segmentQuery';
import type { CampaignDoc } from '../crm/campaigns';
import { startRun } from './apply';
import {
  asCandidate,
  MEMBER_PROJECTION,
  zero,
  type AutomationCounts,
  type Candidate,
} from './members';

const CAMPAIGNS = 'campaigns';

/** The launched campaigns not yet done (few: HQ launches them by hand). */
export async function runningCampaigns(ctx: Ctx): Promise<CampaignDoc[]> {
  const res = await ctx.db.collection(CAMPAIGNS).where({ status: 'running' }).limit(100).get();
  return res.data as CampaignDoc[];
}

export async function runCampaigns(
  ctx: Ctx,
  campaigns: CampaignDoc[],
  deadline: number,
  byAutomation: Record<string, AutomationCounts>,
): Promise<boolean> {
  for (const c of campaigns) {
    const done = nextState(c, { kind: 'tick', now: ctx.now });
    if (done) {
      await ctx.db
        .collection(CAMPAIGNS)
        .where({ _id: c._id, status: 'running' })
        .update({ data: { status: done.status, updatedAt: ctx.now } });
      continue;
    }
    if (!isWalking(c, ctx.now) || isQuiet(ctx.now, DEFAULT_QUIET_HOURS)) continue;
    if (!(await walk(ctx, c, deadline, byAutomation))) return false;
  }
  return true;
}

async function walk(
  ctx: Ctx,
  c: CampaignDoc,
  deadline: number,
  byAutomation: Record<string, AutomationCounts>,
): Promise<boolean> {
  const a = campaignAutomation(c);
  const counts = (byAutomation[a.key] ??= zero());
  const batch = ctx.config.tagJobBatch;
  const occurrence = { id: CAMPAIGN_OCCURRENCE, at: c.startAt };
  let after = c.cursor ?? undefined;
  for (;;) {
    if (performance.now() > deadline) return false;
    const page = (
      await ctx.db
        .collection('members')
        .where(segmentWhere(ctx.db.command, c.segment, after) as Filter)
        .orderBy('_id', 'asc')
        .field(MEMBER_PROJECTION)
        .limit(batch)
        .get()
    ).data as Candidate[];
    const done = await eachInGroups(page, deadline, async (raw) => {
      counts.found += 1;
      counts[await startRun(ctx, a, asCandidate(raw), occurrence)] += 1;
    });
    if (done < page.length) return false;
    if (page.length > 0) after = page.at(-1)!._id;
    const finished = page.length < batch;
    const walked = finished ? nextState(c, { kind: 'walked', now: ctx.now }) : null;
    await ctx.db
      .collection(CAMPAIGNS)
      .doc(c._id)
      .update({
        data: {
          cursor: after ?? null,
          ...(walked ? { walkedAt: walked.walkedAt } : {}),
          updatedAt: ctx.now,
        },
      });
    if (finished) return true;
  }
}
