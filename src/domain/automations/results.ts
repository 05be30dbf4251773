/**
 * What an automation caused: its runs in a period, treated vs holdout, each member counted
 * as responding when they ordered within the attribution window after their run started.
 * The lift (treated rate − holdout rate, in percentage points) is the share of the treated
 * group's response the automation caused; incremental orders and revenue scale the holdout's
 * rate to the treated group's size.
 *
 * @example summarizeResults({ runs, orders, couponsUsed: 3, attributionDays: 14 })
 *          // { treated: { members, responded, rate, orders, revenueFen }, holdout: {…}, liftPoints, … }
 */
import { DAY_MS } from '../calendar';
import type { Group } from './holdout';

export type ResultRun = {
  memberId: string;
  group: Group;
  startedAt: number;
  /** what the run's steps did (apply.ts outcomes) */
  actions?: readonly { kind: string; outcome: string }[];
};
export type ResultOrder = { memberId: string; createdAt: number; paidFen: number };

export type GroupResult = {
  members: number;
  responded: number;
  /** responded / members, in percent with one decimal (0 when empty) */
  rate: number;
  orders: number;
  revenueFen: number;
};

export type AutomationResults = {
  treated: GroupResult;
  holdout: GroupResult;
  /** treated rate − holdout rate, percentage points, one decimal; null without a holdout */
  liftPoints: number | null;
  /** treated responders beyond what the holdout's rate predicts (≥ 0), null without a holdout */
  incrementalResponders: number | null;
  /** coupons the treated runs issued, and messages they sent (in-app notices or subscribe) */
  couponsIssued: number;
  messages: number;
  /** of those, only an in-app notice (no subscribe message of the kind, no credit, no consent) */
  messagesFellBack: number;
  couponsUsed: number;
  attributionDays: number;
};

const pct = (n: number, d: number) => (d === 0 ? 0 : Math.round((1000 * n) / d) / 10);

/** A group's counts with its rate. */
export function groupResult(c: Omit<GroupResult, 'rate'>): GroupResult {
  return { ...c, rate: pct(c.responded, c.members) };
}

/** Treated against holdout: the lift in points and the responders the treatment caused. */
export function compareGroups(
  treated: GroupResult,
  holdout: GroupResult,
): Pick<AutomationResults, 'liftPoints' | 'incrementalResponders'> {
  if (holdout.members === 0) return { liftPoints: null, incrementalResponders: null };
  const expected = (holdout.responded / holdout.members) * treated.members;
  return {
    liftPoints: Math.round((treated.rate - holdout.rate) * 10) / 10,
    incrementalResponders: Math.max(0, Math.round(treated.responded - expected)),
  };
}

export function summarizeResults(input: {
  runs: readonly ResultRun[];
  orders: readonly ResultOrder[];
  couponsUsed: number;
  attributionDays: number;
}): AutomationResults {
  const window = input.attributionDays * DAY_MS;
  const byMember = new Map<string, ResultOrder[]>();
  for (const o of input.orders) byMember.set(o.memberId, [...(byMember.get(o.memberId) ?? []), o]);
  const group = (g: Group): GroupResult => {
    const runs = input.runs.filter((r) => r.group === g);
    let responded = 0;
    let orders = 0;
    let revenueFen = 0;
    for (const r of runs) {
      const after = (byMember.get(r.memberId) ?? []).filter(
        (o) => o.createdAt > r.startedAt && o.createdAt <= r.startedAt + window,
      );
      if (after.length > 0) responded += 1;
      orders += after.length;
      revenueFen += after.reduce((s, o) => s + o.paidFen, 0);
    }
    return groupResult({ members: runs.length, responded, orders, revenueFen });
  };
  const treated = group('treated');
  const outcomes = input.runs.flatMap((r) => (r.group === 'treated' ? (r.actions ?? []) : []));
  const couponsIssued = outcomes.filter(
    (a) => a.kind === 'coupon' && (a.outcome === 'issued' || a.outcome === 'alreadyIssued'),
  ).length;
  const sent = outcomes.filter((a) => a.kind === 'memberMessage');
  const messages = sent.length;
  const messagesFellBack = sent.filter((a) => a.outcome.startsWith('notice')).length;
  const holdout = group('holdout');
  return {
    treated,
    holdout,
    ...compareGroups(treated, holdout),
    couponsIssued,
    messages,
    messagesFellBack,
    couponsUsed: input.couponsUsed,
    attributionDays: input.attributionDays,
  };
}
