import { describe, expect, it } from '@jest/globals';
import { DAY_MS, shanghaiTime } from '@/domain/calendar';
import { DEFAULT_TAG_RULES } from '@/domain/tags/families';
import { subjectWith } from '@/domain/tags/testing';
import {
  statsFingerprint,
  tagFieldsDiffer,
  tagFieldsFor,
  tagUpdateData,
  type TaggedMember,
} from './memberTags';
import { segmentWhere } from './segmentQuery';
import { segmentSchema } from '@/domain/tags/segments';

const NOW = shanghaiTime(2027, 3, 1, 12);
function member(daysAgo: number[]): TaggedMember {
  const s = subjectWith(daysAgo.map((d) => ({ at: NOW - d * DAY_MS })));
  return { _id: 'm1', stats: s.stats, level: s.level, createdAt: s.joinedAt };
}
/** a stand-in for db.command that shows which operator was used */
const _ = {
  set: (v: unknown) => ({ $set: v }),
  all: (v: unknown) => ({ $all: v }),
  in: (v: unknown) => ({ $in: v }),
  nin: (v: unknown) => ({ $nin: v }),
  gt: (v: unknown) => ({ $gt: v }),
  and: (v: unknown) => ({ $and: v }),
};

describe('tagFieldsFor', () => {
  it('gives tags, their index keys and the next review instant', () => {
    const { fields, changes } = tagFieldsFor(member([20, 10, 0]), DEFAULT_TAG_RULES, NOW);
    expect(fields.tags.frequency).toEqual({
      value: '高频',
      reason: '近 30 天消费 3 次',
      since: NOW,
      ruleVersion: 1,
    });
    expect(fields.tagKeys).toEqual([...fields.tagKeys].sort());
    expect(fields.tagKeys).toContain('frequency:高频');
    expect(fields.tagReviewAt).toBeGreaterThan(NOW);
    expect(changes.map((c) => c.family)).toContain('frequency');
  });

  it('a member without orders has no tags and no review', () => {
    expect(tagFieldsFor(member([]), DEFAULT_TAG_RULES, NOW).fields).toEqual({
      tags: {},
      tagKeys: [],
      tagReviewAt: null,
    });
  });

  it('unchanged when re-decided at the same instant from what it wrote', () => {
    const m = member([20, 10, 0]);
    const { fields } = tagFieldsFor(m, DEFAULT_TAG_RULES, NOW);
    expect(
      tagFieldsDiffer(
        { ...m, ...fields },
        tagFieldsFor({ ...m, ...fields }, DEFAULT_TAG_RULES, NOW, 'rule').fields,
      ),
    ).toBe(false);
    expect(tagFieldsDiffer(m, fields)).toBe(true);
  });
});

describe('tagUpdateData and statsFingerprint', () => {
  it('replaces the tag sub-objects whole (a lost value does not linger)', () => {
    const { fields } = tagFieldsFor(member([0]), DEFAULT_TAG_RULES, NOW);
    expect(tagUpdateData(_, fields)).toEqual({
      tags: { $set: fields.tags },
      tagKeys: { $set: fields.tagKeys },
      tagReviewAt: fields.tagReviewAt,
    });
  });

  it('guards on the stats a purchase or refund changes', () => {
    const m = member([5]);
    expect(statsFingerprint(m)).toEqual({
      'stats.orderCount': 1,
      'stats.totalSpendFen': 10_000,
      'stats.refundedFen': 0,
      'stats.lastOrderAt': NOW - 5 * DAY_MS,
    });
  });
});

describe('segmentWhere', () => {
  it('turns each condition into one operator, ANDed, paged by _id', () => {
    const segment = segmentSchema.parse({
      tags: { all: ['frequency:高频'], none: ['lifecycle:流失'] },
      storeIds: ['S001'],
    });
    expect(segmentWhere(_, segment, 'm9')).toEqual({
      $and: [
        { status: 'active' },
        { tagKeys: { $all: ['frequency:高频'] } },
        { tagKeys: { $nin: ['lifecycle:流失'] } },
        { homeStoreId: { $in: ['S001'] } },
        { _id: { $gt: 'm9' } },
      ],
    });
  });
});
