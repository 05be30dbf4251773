/** Test helpers for tag rules: a member subject built from a few facts. */
import { shanghaiMonth } from '../calendar';
import type { Level } from '../levels';
import { emptyStats, type MemberStats } from '../memberStats';
import type { TagSubject } from './facts';

export function subjectWith(
  orders: { at: number; paidFen?: number; coupon?: boolean; category?: string }[],
  extra: { level?: Level; joinedAt?: number; stats?: Partial<MemberStats> } = {},
): TagSubject {
  const stats = emptyStats();
  for (const o of [...orders].sort((a, b) => a.at - b.at)) {
    const fen = o.paidFen ?? 10_000;
    stats.orderCount += 1;
    stats.totalSpendFen += fen;
    const month = shanghaiMonth(o.at);
    stats.spendByMonth[month] = (stats.spendByMonth[month] ?? 0) + fen;
    stats.firstOrderAt = stats.firstOrderAt ?? o.at;
    stats.lastOrderAt = o.at;
    if (o.coupon) stats.couponOrders += 1;
    const cat = o.category ?? '家居清洁';
    stats.categorySpendFen[cat] = (stats.categorySpendFen[cat] ?? 0) + fen;
    stats.recentOrderAts.push(o.at);
  }
  return {
    stats: { ...stats, ...extra.stats },
    level: extra.level ?? 'normal',
    joinedAt: extra.joinedAt ?? (orders[0]?.at ?? 0) - 86_400_000,
  };
}
