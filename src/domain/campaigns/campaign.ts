/**
 * Campaigns (营销活动): HQ picks a segment (tags, store, level, clerk), a coupon template, an
 * optional message and a holdout share; launched, the campaign's audience is walked once by
 * the automations timer and each member is held out or given the coupon (and the message).
 * Its results are those of an automation (domain/automations/results.ts): treated vs
 * holdout in the attribution window, the lift in percentage points and the responders the
 * campaign caused.
 *
 * A campaign runs as a one-off automation (`campaignAutomation`): the same planStep (holdout
 * by a keyed hash, scoped by the campaign), the same apply (run document first, coupon keyed
 * by the run, message through the outbox with quiet hours, credits and the card's notice),
 * so a walk redone after a crash or a second timer run issues nothing twice.
 *
 * States: draft → running (launched; the walk starts at `startAt`) → done (the whole audience
 * walked and the attribution window after the walk over).
 *
 * @example campaignAutomation({ _id: 'cmp_3f2a…', ...def }) // { key: 'cmp3f2a…', steps: [{ actions: [coupon, message] }], … }
 */
import { z } from 'zod';
import { DAY_MS } from '../calendar';
import { segmentSchema } from '../tags/segments';
import type { Automation } from '../automations/definitions';
import { DEFAULT_QUIET_HOURS } from '../automations/quietHours';

const text = (max: number) => z.string().trim().min(1).max(max);

export const campaignDefSchema = z.strictObject({
  name: text(20),
  segment: segmentSchema,
  couponTemplateId: text(40),
  /** sent as an `offer` subscribe message (credit and consent permitting), else a card notice */
  message: z.strictObject({ title: text(20), body: text(60) }).optional(),
  /** whole percent of the audience that gets nothing, for comparison */
  holdoutPercent: z.number().int().min(0).max(50).default(10),
  /** an order this many days after a member's turn counts as a response */
  attributionDays: z.number().int().min(1).max(90).default(14),
  /** when the walk may start (epoch ms; a past instant: at the next timer run) */
  startAt: z.number().int().min(0),
});
export type CampaignDef = z.output<typeof campaignDefSchema>;
export type CampaignDefInput = z.input<typeof campaignDefSchema>;

export const CAMPAIGN_STATUSES = ['draft', 'running', 'done'] as const;
export type CampaignStatus = (typeof CAMPAIGN_STATUSES)[number];
export const CAMPAIGN_STATUS_NAMES: Record<CampaignStatus, string> = {
  draft: '草稿',
  running: '进行中',
  done: '已结束',
};

export type Campaign = CampaignDef & {
  _id: string;
  status: CampaignStatus;
  launchedAt: number | null;
  /** the walk's cursor: the last member `_id` handled */
  cursor: string | null;
  /** when the whole audience had been walked */
  walkedAt: number | null;
};

/** The run occurrence of every member's turn in a campaign (one per member per campaign). */
export const CAMPAIGN_OCCURRENCE = 'launch';

/** The automation key of a campaign: 'cmp' + its id's hex (automation keys are alphanumeric). */
export function campaignKey(campaignId: string): string {
  return campaignId.replace(/[^a-zA-Z0-9]/g, '').slice(0, 32);
}

/** A campaign as the one-off automation the timer applies to each member of its audience. */
export function campaignAutomation(c: Pick<Campaign, '_id' | keyof CampaignDef>): Automation {
  return {
    key: campaignKey(c._id),
    name: c.name,
    enabled: true,
    // not a trigger the timer watches: the campaign's walk starts each run; an offer message
    trigger: { kind: 'purchase', crossStoreOnly: false },
    audience: c.segment,
    steps: [
      {
        afterDays: 0,
        untilPurchase: false,
        actions: [
          { kind: 'coupon', templateId: c.couponTemplateId },
          ...(c.message ? [{ kind: 'memberMessage' as const, ...c.message }] : []),
        ],
      },
    ],
    capDays: 0,
    holdoutPercent: c.holdoutPercent,
    quietHours: DEFAULT_QUIET_HOURS,
  };
}

export type CampaignTransition =
  | { kind: 'launch'; now: number }
  | { kind: 'walked'; now: number }
  | { kind: 'tick'; now: number };

/**
 * The state machine: launch only a draft; a running campaign is done once walked and its
 * attribution window after the walk has passed. Answers the next state, or null when the
 * transition does not apply (a second launch, a tick too early).
 */
export function nextState(
  c: Pick<Campaign, 'status' | 'walkedAt' | 'attributionDays'>,
  t: CampaignTransition,
): Pick<Campaign, 'status' | 'walkedAt'> | null {
  switch (t.kind) {
    case 'launch':
      return c.status === 'draft' ? { status: 'running', walkedAt: null } : null;
    case 'walked':
      return c.status === 'running' && c.walkedAt === null
        ? { status: 'running', walkedAt: t.now }
        : null;
    case 'tick':
      return c.status === 'running' &&
        c.walkedAt !== null &&
        t.now >= c.walkedAt + c.attributionDays * DAY_MS
        ? { status: 'done', walkedAt: c.walkedAt }
        : null;
  }
}

/** Whether the timer walks this campaign's audience now. */
export const isWalking = (
  c: Pick<Campaign, 'status' | 'walkedAt' | 'startAt'>,
  now: number,
): boolean => c.status === 'running' && c.walkedAt === null && now >= c.startAt;
