/**
 * Which part of each order line a refund gives back, for category statistics.
 *
 * The till refunds an AMOUNT (fen paid), not lines. We spread refunds over the lines in
 * proportion to their amounts, cumulatively: after refunds totalling R of an order that
 * paid P, the lines have given back ⌊amountFen × R / P⌋ in total (all of it once R = P),
 * split by the largest-remainder method. Each refund's share is the cumulative split after
 * it minus the split before it, so any sequence of partial refunds ends with every line
 * given back exactly once, and the category totals never drift by rounding.
 */
import type { OrderLine } from './memberStats';

/**
 * Split `total` fen over lines in proportion to their amounts (largest remainder; ties to
 * the earlier line). The parts sum to `total`.
 * @example splitByLines([{ category: 'a', amountFen: 100 }, { category: 'b', amountFen: 200 }], 100) // [33, 67]
 */
export function splitByLines(lines: readonly OrderLine[], total: number): number[] {
  const sum = lines.reduce((s, l) => s + l.amountFen, 0);
  if (sum === 0 || total <= 0) return lines.map(() => 0);
  const exact = lines.map((l) => (l.amountFen * total) / sum);
  const parts = exact.map(Math.floor);
  let left = total - parts.reduce((s, p) => s + p, 0);
  const order = exact
    .map((x, i) => ({ i, frac: x - Math.floor(x) }))
    .sort((a, b) => b.frac - a.frac || a.i - b.i);
  for (const { i } of order) {
    if (left <= 0) break;
    parts[i]++;
    left--;
  }
  return parts;
}

/**
 * The lines (category, fen) a refund gives back. `refundedBeforeFen`/`refundedAfterFen` are
 * the order's cumulative refunds before and after this one, `paidFen` what the order paid.
 * A refund that completes the order (after = paid; for an order that paid nothing, its
 * cancellation) gives back whatever the lines still hold.
 * @example refundedLines(lines, { paidFen: 25_800, refundedBeforeFen: 0, refundedAfterFen: 12_900 }) // half of each line
 */
export function refundedLines(
  lines: readonly OrderLine[],
  refund: { paidFen: number; refundedBeforeFen: number; refundedAfterFen: number },
): OrderLine[] {
  const amount = lines.reduce((s, l) => s + l.amountFen, 0);
  const share = (refunded: number) =>
    refund.paidFen === 0 ? 0 : Math.floor((amount * refunded) / refund.paidFen);
  const before = splitByLines(
    lines,
    refund.refundedBeforeFen >= refund.paidFen && refund.paidFen > 0
      ? amount
      : share(refund.refundedBeforeFen),
  );
  const after = splitByLines(
    lines,
    refund.refundedAfterFen >= refund.paidFen ? amount : share(refund.refundedAfterFen),
  );
  return lines
    .map((l, i) => ({ category: l.category, amountFen: after[i] - before[i] }))
    .filter((l) => l.amountFen > 0);
}
