/**
 * The filter chips of 我的顾客: the lifecycle stages and a few tags of the default tag rules
 * (domain/tags/families.ts) and the last-purchase windows (domain/customers/search.ts).
 */
import { LAST_PURCHASE, LAST_PURCHASE_LABELS, type LastPurchase } from '@/domain/customers/search';
import { DEFAULT_TAG_RULES } from '@/domain/tags/families';

const valuesOf = (key: string): string[] => {
  const f = DEFAULT_TAG_RULES.families.find((x) => x.key === key);
  return f?.kind === 'ordered' ? f.values.map((v) => v.value) : [];
};

/** 流失, 沉睡, VIP, 活跃, 新客, 一般 */
export const LIFECYCLE_CHIPS: string[] = valuesOf('lifecycle');

/** 'family:value' of the tags a clerk filters by most: 高频, 高价值, 高价值沉默 */
export const TAG_CHIPS: { key: string; label: string }[] = [
  'frequency',
  'highValue',
  'highValueSilent',
].flatMap((k) =>
  valuesOf(k)
    .slice(0, 1)
    .map((v) => ({ key: `${k}:${v}`, label: v })),
);

export const LAST_PURCHASE_CHIPS: { key: LastPurchase; label: string }[] = LAST_PURCHASE.map(
  (k) => ({ key: k, label: LAST_PURCHASE_LABELS[k] }),
);
