/**
 * Campaign and automation response against the holdout, for 经营报表: the nightly pass
 * (cloudfunctions/daily/responses.ts) counts, per Shanghai day the runs started on, per
 * automation or campaign key and per home store, the treated and the held-out members and
 * those who ordered within the key's attribution window after their run started
 * (domain/automations/results.ts, the rule the results pages use). A day is recomputed each
 * night until the longest window of its runs is over, then closed. The report sums the
 * days of its period (`responseFigures`), so it reads neither runs nor orders.
 *
 * A campaign's window is its own `attributionDays`; an automation's is
 * AUTOMATION_ATTRIBUTION_DAYS (the default of its results page).
 *
 * @example responseFigures(docs)[0] // { key: 'inactive7', name: '7天未消费关怀', treated: { rate: 18.2, … }, holdout: { rate: 9.1, … }, liftPoints: 9.1, … }
 */
import { DAY_MS, parseShanghaiDate } from '../calendar';
import {
  compareGroups,
  groupResult,
  summarizeResults,
  type GroupResult,
  type ResultOrder,
  type ResultRun,
} from '../automations/results';

/** The attribution window of an automation's runs in the report (its results page's default). */
export const AUTOMATION_ATTRIBUTION_DAYS = 14;
/** Start days the nightly pass looks back over: the longest campaign window (90) and one. */
export const RESPONSE_LOOKBACK_DAYS = 91;

export type ResponseKind = 'automation' | 'campaign';
export type ResponseCounts = Omit<GroupResult, 'rate'>;

/** What the report names a key by, and its window. */
export type ResponseKey = {
  key: string;
  kind: ResponseKind;
  name: string;
  attributionDays: number;
};

/** One start day × key × home store (`responseRollups`). */
export type ResponseRollup = ResponseKey & {
  _id: string;
  date: string;
  storeId: string | null;
  treated: ResponseCounts;
  holdout: ResponseCounts;
  /** the window of every run counted here is over: the counts are final */
  closed: boolean;
  updatedAt: number;
};

export type ResponseRun = ResultRun & { automationKey: string; storeId: string | null };

export const responseRollupId = (date: string, key: string, storeId: string | null) =>
  `${date}:${key}:${storeId ?? '-'}`;

const keyOf = (keys: ReadonlyMap<string, ResponseKey>, key: string): ResponseKey =>
  keys.get(key) ?? {
    key,
    kind: 'automation',
    name: key,
    attributionDays: AUTOMATION_ATTRIBUTION_DAYS,
  };

/** The latest instant an order can count for a run started on `date`. */
export function responseWindowEnd(
  date: string,
  runs: readonly Pick<ResponseRun, 'automationKey'>[],
  keys: ReadonlyMap<string, ResponseKey>,
): number {
  const days = Math.max(
    AUTOMATION_ATTRIBUTION_DAYS,
    ...runs.map((r) => keyOf(keys, r.automationKey).attributionDays),
  );
  return parseShanghaiDate(date) + DAY_MS + days * DAY_MS;
}

/** The day's documents from its runs and their members' orders (net of refunds). */
export function responseRollupsOfDay(input: {
  date: string;
  runs: readonly ResponseRun[];
  orders: readonly ResultOrder[];
  keys: ReadonlyMap<string, ResponseKey>;
  now: number;
}): { docs: ResponseRollup[]; closed: boolean } {
  const dayEnd = parseShanghaiDate(input.date) + DAY_MS;
  const groups = new Map<string, ResponseRun[]>();
  for (const r of input.runs) {
    const id = responseRollupId(input.date, r.automationKey, r.storeId);
    groups.set(id, [...(groups.get(id) ?? []), r]);
  }
  const ordersOf = new Map<string, ResultOrder[]>();
  for (const o of input.orders) ordersOf.set(o.memberId, [...(ordersOf.get(o.memberId) ?? []), o]);
  const docs = [...groups.entries()].map(([_id, runs]): ResponseRollup => {
    const key = keyOf(input.keys, runs[0].automationKey);
    const members = new Set(runs.map((r) => r.memberId));
    const r = summarizeResults({
      runs,
      orders: [...members].flatMap((m) => ordersOf.get(m) ?? []),
      couponsUsed: 0,
      attributionDays: key.attributionDays,
    });
    const counts = ({ rate: _rate, ...c }: GroupResult): ResponseCounts => c;
    return {
      _id,
      ...key,
      date: input.date,
      storeId: runs[0].storeId,
      treated: counts(r.treated),
      holdout: counts(r.holdout),
      closed: input.now >= dayEnd + key.attributionDays * DAY_MS,
      updatedAt: input.now,
    };
  });
  return {
    docs,
    closed: input.now >= responseWindowEnd(input.date, input.runs, input.keys),
  };
}

export type ResponseRow = ResponseKey & {
  treated: GroupResult;
  holdout: GroupResult;
  /** treated rate − holdout rate, percentage points; null without a holdout */
  liftPoints: number | null;
  incrementalResponders: number | null;
  /** treated revenue beyond the holdout's revenue per member × the treated members */
  incrementalRevenueFen: number | null;
  /** some of its runs are still inside their window: the figures may still grow */
  open: boolean;
};

const add = (a: ResponseCounts, b: ResponseCounts): ResponseCounts => ({
  members: a.members + b.members,
  responded: a.responded + b.responded,
  orders: a.orders + b.orders,
  revenueFen: a.revenueFen + b.revenueFen,
});
const ZERO: ResponseCounts = { members: 0, responded: 0, orders: 0, revenueFen: 0 };

/** Counts to sum: a document, or the database's sum of several (closed: all of them were). */
export type ResponseSums = Pick<
  ResponseRollup,
  keyof ResponseKey | 'treated' | 'holdout' | 'closed'
>;

/** Per key, the period's days and the scope's stores summed: campaigns first, larger first. */
export function responseFigures(docs: readonly ResponseSums[]): ResponseRow[] {
  const byKey = new Map<
    string,
    { key: ResponseKey; t: ResponseCounts; h: ResponseCounts; open: boolean }
  >();
  for (const d of docs) {
    const { key, kind, name, attributionDays } = d;
    const sum = byKey.get(key) ?? {
      key: { key, kind, name, attributionDays },
      t: ZERO,
      h: ZERO,
      open: false,
    };
    byKey.set(key, {
      ...sum,
      t: add(sum.t, d.treated),
      h: add(sum.h, d.holdout),
      open: sum.open || !d.closed,
    });
  }
  return [...byKey.values()]
    .map(({ key, t, h, open }): ResponseRow => {
      const treated = groupResult(t);
      const holdout = groupResult(h);
      return {
        ...key,
        treated,
        holdout,
        ...compareGroups(treated, holdout),
        incrementalRevenueFen:
          holdout.members > 0
            ? Math.round(
                treated.revenueFen - (holdout.revenueFen / holdout.members) * treated.members,
              )
            : null,
        open,
      };
    })
    .sort(
      (a, b) =>
        (a.kind === b.kind ? 0 : a.kind === 'campaign' ? -1 : 1) ||
        b.treated.members + b.holdout.members - (a.treated.members + a.holdout.members) ||
        a.key.localeCompare(b.key),
    );
}
