import { describe, expect, it } from '@jest/globals';
import { chosenOption, couponOptions, parseCouponCode } from './couponChoice';
import { coupon } from './testCoupon';

const lines = [{ category: '家居清洁', name: null, quantity: 1, amountFen: 15_800 }];

describe('couponOptions', () => {
  it('gives the discount of a coupon that fits', () => {
    expect(couponOptions([coupon()], { storeId: 'S001', lines })).toEqual([
      { coupon: coupon(), state: 'usable', discountFen: 1_000 },
    ]);
  });

  it('says how much is missing to reach a threshold', () => {
    const c = coupon({ kind: 'threshold', thresholdFen: 20_000, amountFen: 3_000 });
    expect(couponOptions([c], { storeId: 'S001', lines })[0]).toEqual({
      coupon: c,
      state: 'unusable',
      reason: '还差 ¥42 可用',
    });
  });

  it('names the categories or the store a coupon is limited to', () => {
    const [byCategory, byStore] = couponOptions(
      [coupon({ categories: ['香氛'] }), coupon({ id: 'c2', storeIds: ['S002'] })],
      { storeId: 'S001', lines },
    );
    expect(byCategory).toMatchObject({ state: 'unusable', reason: '仅限香氛' });
    expect(byStore).toMatchObject({ state: 'unusable', reason: '不适用于本店' });
  });

  it('judges nothing before an amount is typed (no verdict, no red reason)', () => {
    expect(couponOptions([coupon()], { storeId: 'S001', lines: [] })).toEqual([
      { coupon: coupon(), state: 'pending' },
    ]);
  });

  it('does not judge validity by the phone clock (the server listed it as usable now)', () => {
    const c = coupon({ validFrom: 5, validUntil: 6 });
    expect(couponOptions([c], { storeId: 'S001', lines })[0].state).toBe('usable');
  });

  it('lists usable coupons first, the largest discount first, unusable ones last', () => {
    const ten = coupon({ id: 'ten' });
    const twenty = coupon({ id: 'twenty', amountFen: 2_000 });
    const far = coupon({ id: 'far', kind: 'threshold', thresholdFen: 50_000, amountFen: 8_000 });
    const ids = couponOptions([far, ten, twenty], { storeId: 'S001', lines }).map(
      (o) => o.coupon.id,
    );
    expect(ids).toEqual(['twenty', 'ten', 'far']);
  });

  it('keeps the server’s order among coupons not yet judged', () => {
    const ids = couponOptions([coupon({ id: 'b' }), coupon({ id: 'a' })], {
      storeId: 'S001',
      lines: [],
    }).map((o) => o.coupon.id);
    expect(ids).toEqual(['b', 'a']);
  });
});

describe('chosenOption', () => {
  const far = coupon({ id: 'far', kind: 'threshold', thresholdFen: 50_000, amountFen: 8_000 });
  const options = couponOptions([far, coupon({ id: 'ten' })], { storeId: 'S001', lines });

  it('applies the best usable coupon unless told otherwise', () => {
    expect(chosenOption(options, { kind: 'best' })?.coupon.id).toBe('ten');
  });

  it('applies nothing when no coupon is usable yet', () => {
    const pending = couponOptions([coupon()], { storeId: 'S001', lines: [] });
    expect(chosenOption(pending, { kind: 'best' })).toBeNull();
  });

  it('respects 「不使用优惠券」 and a picked coupon, even one that does not fit', () => {
    expect(chosenOption(options, { kind: 'none' })).toBeNull();
    expect(chosenOption(options, { kind: 'coupon', id: 'far' })).toMatchObject({
      state: 'unusable',
    });
  });

  it('applies nothing for a picked coupon that is no longer listed', () => {
    expect(chosenOption(options, { kind: 'coupon', id: 'gone' })).toBeNull();
  });
});

describe('parseCouponCode', () => {
  it('reads a grouped, lower-case code', () => {
    expect(parseCouponCode(' abcd efgh-1234 ')).toEqual({ code: 'ABCDEFGH1234' });
  });

  it('asks for a code and rejects what cannot be one', () => {
    expect(parseCouponCode('  ')).toEqual({ error: '请输入券码' });
    expect(parseCouponCode('12345')).toEqual({ error: '券码为 6–32 位字母或数字，请核对' });
    expect(parseCouponCode('券码123456')).toEqual({ error: '券码为 6–32 位字母或数字，请核对' });
  });
});
