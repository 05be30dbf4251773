import { describe, expect, it } from '@jest/globals';
import { shanghaiTime } from './calendar';
import {
  checkCouponUsable,
  couponTemplateSchema,
  couponTermsSchema,
  couponValidity,
  issueCoupon,
} from './coupons';
import { defaultSettings } from './settings';
import { amount, clean, coupon, ctx, now, percent } from './coupons.fixtures';
import { birthdayCouponTemplate, newMemberCouponTemplate } from './chainCoupons';

describe('couponValidity', () => {
  it('runs a relative coupon to the end of the Nth Shanghai day, counting the issue day', () => {
    const issued = shanghaiTime(2026, 11, 2, 21);
    expect(couponValidity({ validity: { type: 'relative', days: 7 } }, issued)).toEqual({
      validFrom: issued,
      validUntil: shanghaiTime(2026, 11, 8, 23, 59, 59, 999),
    });
  });

  it('ends a 1-day coupon at midnight Shanghai of the issue day, even when issued 00:30 Shanghai (16:30 UTC)', () => {
    const issued = Date.UTC(2026, 10, 1, 16, 30); // 2026-11-02 00:30 Shanghai
    expect(couponValidity({ validity: { type: 'relative', days: 1 } }, issued).validUntil).toBe(
      shanghaiTime(2026, 11, 2, 23, 59, 59, 999),
    );
  });

  it('uses a fixed window as given', () => {
    expect(couponValidity({ validity: { type: 'fixed', from: 10, until: 20 } }, 5)).toEqual({
      validFrom: 10,
      validUntil: 20,
    });
  });
});

describe('checkCouponUsable', () => {
  it('gives 满200减30 on a ¥250 order', () => {
    expect(checkCouponUsable(coupon(), ctx(clean))).toEqual({
      ok: true,
      discountFen: 3_000,
      applicableFen: 25_000,
    });
  });

  it('accepts an order exactly at the threshold', () => {
    expect(checkCouponUsable(coupon(), ctx([{ category: 'x', amountFen: 20_000 }]))).toMatchObject({
      ok: true,
    });
  });

  it('refuses below the threshold and says how much is missing', () => {
    expect(checkCouponUsable(coupon(), ctx([{ category: 'x', amountFen: 19_999 }]))).toEqual({
      ok: false,
      code: 'COUPON.THRESHOLD_NOT_MET',
      missingFen: 1,
    });
  });

  it('refuses a used coupon, even if also expired', () => {
    expect(checkCouponUsable(coupon({ status: 'used', validUntil: 0 }), ctx(clean))).toEqual({
      ok: false,
      code: 'COUPON.ALREADY_USED',
    });
  });

  it('refuses before validFrom and after validUntil, and accepts both boundary milliseconds', () => {
    const c = coupon({ validFrom: 100, validUntil: 200 });
    expect(checkCouponUsable(c, { ...ctx(clean), now: 99 })).toMatchObject({
      code: 'COUPON.NOT_STARTED',
    });
    expect(checkCouponUsable(c, { ...ctx(clean), now: 100 })).toMatchObject({ ok: true });
    expect(checkCouponUsable(c, { ...ctx(clean), now: 200 })).toMatchObject({ ok: true });
    expect(checkCouponUsable(c, { ...ctx(clean), now: 201 })).toMatchObject({
      code: 'COUPON.EXPIRED',
    });
  });

  it('refuses a coupon marked expired by the expiry job', () => {
    expect(checkCouponUsable(coupon({ status: 'expired' }), ctx(clean))).toMatchObject({
      code: 'COUPON.EXPIRED',
    });
  });

  it('refuses in a store outside its scope', () => {
    const c = coupon({ storeIds: ['S002'] });
    expect(checkCouponUsable(c, ctx(clean, 'S001'))).toEqual({
      ok: false,
      code: 'COUPON.NOT_APPLICABLE',
    });
    expect(checkCouponUsable(c, ctx(clean, 'S002'))).toMatchObject({ ok: true });
  });

  it('counts only lines in the coupon’s categories toward the threshold', () => {
    const c = coupon({ categories: ['家居清洁'] });
    const lines = [
      { category: '家居清洁', amountFen: 15_000 },
      { category: '个人护理', amountFen: 10_000 },
    ];
    expect(checkCouponUsable(c, ctx(lines))).toMatchObject({
      code: 'COUPON.THRESHOLD_NOT_MET',
      missingFen: 5_000,
    });
  });

  it('refuses when no line is in the coupon’s categories', () => {
    const c = coupon({ ...amount(1_000), categories: ['季节限定'] });
    expect(checkCouponUsable(c, ctx(clean))).toEqual({ ok: false, code: 'COUPON.NOT_APPLICABLE' });
  });

  it('never discounts more than the applicable amount (¥10 off a ¥6 item)', () => {
    const c = coupon({ ...amount(1_000), categories: ['个人护理'] });
    const lines = [
      { category: '个人护理', amountFen: 600 },
      { category: '家居清洁', amountFen: 5_000 },
    ];
    expect(checkCouponUsable(c, ctx(lines))).toEqual({
      ok: true,
      discountFen: 600,
      applicableFen: 600,
    });
  });

  it('floors a percent discount to the fen: 9折 on ¥99.99 takes off ¥9.99', () => {
    const c = coupon(percent(90));
    expect(checkCouponUsable(c, ctx([{ category: 'x', amountFen: 9_999 }]))).toMatchObject({
      discountFen: 999,
    });
  });

  it('caps a percent discount', () => {
    const c = coupon(percent(80, 5_000));
    expect(checkCouponUsable(c, ctx([{ category: 'x', amountFen: 100_000 }]))).toMatchObject({
      discountFen: 5_000,
    });
  });

  it('applies a percent coupon’s own threshold', () => {
    const c = coupon(percent(90, null, 30_000));
    expect(checkCouponUsable(c, ctx(clean))).toMatchObject({
      code: 'COUPON.THRESHOLD_NOT_MET',
      missingFen: 5_000,
    });
  });

  it('refuses an empty order as not applicable', () => {
    expect(checkCouponUsable(coupon(amount(1_000)), ctx([]))).toMatchObject({
      code: 'COUPON.NOT_APPLICABLE',
    });
  });

  it('throws on a fractional line amount', () => {
    expect(() => checkCouponUsable(coupon(), ctx([{ category: 'x', amountFen: 1.5 }]))).toThrow(
      RangeError,
    );
  });
});

