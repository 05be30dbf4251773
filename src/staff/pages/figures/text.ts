/** How 门店数据 writes its numbers: '62.5%', '3.2 小时', '4.5 分', '—' when there is none. */
export const percentText = (r: number | null) =>
  r === null ? '—' : `${Math.round(r * 1000) / 10}%`;

export const hoursText = (ms: number | null) =>
  ms === null ? '—' : `${Math.round(ms / 360_000) / 10} 小时`;

export const ratingText = (r: number | null) => (r === null ? '—' : `${r.toFixed(1)} 分`);
