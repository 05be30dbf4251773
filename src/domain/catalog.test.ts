import { describe, expect, it } from '@jest/globals';
import { planStockChange, rewardDefSchema, validityText } from './catalog';
import { shanghaiTime } from './calendar';

describe('planStockChange', () => {
  it.each([
    ['nothing asked: what is left now stays', { current: 7, base: 10, wanted: 10 }, 7],
    ['nothing moved: the wanted stock', { current: 10, base: 10, wanted: 25 }, 25],
    ['HQ adds 50 while 3 were issued: 47 + 50', { current: 47, base: 50, wanted: 100 }, 97],
    ['HQ lowers by 5 while 3 were issued', { current: 7, base: 10, wanted: 5 }, 2],
    ['unlimited to limited when nothing moved', { current: null, base: null, wanted: 5 }, 5],
    ['limited to unlimited when nothing moved', { current: 4, base: 4, wanted: null }, null],
  ] as const)('%s', (_name, s, stock) => {
    expect(planStockChange(s)).toEqual({ ok: true, stock });
  });

  it.each([
    ['a lowering that would go below zero', { current: 2, base: 10, wanted: 5 }],
    ['unlimited after units moved', { current: 3, base: 4, wanted: null }],
    ['limited when the stock became unlimited meanwhile', { current: null, base: 4, wanted: 8 }],
  ] as const)('refuses %s', (_name, s) => {
    expect(planStockChange(s)).toEqual({ ok: false });
  });
});

describe('rewardDefSchema', () => {
  it('a coupon reward must name its template', () => {
    const r = rewardDefSchema.safeParse({ title: '券', kind: 'coupon', pointsCost: 100 });
    expect(r.success ? null : r.error.issues[0]!.message).toBe('请选择兑换的优惠券模板');
  });
  it('a gift names none and fills the defaults', () => {
    expect(rewardDefSchema.parse({ title: ' 帆布袋 ', kind: 'gift', pointsCost: 500 })).toEqual({
      title: '帆布袋',
      description: '',
      kind: 'gift',
      pointsCost: 500,
      stock: null,
      couponTemplateId: null,
      perMemberLimit: null,
      sort: 0,
    });
  });
  it('refuses a fractional cost with its own message', () => {
    const r = rewardDefSchema.safeParse({ title: '券', kind: 'gift', pointsCost: 1.5 });
    expect(r.success ? null : r.error.issues[0]!.message).toBe('所需积分须为整数');
  });
});

describe('validityText', () => {
  it('reads a fixed window in Shanghai dates, whatever the process time zone', () => {
    const v = {
      type: 'fixed' as const,
      from: shanghaiTime(2026, 12, 1),
      until: shanghaiTime(2026, 12, 31, 23, 59, 59, 999),
    };
    expect(validityText(v)).toBe('2026-12-01 至 2026-12-31');
  });
});