describe('templates and issuing', () => {
  it('builds the new-member gift from settings', () => {
    const c = issueCoupon(newMemberCouponTemplate(defaultSettings), shanghaiTime(2026, 11, 1, 10));
    expect(c).toEqual({
      kind: 'amount',
      amountFen: 1_000,
      thresholdFen: 0,
      percent: null,
      capFen: null,
      storeIds: [],
      categories: [],
      status: 'unused',
      usedAt: null,
      title: '¥10 无门槛券',
      validFrom: shanghaiTime(2026, 11, 1, 10),
      validUntil: shanghaiTime(2026, 11, 30, 23, 59, 59, 999),
    });
  });

  it('builds the birthday coupon from settings', () => {
    const c = issueCoupon(birthdayCouponTemplate(defaultSettings), shanghaiTime(2026, 5, 19, 9));
    expect(c.title).toBe('¥20 无门槛券');
    expect(c.validUntil).toBe(shanghaiTime(2026, 5, 25, 23, 59, 59, 999));
  });

  it('validates templates from HQ', () => {
    expect(
      couponTemplateSchema.parse({
        kind: 'threshold',
        amountFen: 3_000,
        thresholdFen: 20_000,
        validity: { type: 'relative', days: 7 },
      }),
    ).toEqual({
      kind: 'threshold',
      amountFen: 3_000,
      thresholdFen: 20_000,
      percent: null,
      capFen: null,
      storeIds: [],
      categories: [],
      validity: { type: 'relative', days: 7 },
      perMemberLimit: null,
      stock: null,
    });
    const bad = [
      { kind: 'threshold', amountFen: 30_000, thresholdFen: 20_000 },
      { kind: 'amount', amountFen: 0 },
      { kind: 'amount', amountFen: 100, thresholdFen: 500 },
      { kind: 'percent' },
      { kind: 'percent', percent: 100 },
      { kind: 'percent', percent: 90, amountFen: 100 },
      { kind: 'amount', amountFen: 10.5 },
    ];
    for (const terms of bad) expect(couponTermsSchema.safeParse(terms).success).toBe(false);
    expect(
      couponTemplateSchema.safeParse({
        kind: 'amount',
        amountFen: 1,
        validity: { type: 'fixed', from: 2, until: 1 },
      }).success,
    ).toBe(false);
  });

  it('takes an optional per-member limit (≥ 1) and total stock (≥ 0), null = unlimited', () => {
    const base = { kind: 'amount', amountFen: 1_000, validity: { type: 'relative', days: 7 } };
    expect(couponTemplateSchema.parse({ ...base, perMemberLimit: 2, stock: 0 })).toMatchObject({
      perMemberLimit: 2,
      stock: 0,
    });
    expect(couponTemplateSchema.parse({ ...base, perMemberLimit: null, stock: 500 })).toMatchObject(
      { perMemberLimit: null, stock: 500 },
    );
    for (const limits of [
      { perMemberLimit: 0 },
      { perMemberLimit: 1.5 },
      { perMemberLimit: -1 },
      { stock: -1 },
      { stock: 2.5 },
      { stock: '5' },
    ])
      expect(couponTemplateSchema.safeParse({ ...base, ...limits }).success).toBe(false);
  });

  it('does not copy the issue limits into an issued coupon', () => {
    const c = issueCoupon(
      { ...newMemberCouponTemplate(defaultSettings), perMemberLimit: 1, stock: 10 },
      now,
    );
    expect(c).not.toHaveProperty('perMemberLimit');
    expect(c).not.toHaveProperty('stock');
  });

  it('takes nothing else of a template document (its id, name, holds)', () => {
    const doc = { ...newMemberCouponTemplate(defaultSettings), _id: 'tpl', name: '券', holds: [] };
    expect(Object.keys(issueCoupon(doc, now)).sort()).toEqual(
      [
        'amountFen',
        'capFen',
        'categories',
        'kind',
        'percent',
        'status',
        'storeIds',
        'thresholdFen',
        'title',
        'usedAt',
        'validFrom',
        'validUntil',
      ].sort(),
    );
  });
});
