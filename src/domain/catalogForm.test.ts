import { describe, expect, it } from '@jest/globals';
import { shanghaiTime } from './calendar';
import {
  draftOfTemplate,
  emptyRewardDraft,
  emptyTemplateDraft,
  rewardFromDraft,
  templateFromDraft,
  type TemplateDraft,
} from './catalogForm';

const draft = (over: Partial<TemplateDraft>): TemplateDraft => ({
  ...emptyTemplateDraft(),
  name: '测试券',
  ...over,
});

describe('templateFromDraft', () => {
  it('turns yuan into fen and blanks into 不限', () => {
    const r = templateFromDraft(draft({ kind: 'threshold', amount: '20', threshold: '100' }));
    expect(r).toEqual({
      ok: true,
      value: expect.objectContaining({
        kind: 'threshold',
        amountFen: 2_000,
        thresholdFen: 10_000,
        percent: null,
        perMemberLimit: null,
        stock: null,
        validity: { type: 'relative', days: 30 },
      }),
    });
  });

  it('reads 8.5 折 as 85 percent payable, with a cap', () => {
    const r = templateFromDraft(draft({ kind: 'percent', discount: '8.5', cap: '50' }));
    expect(r.ok && [r.value.percent, r.value.capFen, r.value.amountFen]).toEqual([85, 5_000, 0]);
  });

  it('a fixed window runs from midnight to the last millisecond of its Shanghai dates', () => {
    const r = templateFromDraft(
      draft({
        kind: 'amount',
        amount: '10',
        validityType: 'fixed',
        from: '2026-12-01',
        until: '2026-12-31',
      }),
    );
    expect(r.ok && r.value.validity).toEqual({
      type: 'fixed',
      from: shanghaiTime(2026, 12, 1),
      until: shanghaiTime(2026, 12, 31, 23, 59, 59, 999),
    });
  });

  it.each<[string, Partial<TemplateDraft>, string, string]>([
    [
      '满减金额高于门槛',
      { kind: 'threshold', amount: '120', threshold: '100' },
      'amount',
      '满减金额不能高于门槛',
    ],
    [
      '满减 without a threshold',
      { kind: 'threshold', amount: '10' },
      'threshold',
      '请填写满减门槛',
    ],
    ['无门槛 without an amount', { kind: 'amount' }, 'amount', '优惠金额必须大于 0'],
    [
      'a discount with two decimals',
      { kind: 'percent', discount: '8.55' },
      'discount',
      '折扣：请输入 0.1–9.9 之间的折数，最多一位小数（如 8.5）',
    ],
    [
      'an end before the start',
      {
        kind: 'amount',
        amount: '5',
        validityType: 'fixed',
        from: '2026-12-10',
        until: '2026-12-01',
      },
      'until',
      '结束时间不能早于开始时间',
    ],
    [
      'an impossible date',
      {
        kind: 'amount',
        amount: '5',
        validityType: 'fixed',
        from: '2026-02-30',
        until: '2026-03-01',
      },
      'from',
      '开始日期：请按 2026-12-01 的格式填写',
    ],
    [
      'a stock that is not a whole number',
      { kind: 'amount', amount: '5', stock: '1.5' },
      'stock',
      '库存：请输入整数，留空为不限量',
    ],
    ['no name', { name: ' ', kind: 'amount', amount: '5' }, 'name', '请填写模板名称'],
  ])('points %s at its field', (_n, over, field, message) => {
    expect(templateFromDraft(draft(over))).toEqual({ ok: false, field, message });
  });

  it('a saved template reads back into the same form', () => {
    const d = draft({
      kind: 'percent',
      discount: '8.5',
      cap: '50',
      categories: '个人护理、家居清洁',
      stock: '100',
      perMemberLimit: '2',
    });
    const r = templateFromDraft(d);
    if (!r.ok) throw new Error(r.message);
    expect(draftOfTemplate(r.value)).toEqual(d);
  });
});

describe('rewardFromDraft', () => {
  it('a coupon reward without a template is refused at the template field', () => {
    expect(rewardFromDraft({ ...emptyRewardDraft(), title: '券', pointsCost: '100' })).toEqual({
      ok: false,
      field: 'couponTemplateId',
      message: '请选择兑换的优惠券模板',
    });
  });
  it('a gift with stock and a limit', () => {
    const r = rewardFromDraft({
      ...emptyRewardDraft(),
      kind: 'gift',
      title: '帆布袋',
      pointsCost: '500',
      stock: '20',
      perMemberLimit: '1',
    });
    expect(r.ok && [r.value.stock, r.value.perMemberLimit, r.value.couponTemplateId]).toEqual([
      20,
      1,
      null,
    ]);
  });
});
