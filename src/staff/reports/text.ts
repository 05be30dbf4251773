/** How 经营报表 writes its numbers and their change against the period before. */
import { formatFen } from '@/domain/money';

export const pct = (r: number | null) => (r === null ? '—' : `${Math.round(r * 1000) / 10}%`);
export const fen = (f: number | null) => (f === null ? '—' : formatFen(f));
export const times = (r: number | null) => (r === null ? '—' : `${Math.round(r * 100) / 100} 次`);

/** '+12.5%' / '−3.0%' for amounts and counts; '+4.2 个百分点' for rates; '' when not comparable */
export function change(cur: number | null, prev: number | null, kind: 'amount' | 'rate'): string {
  if (cur === null || prev === null) return '';
  if (kind === 'rate') {
    const d = Math.round((cur - prev) * 1000) / 10;
    return `${d >= 0 ? '+' : '−'}${Math.abs(d).toFixed(1)} 个百分点`;
  }
  if (prev === 0) return '';
  const d = Math.round(((cur - prev) / prev) * 1000) / 10;
  return `${d >= 0 ? '+' : '−'}${Math.abs(d).toFixed(1)}%`;
}
