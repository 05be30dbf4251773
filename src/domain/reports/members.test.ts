import { describe, expect, it } from '@jest/globals';
import { DEFAULT_TAG_RULES } from '../tags/families';
import {
  memberFigures,
  memberSnapshots,
  periodSnapshot,
  snapshotFamilies,
  type SnapshotMember,
} from './members';

const tag = (value: string) => ({ value, reason: '', since: 0, ruleVersion: 1 });
const families = [
  { key: 'frequency', name: '购买频次', profile: true },
  { key: 'lifecycle', name: '生命周期', profile: true },
  { key: 'highValue', name: '高价值', profile: false },
];
const member = (over: Partial<SnapshotMember>): SnapshotMember => ({
  homeStoreId: 'S1',
  stats: { orderCount: 0, totalSpendFen: 0 },
  tags: {},
  manualTags: [],
  ...over,
});

describe('snapshotFamilies', () => {
  it('a family with one value is a flag, not part of completeness', () => {
    expect(
      snapshotFamilies(DEFAULT_TAG_RULES)
        .filter((f) => !f.profile)
        .map((f) => f.key),
    ).toEqual(['highValue', 'highValueSilent']);
  });
});

describe('memberSnapshots', () => {
  const members = [
    member({}),
    member({
      stats: { orderCount: 3, totalSpendFen: 30_000 },
      tags: { frequency: tag('中频'), lifecycle: tag('活跃') },
    }),
    member({
      stats: { orderCount: 1, totalSpendFen: 8_600 },
      tags: { frequency: tag('低频'), highValue: tag('高价值') },
      manualTags: ['爱聊天'],
    }),
    member({ homeStoreId: 'S2', stats: { orderCount: 2, totalSpendFen: 1_000 } }),
    member({ homeStoreId: null, stats: { orderCount: 9, totalSpendFen: 99_999 } }),
  ];
  const s = memberSnapshots(members, families);

  it.each([
    ['members', 3],
    ['buyers', 2],
    ['spendFen', 38_600],
    ['complete', 1],
    ['manualTagged', 1],
  ] as const)('S1 %s', (field, expected) => {
    expect(s.S1[field]).toBe(expected);
  });

  it('counts each family, stores apart, members without a store left out', () => {
    expect(s.S1.families).toEqual({
      frequency: { name: '购买频次', members: 2 },
      lifecycle: { name: '生命周期', members: 1 },
      highValue: { name: '高价值', members: 1 },
    });
    expect(s.S2).toMatchObject({ members: 1, buyers: 1, spendFen: 1_000, complete: 0 });
    expect(Object.keys(s)).toEqual(['S1', 'S2']);
  });

  it('with no profile family nobody is complete', () => {
    const flags = families.filter((f) => !f.profile);
    expect(memberSnapshots(members, flags).S1.complete).toBe(0);
  });
});

describe('periodSnapshot and memberFigures', () => {
  const snap = (members: number, buyers: number, spendFen: number, complete: number) => ({
    members,
    buyers,
    spendFen,
    complete,
    manualTagged: 1,
    families: { frequency: { name: '购买频次', members: buyers } },
  });
  const rollups = [
    { date: '2026-11-28', storeId: 'S1', members: snap(10, 5, 50_000, 2) },
    { date: '2026-11-29', storeId: 'S1', members: snap(12, 6, 66_000, 3) },
    { date: '2026-11-30', storeId: 'S1', members: null }, // today's, not closed yet
    { date: '2026-11-27', storeId: 'S2', members: snap(8, 4, 14_000, 4) },
    { date: '2026-10-01', storeId: 'S2', members: snap(1, 1, 1, 1) }, // another period
  ];
  const dates = ['2026-11-27', '2026-11-28', '2026-11-29', '2026-11-30'];

  it("sums each store's latest snapshot in the period", () => {
    expect(periodSnapshot(rollups, dates)).toMatchObject({
      asOf: '2026-11-29',
      stores: 2,
      members: 20,
      buyers: 10,
      spendFen: 80_000,
      complete: 7,
      manualTagged: 2,
      families: { frequency: { name: '购买频次', members: 10 } },
    });
  });

  it('LTV is lifetime spend per buying member; completeness and coverage per member', () => {
    const f = memberFigures(periodSnapshot(rollups, dates));
    expect(f).toMatchObject({ ltvFen: 8_000, tagCompleteness: 0.35 });
    expect(f.coverage).toEqual([
      { key: 'frequency', name: '购买频次', members: 10, share: 0.5 },
      { key: 'manual', name: '店员标签', members: 2, share: 0.1 },
    ]);
  });

  it('a period without a snapshot has no figures', () => {
    expect(periodSnapshot(rollups, ['2026-09-01'])).toBeNull();
    expect(memberFigures(null)).toEqual({
      asOf: null,
      members: 0,
      buyers: 0,
      spendFen: 0,
      ltvFen: null,
      tagCompleteness: null,
      coverage: [],
    });
  });
});
