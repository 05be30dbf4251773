/**
 * Automations for HQ and store managers: the list as in force (with its version), HQ's
 * save (validated by the schema the timer uses, versioned with a history entry), and the
 * results of one automation in a period — treated vs holdout (domain/automations/results.ts),
 * read from its runs, the orders of their members in the attribution window and the coupons
 * it issued. A manager sees the runs of their own store's members.
 */
import type { AutomationResultsView, AutomationsView } from '@/contracts/crm';
import { AppError } from '@/contracts/errors';
import type { Automation } from '@/domain/automations/definitions';
import { summarizeResults, type ResultOrder } from '@/domain/automations/results';
import { DAY_MS } from '@/domain/calendar';
import type { Ctx } from '../_shared/runtime';
import type { Filter } from '../_shared/db';
import { loadAutomationsVersioned, type AutomationRunDoc } from '../_shared/repos/automations';
import { AUTOMATIONS_RULE, saveRuleVersion } from '../_shared/repos/ruleVersions';
import { requireStaff, type StaffDoc } from '../_shared/repos/staff';

/** Runs read for one result (HQ-sized periods; a longer one says it was cut). */
export const RESULT_RUNS_MAX = 5_000;
const PAGE = 1_000;

export async function listAutomations(ctx: Ctx): Promise<AutomationsView> {
  await requireStaff(ctx, ['manager', 'hq']);
  return loadAutomationsVersioned(ctx.db);
}

export async function saveAutomations(
  ctx: Ctx,
  input: { automations: Automation[]; baseVersion: number },
): Promise<AutomationsView> {
  const staff = await requireStaff(ctx, ['hq']);
  const current = await loadAutomationsVersioned(ctx.db);
  if (current.version !== input.baseVersion) throw new AppError('COMMON.CONFLICT');
  const version = await saveRuleVersion(ctx, AUTOMATIONS_RULE, {
    before: current.automations,
    after: input.automations,
    fields: { automations: input.automations },
    baseVersion: current.version,
    by: staff,
    source: 'crm.saveAutomations',
  });
  return { automations: input.automations, version };
}

export async function automationResults(
  ctx: Ctx,
  request: { key: string; from?: number; to?: number; attributionDays: number },
): Promise<AutomationResultsView> {
  const staff = await requireStaff(ctx, ['manager', 'hq']);
  const to = request.to ?? ctx.now;
  const input = { ...request, to, from: request.from ?? to - 30 * DAY_MS };
  if (input.to <= input.from) throw new AppError('COMMON.INVALID_INPUT', '结束时间须晚于开始时间');
  return resultsOf(ctx, staff, input);
}

/**
 * The results of the runs of one automation key started in [from, to): an automation's, or
 * a campaign's (crm/campaigns.ts). A manager counts their own store's members' runs.
 */
export async function resultsOf(
  ctx: Ctx,
  staff: StaffDoc,
  input: { key: string; from: number; to: number; attributionDays: number },
): Promise<AutomationResultsView> {
  const _ = ctx.db.command;
  const where: Filter = {
    automationKey: input.key,
    startedAt: _.gte(input.from).and(_.lt(input.to)),
    ...(staff.role === 'hq' ? {} : { storeId: staff.storeId }),
  };
  const runs: AutomationRunDoc[] = [];
  while (runs.length < RESULT_RUNS_MAX) {
    const page = (
      await ctx.db
        .collection('automationRuns')
        .where(where)
        .orderBy('startedAt', 'asc')
        .skip(runs.length)
        .limit(PAGE)
        .get()
    ).data as AutomationRunDoc[];
    runs.push(...page);
    if (page.length < PAGE) break;
  }
  const orders: ResultOrder[] = [];
  const until = input.to + input.attributionDays * DAY_MS;
  for (let i = 0; i < runs.length; i += PAGE) {
    const ids = [...new Set(runs.slice(i, i + PAGE).map((r) => r.memberId))];
    for (let skip = 0; ; skip += PAGE) {
      const res = await ctx.db
        .collection('orders')
        .where({ memberId: _.in(ids), createdAt: _.gt(input.from).and(_.lte(until)) })
        .orderBy('createdAt', 'asc')
        .field({ memberId: true, createdAt: true, paidFen: true, refundedFen: true })
        .skip(skip)
        .limit(PAGE)
        .get();
      const page = res.data as (ResultOrder & { refundedFen?: number })[];
      // net of refunds: a refunded purchase is not a response worth its price
      for (const o of page) orders.push({ ...o, paidFen: o.paidFen - (o.refundedFen ?? 0) });
      if (page.length < PAGE) break;
    }
  }
  const couponKeys = runs.flatMap((r) =>
    r.actions
      .filter(
        (a) => a.kind === 'coupon' && (a.outcome === 'issued' || a.outcome === 'alreadyIssued'),
      )
      .map((a) => a.key),
  );
  let couponsUsed = 0;
  for (let i = 0; i < couponKeys.length; i += PAGE) {
    couponsUsed += (
      await ctx.db
        .collection('coupons')
        .where({ issueKey: _.in(couponKeys.slice(i, i + PAGE)), status: 'used' })
        .count()
    ).total;
  }
  return {
    key: input.key,
    from: input.from,
    to: input.to,
    truncated: runs.length >= RESULT_RUNS_MAX,
    ...summarizeResults({ runs, orders, couponsUsed, attributionDays: input.attributionDays }),
  };
}
