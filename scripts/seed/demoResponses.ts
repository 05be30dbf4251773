/**
 * The demo chain's campaign and automation history, for 经营报表's response section and the
 * campaign page: one finished campaign (会员回店礼, 40 days ago, 20% holdout, the whole
 * chain) and half a year of 7天未消费关怀 runs (7 days after a purchase not followed by
 * another, at most one per 30 days, 10% holdout). Holdout groups are the functions' keyed
 * hash (domain/automations/holdout.ts), with the seed's CRM_PII_HASH_SECRET; treated members
 * get the coupon (now used up or expired, as issued coupons would be) and, some of them,
 * a purchase in the attribution window that the holdout does not get — the effect the
 * response section then measures. The purchases are drawn by demoMember.ts with a random
 * source of their own, so the rest of the demo is the same with or without them.
 *
 * The response rollups and the nightly markers are computed from the same runs and orders
 * by the nightly pass's domain code (domain/reports/responses.ts).
 */
import { DAY_MS, parseShanghaiDate, shanghaiDate } from '../../src/domain/calendar';
import { assignGroup } from '../../src/domain/automations/holdout';
import { runKeyOf } from '../../src/domain/automations/plan';
import { DEFAULT_AUTOMATIONS } from '../../src/domain/automations/definitions';
import { CAMPAIGN_OCCURRENCE, campaignKey } from '../../src/domain/campaigns/campaign';
import {
  AUTOMATION_ATTRIBUTION_DAYS,
  RESPONSE_LOOKBACK_DAYS,
  responseRollupsOfDay,
  type ResponseKey,
  type ResponseRun,
} from '../../src/domain/reports/responses';
import { catalogueTemplate } from './loyaltyCatalogue';
import { seedCoupon } from './coupons';
import { responseMarkerId } from '../../cloudfunctions/daily/responses';
import type { Rng } from './rng';

type Doc = Record<string, unknown>;

export const DEMO_CAMPAIGN_ID = 'cmp_demo_return';
const CAMPAIGN_KEY = campaignKey(DEMO_CAMPAIGN_ID);
const CAMPAIGN_HOLDOUT = 20;
const INACTIVE = DEFAULT_AUTOMATIONS.find((a) => a.key === 'inactive7')!;
/** the window the runs are drawn over: the report's two longest periods */
const HISTORY_DAYS = 180;

export type DemoResponses = ReturnType<typeof demoResponses>;

