/**
 * Rolling spend kept as monthly buckets on the member: `{ 'YYYY-MM': fen }` in Shanghai
 * months. The rolling 12-month spend is the sum of the 12 months ending with the current
 * month (so it changes on the 1st of a month, not day by day); buckets older than
 * 13 months are pruned as new spend arrives.
 */
import { type ShanghaiMonth, addMonths, shanghaiMonth } from './calendar';

export type SpendByMonth = Record<ShanghaiMonth, number>;
export const KEEP_MONTHS = 13;

/**
 * Sum of the `months` months ending with the Shanghai month of `now` (later months ignored).
 * @example rollingSpend({ '2026-11': 5000, '2025-11': 9000 }, shanghaiTime(2026, 11, 20)) // 5000
 */
export function rollingSpend(buckets: SpendByMonth, now: number, months = 12): number {
  const last = shanghaiMonth(now);
  const first = addMonths(last, -(months - 1));
  let sum = 0;
  for (const [month, fen] of Object.entries(buckets)) {
    if (month >= first && month <= last) sum += fen;
  }
  return sum;
}

/**
 * Drop buckets before the `keep` months ending with the month of `now`; zero buckets go too.
 * @example pruneSpendByMonth({ '2025-01': 100, '2026-11': 200 }, shanghaiTime(2026, 11, 1)) // { '2026-11': 200 }
 */
export function pruneSpendByMonth(
  buckets: SpendByMonth,
  now: number,
  keep = KEEP_MONTHS,
): SpendByMonth {
  return keepMonthsUpTo(buckets, shanghaiMonth(now), keep);
}

function keepMonthsUpTo(buckets: SpendByMonth, last: ShanghaiMonth, keep: number): SpendByMonth {
  const first = addMonths(last, -(keep - 1));
  const out: SpendByMonth = {};
  for (const month of Object.keys(buckets).sort()) {
    if (month >= first && buckets[month] !== 0) out[month] = buckets[month];
  }
  return out;
}

/**
 * New buckets with `fen` added to the Shanghai month of `ts` (negative for refunds; a
 * bucket never goes below 0), pruned to the 13 months ending with the latest month held.
 * Does not mutate `buckets`.
 * @example addSpend({}, shanghaiTime(2026, 11, 30, 23), 8600) // { '2026-11': 8600 }
 */
export function addSpend(buckets: SpendByMonth, ts: number, fen: number): SpendByMonth {
  const month = shanghaiMonth(ts);
  const next: SpendByMonth = { ...buckets, [month]: Math.max(0, (buckets[month] ?? 0) + fen) };
  const latest = Object.keys(next).sort().pop() ?? month;
  return keepMonthsUpTo(next, latest, KEEP_MONTHS);
}
