import { describe, expect, it } from '@jest/globals';
import { DAY_MS, shanghaiTime, startOfShanghaiDay } from '../calendar';
import { decideTags, familyVerdict, type MemberTags } from './decide';
import { DEFAULT_TAG_RULES, tagRulesSchema, type TagFamily } from './families';
import { subjectWith } from './testing';

const NOW = shanghaiTime(2026, 11, 20, 3, 0); // the nightly run's time
const ago = (days: number) => NOW - days * DAY_MS;
const family = (key: string): TagFamily => DEFAULT_TAG_RULES.families.find((f) => f.key === key)!;
const verdict = (key: string, subject: ReturnType<typeof subjectWith>, now = NOW) =>
  familyVerdict(family(key), subject, now);

describe('purchase frequency', () => {
  it('exactly 3 purchases in the last 30 days is 高频, with the count as its reason', () => {
    const s = subjectWith([{ at: ago(0) }, { at: ago(15) }, { at: ago(29) }]);
    expect(verdict('frequency', s)).toEqual({ value: '高频', reason: '近 30 天消费 3 次' });
  });

  it('the third purchase 30 days back is out of the window: 中频', () => {
    const s = subjectWith([{ at: ago(0) }, { at: ago(15) }, { at: ago(30) }]);
    expect(verdict('frequency', s)).toEqual({ value: '中频', reason: '近 90 天消费 3 次' });
  });

  it('one purchase long ago is 低频; no purchase is no frequency tag', () => {
    expect(verdict('frequency', subjectWith([{ at: ago(200) }]))?.value).toBe('低频');
    expect(verdict('frequency', subjectWith([]))).toBeNull();
  });
});

describe('high-value silent (yearly spend > ¥3,000 and no purchase for 60 days)', () => {
  const silentFor = (days: number, fen = 310_000) => subjectWith([{ at: ago(days), paidFen: fen }]);

  it('day 59 without purchase: not yet', () => {
    expect(verdict('highValueSilent', silentFor(59))).toBeNull();
  });

  it('day 60: 高价值沉默, with both numbers', () => {
    expect(verdict('highValueSilent', silentFor(60))).toEqual({
      value: '高价值沉默',
      reason: '近 12 个月消费 ¥3,100，60 天未消费',
    });
  });

  it('day 61: still', () => {
    expect(verdict('highValueSilent', silentFor(61))?.value).toBe('高价值沉默');
  });

  it('exactly ¥3,000 is not more than ¥3,000', () => {
    expect(verdict('highValueSilent', silentFor(61, 300_000))).toBeNull();
  });
});

describe('price sensitivity (coupon use on more than 80% of at least 5 orders)', () => {
  const withCoupons = (orders: number, coupons: number) =>
    subjectWith(Array.from({ length: orders }, (_, i) => ({ at: ago(i), coupon: i < coupons })));

  it('80% (4 of 5) is not more than 80%: 中', () => {
    expect(verdict('priceSensitivity', withCoupons(5, 4))).toEqual({
      value: '中',
      reason: '累计消费 5 次，80% 的订单用了券（4/5 单）',
    });
  });

  it('81% (17 of 21) is 高', () => {
    expect(verdict('priceSensitivity', withCoupons(21, 17))?.value).toBe('高');
  });

  it('needs 5 orders before it means anything', () => {
    expect(verdict('priceSensitivity', withCoupons(4, 4))).toBeNull();
    expect(verdict('priceSensitivity', withCoupons(5, 0))?.value).toBe('低');
  });
});

describe('high value (spend > ¥5,000 and > 3 purchases in the last 3 months)', () => {
  const orders = (n: number, fen: number) =>
    subjectWith(Array.from({ length: n }, (_, i) => ({ at: ago(i * 5), paidFen: fen })));

  it('4 purchases of ¥1,300 this quarter: 高价值', () => {
    expect(verdict('highValue', orders(4, 130_000))).toEqual({
      value: '高价值',
      reason: '近 3 个月消费 ¥5,200，近 3 个月消费 4 次',
    });
  });

  it('3 purchases are not more than 3; ¥5,000 is not more than ¥5,000', () => {
    expect(verdict('highValue', orders(3, 200_000))).toBeNull();
    expect(verdict('highValue', orders(4, 125_000))).toBeNull();
  });
});

describe('lifecycle: one stage at a time', () => {
  it.each([
    ['新客', [{ at: ago(3) }], 'normal'],
    ['活跃', [{ at: ago(3) }, { at: ago(40) }], 'normal'],
    ['一般', [{ at: ago(3) }, { at: ago(100) }], 'normal'],
    ['VIP', [{ at: ago(3) }], 'gold'],
    ['沉睡', [{ at: ago(90) }, { at: ago(95) }], 'gold'],
    ['流失', [{ at: ago(180) }], 'normal'],
  ] as const)('%s', (stage, orders, level) => {
    expect(verdict('lifecycle', subjectWith([...orders], { level }))?.value).toBe(stage);
  });

  it('day 89 is not 沉睡 yet, day 179 not 流失', () => {
    expect(verdict('lifecycle', subjectWith([{ at: ago(89) }]))?.value).toBe('新客');
    expect(verdict('lifecycle', subjectWith([{ at: ago(179) }]))?.value).toBe('沉睡');
  });
});

