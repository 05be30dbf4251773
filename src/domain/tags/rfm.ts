/**
 * RFM scores across the chain: recency (days since the last order), frequency (orders in
 * the last 12 months) and monetary value (spend in the last 12 months), each 1–5 by four
 * breakpoints. `quintileBreakpoints` turns the chain's distribution into breakpoints (HQ
 * recalibrates with it; a new set of breakpoints is a rule change like any other).
 *
 * @example rfmScores(member, family, now) // { r: 5, f: 3, m: 4, text: 'R5F3M4', facts: [...] }
 */
import { factText, factValue, type TagSubject } from './facts';
import type { TagFamily } from './families';

type RfmFamily = Extract<TagFamily, { kind: 'rfm' }>;

export const RFM_FIELDS = {
  r: { field: 'daysSinceLastOrder' },
  f: { field: 'ordersInMonths', months: 12 },
  m: { field: 'spendInMonths', months: 12 },
} as const;

/** 5 at or below the first breakpoint, 4 at or below the second, … 1 above the last. */
export function recencyScore(days: number, breakpoints: number[]): number {
  const i = breakpoints.findIndex((b) => days <= b);
  return i === -1 ? 1 : 5 - i;
}

/** 1 below the first breakpoint, 2 at or above it, … 5 at or above the last. */
export function amountScore(value: number, breakpoints: number[]): number {
  return 1 + breakpoints.filter((b) => value >= b).length;
}

export type RfmScores = { r: number; f: number; m: number; text: string; facts: string[] };

/** The member's scores now; null before the first order. */
export function rfmScores(subject: TagSubject, family: RfmFamily, now: number): RfmScores | null {
  const days = factValue(RFM_FIELDS.r, subject, now);
  if (days === null) return null;
  const r = recencyScore(Number(days), family.recencyDays);
  const f = amountScore(Number(factValue(RFM_FIELDS.f, subject, now)), family.frequencyOrders);
  const m = amountScore(Number(factValue(RFM_FIELDS.m, subject, now)), family.monetaryFen);
  return {
    r,
    f,
    m,
    text: `R${r}F${f}M${m}`,
    facts: [
      `${factText(RFM_FIELDS.r, subject, now)}（R${r}）`,
      `${factText(RFM_FIELDS.f, subject, now)}（F${f}）`,
      `${factText(RFM_FIELDS.m, subject, now)}（M${m}）`,
    ],
  };
}

/**
 * Four breakpoints that split a distribution into five groups of (about) equal size: the
 * values at the 20th, 40th, 60th and 80th percentiles (nearest rank), made strictly
 * ascending so every score stays reachable.
 * @example quintileBreakpoints([1, 2, 3, 4, 5, 6, 7, 8, 9, 10]) // [2, 4, 6, 8]
 */
export function quintileBreakpoints(values: number[], minimum = 0): number[] {
  const sorted = values.filter(Number.isFinite).sort((a, b) => a - b);
  const out: number[] = [];
  for (const q of [0.2, 0.4, 0.6, 0.8]) {
    const v = sorted.length ? sorted[Math.max(0, Math.ceil(q * sorted.length) - 1)] : minimum;
    const prev = out.length ? out[out.length - 1] : minimum - 1;
    out.push(Math.max(v, prev + 1, minimum));
  }
  return out;
}
