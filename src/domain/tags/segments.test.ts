import { describe, expect, it } from '@jest/globals';
import {
  describeSegment,
  matchesSegment,
  memberTagKeys,
  segmentConditions,
  segmentSchema,
  type SegmentMember,
} from './segments';

const member = (over: Partial<SegmentMember> = {}): SegmentMember => ({
  tagKeys: ['frequency:高频', 'lifecycle:活跃', 'category:家居清洁'],
  manualTags: ['喜欢薰衣草香型'],
  homeStoreId: 'S001',
  clerkId: 'C0011',
  level: 'silver',
  status: 'active',
  ...over,
});
const seg = (input: unknown) => segmentSchema.parse(input);

describe('segments', () => {
  it('an empty segment is every active member', () => {
    expect(matchesSegment(member(), seg({}))).toBe(true);
    expect(matchesSegment(member({ status: 'deleted' }), seg({}))).toBe(false);
    expect(describeSegment(seg({}))).toBe('全部会员');
  });

  it.each([
    [{ tags: { all: ['frequency:高频', 'lifecycle:活跃'] } }, true],
    [{ tags: { all: ['frequency:高频', 'lifecycle:沉睡'] } }, false],
    [{ tags: { any: ['lifecycle:沉睡', 'lifecycle:活跃'] } }, true],
    [{ tags: { any: ['lifecycle:沉睡', 'lifecycle:流失'] } }, false],
    [{ tags: { none: ['lifecycle:流失'] } }, true],
    [{ tags: { none: ['frequency:高频'] } }, false],
    [{ manualTags: ['喜欢薰衣草香型'] }, true],
    [{ manualTags: ['不喜欢香味'] }, false],
    [{ storeIds: ['S001', 'S002'] }, true],
    [{ storeIds: ['S002'] }, false],
    [{ levels: ['silver', 'gold'] }, true],
    [{ levels: ['gold'] }, false],
    [{ clerkIds: ['C0011'] }, true],
    [{ clerkIds: ['C0021'] }, false],
  ])('%j → %s', (input, expected) => {
    expect(matchesSegment(member(), seg(input))).toBe(expected);
  });

  it('a member with no tags yet matches only segments that ask for none', () => {
    const fresh = member({ tagKeys: undefined });
    expect(matchesSegment(fresh, seg({ tags: { none: ['lifecycle:流失'] } }))).toBe(true);
    expect(matchesSegment(fresh, seg({ tags: { any: ['lifecycle:新客'] } }))).toBe(false);
  });

  it('names its conditions as data for the query', () => {
    expect(
      segmentConditions(
        seg({ tags: { all: ['frequency:高频'], none: ['lifecycle:流失'] }, levels: ['gold'] }),
      ),
    ).toEqual([
      { path: 'status', op: 'eq', value: 'active' },
      { path: 'tagKeys', op: 'all', values: ['frequency:高频'] },
      { path: 'tagKeys', op: 'nin', values: ['lifecycle:流失'] },
      { path: 'level', op: 'in', values: ['gold'] },
    ]);
  });

  it('refuses malformed tag keys and empty id lists', () => {
    expect(segmentSchema.safeParse({ tags: { all: ['高频'] } }).success).toBe(false);
    expect(segmentSchema.safeParse({ storeIds: [] }).success).toBe(false);
    expect(segmentSchema.safeParse({ levels: ['vip'] }).success).toBe(false);
  });

  it('describes itself in Chinese', () => {
    expect(
      describeSegment(
        seg({
          tags: {
            all: ['frequency:高频'],
            any: ['lifecycle:沉睡', 'lifecycle:流失'],
            none: ['priceSensitivity:高'],
          },
          levels: ['gold'],
          storeIds: ['S001'],
        }),
        new Map([['S001', '上海南京西路店']]),
      ),
    ).toBe('高频 · 沉睡或流失 · 非高 · 金卡 · 上海南京西路店');
  });

  it('keeps index keys sorted and one per family', () => {
    expect(
      memberTagKeys({
        lifecycle: { value: '活跃', reason: '', since: 0, ruleVersion: 1 },
        frequency: { value: '高频', reason: '', since: 0, ruleVersion: 1 },
      }),
    ).toEqual(['frequency:高频', 'lifecycle:活跃']);
  });
});