describe('category preference', () => {
  it('the category with the largest share, when it is at least 40%', () => {
    const s = subjectWith([
      { at: ago(1), paidFen: 6_000, category: '个人护理' },
      { at: ago(2), paidFen: 4_000, category: '家居清洁' },
      { at: ago(3), paidFen: 5_000, category: '季节限定' },
    ]);
    expect(verdict('category', s)).toEqual({
      value: '个人护理',
      reason: '个人护理占品类消费的 40%（¥60 / ¥150）',
    });
  });

  it('none when no category reaches 40%, or too little was spent', () => {
    const spread = subjectWith(
      ['a', 'b', 'c', 'd'].map((category, i) => ({ at: ago(i), paidFen: 5_000, category })),
    );
    expect(verdict('category', spread)).toBeNull();
    expect(verdict('category', subjectWith([{ at: ago(1), paidFen: 9_999 }]))).toBeNull();
  });
});

describe('RFM', () => {
  it('scores recency, frequency and money from the breakpoints', () => {
    const s = subjectWith(
      Array.from({ length: 8 }, (_, i) => ({ at: ago(12 + i * 30), paidFen: 40_000 })),
    );
    expect(verdict('rfm', s)).toEqual({
      value: 'R5F4M4',
      reason: '12 天未消费（R5），近 12 个月消费 8 次（F4），近 12 个月消费 ¥3,200（M4）',
    });
  });

  it('no order, no RFM', () => {
    expect(verdict('rfm', subjectWith([]))).toBeNull();
  });
});

describe('decideTags: since, changes and the minimum stay', () => {
  const buyer = subjectWith([{ at: ago(0) }, { at: ago(10) }, { at: ago(20) }]);
  const first = decideTags({
    current: {},
    subject: buyer,
    rules: DEFAULT_TAG_RULES,
    now: NOW,
    cause: 'event',
  });

  it('records value, reason, since and rule version, and lists the changes', () => {
    expect(first.tags.frequency).toEqual({
      value: '高频',
      reason: '近 30 天消费 3 次',
      since: NOW,
      ruleVersion: 1,
    });
    expect(first.changes).toContainEqual({
      family: 'frequency',
      familyName: '购买频次',
      from: null,
      to: '高频',
      reason: '近 30 天消费 3 次',
    });
  });

  it('keeps since while the value holds', () => {
    const later = decideTags({
      current: first.tags,
      subject: buyer,
      rules: DEFAULT_TAG_RULES,
      now: NOW + DAY_MS,
      cause: 'time',
    });
    expect(later.tags.frequency.since).toBe(NOW);
    expect(later.changes).toEqual([]);
  });

  const held: MemberTags = {
    frequency: { value: '高频', reason: '近 30 天消费 3 次', since: ago(3), ruleVersion: 1 },
  };
  const fading = subjectWith([{ at: ago(5) }, { at: ago(20) }, { at: ago(31) }]);
  const rules = { ...DEFAULT_TAG_RULES, families: [family('frequency')] };

  it('the clock alone does not take a value away before it was held 7 days', () => {
    const d = decideTags({ current: held, subject: fading, rules, now: NOW, cause: 'time' });
    expect(d.tags.frequency.value).toBe('高频');
    expect(d.changes).toEqual([]);
    expect(d.reviewAt).toBe(ago(3) + 7 * DAY_MS);
  });

  it('after the stay it changes, with the reason', () => {
    const now = ago(3) + 7 * DAY_MS;
    const d = decideTags({ current: held, subject: fading, rules, now, cause: 'time' });
    expect(d.tags.frequency).toMatchObject({ value: '中频', since: now });
    expect(d.changes).toEqual([
      {
        family: 'frequency',
        familyName: '购买频次',
        from: '高频',
        to: '中频',
        reason: '近 90 天消费 3 次',
      },
    ]);
  });

  it('a purchase or refund, and a rule change, take effect at once', () => {
    for (const cause of ['event', 'rule'] as const) {
      const d = decideTags({ current: held, subject: fading, rules, now: NOW, cause });
      expect(d.tags.frequency.value).toBe('中频');
    }
  });

  it('a value that no longer holds at all is removed, and says why', () => {
    const none = subjectWith([]);
    const d = decideTags({ current: held, subject: none, rules, now: NOW, cause: 'event' });
    expect(d.tags).toEqual({});
    expect(d.changes[0]).toMatchObject({ from: '高频', to: null });
    expect(d.changes[0].reason).toContain('不再满足「高频」');
  });

  it('a family HQ switched off is dropped with a change', () => {
    const d = decideTags({
      current: { ...held, retired: { value: 'x', reason: '', since: 0, ruleVersion: 1 } },
      subject: fading,
      rules: { ...rules, version: 2 },
      now: NOW,
      cause: 'rule',
    });
    expect(d.tags.retired).toBeUndefined();
    expect(d.changes).toContainEqual({
      family: 'retired',
      familyName: 'retired',
      from: 'x',
      to: null,
      reason: '该标签维度已停用',
    });
  });
});