/** What demoMember.ts asks of each member: their runs, and the purchases the treatment adds. */
export function demoResponses(now: number, secret: string) {
  const campaignAt = parseShanghaiDate(shanghaiDate(now - 40 * DAY_MS)) + 10 * 3600_000;
  const runs: Doc[] = [];
  const coupons: Doc[] = [];
  const addRun = (
    key: string,
    memberId: string,
    storeId: string,
    occurrenceId: string,
    at: number,
    group: 'treated' | 'holdout',
    coupon: { templateId: string; rng: Rng },
  ) => {
    const runKey = runKeyOf(key, memberId, occurrenceId);
    const couponKey = `${runKey}:s0:a0`;
    runs.push({
      _id: runKey,
      automationKey: key,
      memberId,
      storeId,
      occurrenceId,
      occurrenceAt: at,
      group,
      status: group === 'holdout' ? 'holdout' : 'done',
      step: 0,
      nextStepAt: null,
      actions:
        group === 'holdout'
          ? []
          : [
              { key: couponKey, kind: 'coupon', outcome: 'issued' },
              { key: `${runKey}:s0:a1`, kind: 'memberMessage', outcome: 'notice' },
            ],
      startedAt: at,
      updatedAt: at,
    });
    if (group === 'treated') {
      const c = seedCoupon({
        memberId,
        templateId: coupon.templateId,
        template: catalogueTemplate(coupon.templateId),
        code: coupon.rng.hex(12).toUpperCase(),
        issueKey: couponKey,
        source: 'automation',
        at,
      });
      coupons.push(c.validUntil < now ? { ...c, status: 'expired', expiredAt: c.validUntil } : c);
    }
  };

  /**
   * A member's runs, given their purchases (sorted); answers the purchases the treatment
   * adds (`canRespond` false: none — a lapsed shopper does not come back).
   */
  function member(m: {
    memberId: string;
    storeId: string;
    joinedAt: number;
    times: readonly number[];
    canRespond: boolean;
    rng: Rng;
  }): number[] {
    const { memberId, storeId, rng } = m;
    const extra: number[] = [];
    const within = (from: number, days: number) =>
      from + rng.int(1, days - 1) * DAY_MS + rng.int(0, 9) * 3600_000;
    if (m.joinedAt < campaignAt) {
      const group = assignGroup(memberId, `automation:${CAMPAIGN_KEY}`, CAMPAIGN_HOLDOUT, secret);
      addRun(CAMPAIGN_KEY, memberId, storeId, CAMPAIGN_OCCURRENCE, campaignAt, group, {
        templateId: 'campaign-10',
        rng,
      });
      // the campaign brings back some who would not have come in its window anyway
      const cameAnyway = m.times.some((t) => t > campaignAt && t <= campaignAt + 14 * DAY_MS);
      if (group === 'treated' && m.canRespond && !cameAnyway && rng.chance(0.25))
        extra.push(within(campaignAt, 14));
    }
    const timeline = [...m.times, ...extra].sort((a, b) => a - b);
    let lastRun = -Infinity;
    const inactiveGroup = assignGroup(
      memberId,
      `automation:${INACTIVE.key}`,
      INACTIVE.holdoutPercent,
      secret,
    );
    for (let i = 0; i < timeline.length; i++) {
      const next = timeline[i + 1] ?? Infinity;
      const at = timeline[i] + 7 * DAY_MS;
      if (at >= next || at >= now - DAY_MS || at < now - HISTORY_DAYS * DAY_MS) continue;
      if (at < lastRun + (INACTIVE.capDays ?? 30) * DAY_MS) continue;
      lastRun = at;
      addRun(INACTIVE.key, memberId, storeId, shanghaiDate(at), at, inactiveGroup, {
        templateId: 'auto-recall',
        rng,
      });
      const window = at + AUTOMATION_ATTRIBUTION_DAYS * DAY_MS;
      if (inactiveGroup === 'treated' && m.canRespond && next > window && rng.chance(0.4)) {
        const back = within(at, 10);
        if (back < next && back < now) {
          extra.push(back);
          timeline.splice(i + 1, 0, back);
        }
      }
    }
    return extra.filter((at) => at < now);
  }

  /** The campaign, the rollups and the nightly markers, once every member is drawn. */
  function finish(orders: readonly Doc[], hqId: string) {
    const campaign: Doc = {
      _id: DEMO_CAMPAIGN_ID,
      name: '会员回店礼',
      segment: { tags: { all: [], any: [], none: [] }, manualTags: [] },
      couponTemplateId: 'campaign-10',
      message: { title: '会员回店礼', body: '送您一张 ¥10 无门槛券，30 天内到店可用' },
      holdoutPercent: CAMPAIGN_HOLDOUT,
      attributionDays: 14,
      startAt: campaignAt,
      status: 'done',
      launchedAt: campaignAt - 3600_000,
      cursor: null,
      walkedAt: campaignAt,
      createdAt: campaignAt - DAY_MS,
      createdBy: hqId,
      launchedBy: hqId,
      audienceAtLaunch: runs.filter((r) => r.automationKey === CAMPAIGN_KEY).length,
      updatedAt: campaignAt,
    };
    const keys = new Map<string, ResponseKey>([
      [
        INACTIVE.key,
        {
          key: INACTIVE.key,
          kind: 'automation',
          name: INACTIVE.name,
          attributionDays: AUTOMATION_ATTRIBUTION_DAYS,
        },
      ],
      [
        CAMPAIGN_KEY,
        { key: CAMPAIGN_KEY, kind: 'campaign', name: '会员回店礼', attributionDays: 14 },
      ],
    ]);
    const byDate = new Map<string, ResponseRun[]>();
    for (const r of runs as unknown as ResponseRun[]) {
      const date = shanghaiDate(r.startedAt);
      byDate.set(date, [...(byDate.get(date) ?? []), r]);
    }
    const resultOrders = orders.map((o) => ({
      memberId: String(o.memberId),
      createdAt: Number(o.createdAt),
      paidFen: Number(o.paidFen) - Number(o.refundedFen ?? 0),
    }));
    const rollups: Doc[] = [];
    const markers: Doc[] = [];
    const lookback = new Set(
      Array.from({ length: RESPONSE_LOOKBACK_DAYS }, (_v, i) =>
        shanghaiDate(now - (RESPONSE_LOOKBACK_DAYS - i) * DAY_MS),
      ),
    );
    for (const date of new Set([...byDate.keys(), ...lookback])) {
      const dayRuns = byDate.get(date) ?? [];
      const { docs, closed } = responseRollupsOfDay({
        date,
        runs: dayRuns,
        orders: resultOrders,
        keys,
        now,
      });
      rollups.push(...docs);
      if (lookback.has(date))
        markers.push({
          _id: responseMarkerId(date),
          job: 'responses',
          date,
          closed,
          runs: dayRuns.length,
          updatedAt: now,
        });
    }
    return { campaign, runs, coupons, rollups, markers };
  }

  return { member, finish };
}
