/**
 * Member figures of a report — LTV and tag completeness — from a nightly **member snapshot**
 * per store, kept in the store's daily rollup (`members`), so a report still reads no member.
 *
 * The nightly pass counts the members of each store (home store; active ones) with one
 * aggregate the database groups by store (daily/rollups.ts) and writes the counts into the
 * day it closes. `memberSnapshots` below is the same count over member documents: the demo
 * seed's and the tests' direct computation.
 *
 * | figure          | from the snapshot at the period's last day                                 |
 * | --------------- | -------------------------------------------------------------------------- |
 * | 会员总数         | members                                                                    |
 * | 有消费会员       | members with at least one order that counts                                |
 * | LTV             | 累计消费 (paid less refunded, all time) ÷ 有消费会员 (fen, rounded)          |
 * | 标签完整度       | members with a value in every *profile* family ÷ members                   |
 * | 标签覆盖 (table) | per tag family, and for clerks' own tags, members with a value ÷ members   |
 *
 * Profile families are those that describe every customer once enough is known (several
 * values, a top category, RFM); a family with one value is a flag (高价值, 高价值沉默) that
 * only some should carry, so it shows in the coverage table but not in completeness.
 * A period's snapshot is each store's latest one in the period (the chain sums them).
 *
 * @example memberFigures(null).ltvFen // null
 */
import type { TagRules } from '../tags/families';

export type FamilyCount = { name: string; members: number };

export type MemberSnapshot = {
  members: number;
  buyers: number;
  spendFen: number;
  /** members with a value in every profile family */
  complete: number;
  /** members with at least one tag a clerk set by hand */
  manualTagged: number;
  /** family key → its name and the members with a value */
  families: Record<string, FamilyCount>;
};

/** What the snapshot reads of a member. */
export type SnapshotMember = {
  homeStoreId: string | null;
  stats?: { orderCount?: number; totalSpendFen?: number } | null;
  tags?: Record<string, unknown> | null;
  manualTags?: readonly string[] | null;
};

export type SnapshotFamily = { key: string; name: string; profile: boolean };

/** The families a snapshot counts, in the rules' order. */
export function snapshotFamilies(rules: Pick<TagRules, 'families'>): SnapshotFamily[] {
  return rules.families.map((f) => ({
    key: f.key,
    name: f.name,
    profile: f.kind !== 'ordered' || f.values.length > 1,
  }));
}

export function emptySnapshot(families: readonly SnapshotFamily[]): MemberSnapshot {
  return {
    members: 0,
    buyers: 0,
    spendFen: 0,
    complete: 0,
    manualTagged: 0,
    families: Object.fromEntries(families.map((f) => [f.key, { name: f.name, members: 0 }])),
  };
}

/** Per home store, the snapshot of these (active) members; members without a store are left out. */
export function memberSnapshots(
  members: readonly SnapshotMember[],
  families: readonly SnapshotFamily[],
): Record<string, MemberSnapshot> {
  const out: Record<string, MemberSnapshot> = {};
  const profile = families.filter((f) => f.profile);
  for (const m of members) {
    if (!m.homeStoreId) continue;
    const s = (out[m.homeStoreId] ??= emptySnapshot(families));
    const has = (key: string) => m.tags?.[key] != null;
    s.members += 1;
    if ((m.stats?.orderCount ?? 0) > 0) s.buyers += 1;
    s.spendFen += m.stats?.totalSpendFen ?? 0;
    if (profile.length > 0 && profile.every((f) => has(f.key))) s.complete += 1;
    if ((m.manualTags?.length ?? 0) > 0) s.manualTagged += 1;
    for (const f of families) if (has(f.key)) s.families[f.key].members += 1;
  }
  return out;
}

/** A rollup as far as the snapshot goes. */
export type SnapshotRollup = { date: string; storeId: string; members?: MemberSnapshot | null };

export type PeriodSnapshot = MemberSnapshot & {
  /** the latest snapshot's date (yyyy-mm-dd), null when the period has none */
  asOf: string | null;
  /** stores with a snapshot in the period */
  stores: number;
};

/** Each store's latest snapshot within `dates`, summed; null when none. */
export function periodSnapshot(
  rollups: readonly SnapshotRollup[],
  dates: readonly string[],
): PeriodSnapshot | null {
  const inPeriod = new Set(dates);
  const latest = new Map<string, SnapshotRollup>();
  for (const r of rollups) {
    if (!r.members || !inPeriod.has(r.date)) continue;
    const held = latest.get(r.storeId);
    if (!held || held.date < r.date) latest.set(r.storeId, r);
  }
  if (latest.size === 0) return null;
  const sum: PeriodSnapshot = { ...emptySnapshot([]), asOf: null, stores: latest.size };
  for (const r of latest.values()) {
    const s = r.members!;
    sum.members += s.members;
    sum.buyers += s.buyers;
    sum.spendFen += s.spendFen;
    sum.complete += s.complete;
    sum.manualTagged += s.manualTagged;
    for (const [key, f] of Object.entries(s.families ?? {})) {
      const held = (sum.families[key] ??= { name: f.name, members: 0 });
      held.members += f.members;
    }
    if (!sum.asOf || sum.asOf < r.date) sum.asOf = r.date;
  }
  return sum;
}

export type MemberFigures = {
  asOf: string | null;
  members: number;
  buyers: number;
  spendFen: number;
  /** 累计消费 ÷ 有消费会员, null when none bought */
  ltvFen: number | null;
  /** complete ÷ members, null without members */
  tagCompleteness: number | null;
  /** per family (and 店员标签), members with a value ÷ members */
  coverage: { key: string; name: string; members: number; share: number | null }[];
};

export const MANUAL_TAGS_KEY = 'manual';

export function memberFigures(s: PeriodSnapshot | null): MemberFigures {
  const members = s?.members ?? 0;
  const share = (n: number) => (members > 0 ? n / members : null);
  return {
    asOf: s?.asOf ?? null,
    members,
    buyers: s?.buyers ?? 0,
    spendFen: s?.spendFen ?? 0,
    ltvFen: s && s.buyers > 0 ? Math.round(s.spendFen / s.buyers) : null,
    tagCompleteness: share(s?.complete ?? 0),
    coverage: s
      ? [
          ...Object.entries(s.families).map(([key, f]) => ({
            key,
            name: f.name,
            members: f.members,
            share: share(f.members),
          })),
          {
            key: MANUAL_TAGS_KEY,
            name: '店员标签',
            members: s.manualTagged,
            share: share(s.manualTagged),
          },
        ]
      : [],
  };
}