describe('reviewAt: when the clock alone can next change a tag', () => {
  it('is the next window edge or day-count threshold, at the start of a Shanghai day', () => {
    // 高频 by 3 orders; the one 25 days ago leaves the 30-day window in 5 days
    const s = subjectWith([{ at: ago(25) }, { at: ago(10) }, { at: ago(0) }]);
    const rules = { ...DEFAULT_TAG_RULES, families: [family('frequency')] };
    const d = decideTags({ current: {}, subject: s, rules, now: NOW, cause: 'event' });
    expect(d.reviewAt).toBe(startOfShanghaiDay(ago(25)) + 30 * DAY_MS);
  });

  it('a window edge that moves no count across a threshold is no reason to look again', () => {
    // one order 25 days ago: 低频 before and after it leaves the 30- and 90-day windows
    const s = subjectWith([{ at: ago(25) }]);
    const rules = { ...DEFAULT_TAG_RULES, families: [family('frequency')] };
    expect(
      decideTags({ current: {}, subject: s, rules, now: NOW, cause: 'event' }).reviewAt,
    ).toBeNull();
  });

  it('a month start is a review only for a member whose spend crosses a threshold then', () => {
    const rules = { ...DEFAULT_TAG_RULES, families: [family('highValue')] };
    // ¥60 in October: far below ¥5,000 in 3 months, whatever the month
    const small = subjectWith([{ at: shanghaiTime(2026, 10, 5), paidFen: 6_000 }]);
    expect(
      decideTags({ current: {}, subject: small, rules, now: NOW, cause: 'event' }).reviewAt,
    ).toBeNull();
    // ¥5,600 over 4 orders in September–November: high value until September leaves the window
    const big = subjectWith([
      { at: shanghaiTime(2026, 9, 20), paidFen: 2_000_00 },
      { at: shanghaiTime(2026, 10, 20), paidFen: 1_200_00 },
      { at: shanghaiTime(2026, 11, 1), paidFen: 1_200_00 },
      { at: shanghaiTime(2026, 11, 10), paidFen: 1_200_00 },
    ]);
    const d = decideTags({ current: {}, subject: big, rules, now: NOW, cause: 'event' });
    expect(d.tags.highValue?.value).toBe('高价值');
    expect(d.reviewAt).toBe(shanghaiTime(2026, 12, 1));
  });

  it('a silent member is next looked at when a threshold is crossed (day 60)', () => {
    const s = subjectWith([{ at: ago(59), paidFen: 310_000 }]);
    const rules = { ...DEFAULT_TAG_RULES, families: [family('highValueSilent')] };
    const d = decideTags({ current: {}, subject: s, rules, now: NOW, cause: 'event' });
    expect(d.reviewAt).toBe(startOfShanghaiDay(ago(59)) + 60 * DAY_MS);
    const then = decideTags({
      current: d.tags,
      subject: s,
      rules,
      now: d.reviewAt!,
      cause: 'time',
    });
    expect(then.tags.highValueSilent?.value).toBe('高价值沉默');
  });

  it('nothing time-dependent (only lifetime counts): null', () => {
    const rules = tagRulesSchema.parse({
      version: 1,
      minStayDays: 7,
      families: [
        {
          key: 'x',
          name: 'x',
          kind: 'ordered',
          values: [{ value: 'y', when: { field: 'orderCount', op: 'gte', value: 1 } }],
        },
      ],
    });
    const d = decideTags({
      current: {},
      subject: subjectWith([{ at: ago(1) }]),
      rules,
      now: NOW,
      cause: 'event',
    });
    expect(d.reviewAt).toBeNull();
  });
});

describe('tag rules schema', () => {
  it('the defaults are valid', () => {
    expect(tagRulesSchema.safeParse(DEFAULT_TAG_RULES).success).toBe(true);
  });

  it('refuses duplicate family keys, duplicate values and unordered RFM breakpoints', () => {
    const f = DEFAULT_TAG_RULES.families;
    expect(tagRulesSchema.safeParse({ ...DEFAULT_TAG_RULES, families: [f[0], f[0]] }).success).toBe(
      false,
    );
    const dupValues = {
      ...f[0],
      values: [
        (f[0] as { values: unknown[] }).values[0],
        (f[0] as { values: unknown[] }).values[0],
      ],
    };
    expect(tagRulesSchema.safeParse({ ...DEFAULT_TAG_RULES, families: [dupValues] }).success).toBe(
      false,
    );
    const rfm = { ...family('rfm'), recencyDays: [30, 15, 60, 120] };
    expect(tagRulesSchema.safeParse({ ...DEFAULT_TAG_RULES, families: [rfm] }).success).toBe(false);
  });
});
