import { describe, expect, it } from '@jest/globals';
import { defaultSettings } from '@/domain/settings';
import { parseCart, parseMemberQuery, receiptProblem, tillPreview, type DraftLine } from './cart';
import { couponOptions } from './couponChoice';
import { coupon } from './testCoupon';

const line = (over: Partial<DraftLine> = {}): DraftLine => ({
  key: 'a',
  category: '家居清洁',
  name: '',
  amountText: '',
  ...over,
});

describe('parseCart', () => {
  it('turns yuan text into fen lines and totals them', () => {
    const cart = parseCart([
      line({ amountText: '258' }),
      line({ key: 'b', category: '香氛', name: ' 香薰蜡烛 ', amountText: '12.5' }),
    ]);
    expect(cart.errors).toEqual({});
    expect(cart.lines).toEqual([
      { category: '家居清洁', name: null, quantity: 1, amountFen: 25_800 },
      { category: '香氛', name: '香薰蜡烛', quantity: 1, amountFen: 1_250 },
    ]);
    expect(cart.totalFen).toBe(27_050);
  });

  it('asks for an amount on the only line, ignores a blank extra line', () => {
    expect(parseCart([line()]).errors).toEqual({ a: '请输入金额' });
    const cart = parseCart([line({ amountText: '10' }), line({ key: 'b' })]);
    expect(cart.errors).toEqual({});
    expect(cart.lines).toHaveLength(1);
  });

  it('says a negative amount is negative', () => {
    expect(parseCart([line({ amountText: '-5' })]).errors).toEqual({ a: '金额不能为负数' });
  });

  it('rejects three decimals, zero and a line without category', () => {
    const cart = parseCart([
      line({ amountText: '1.005' }),
      line({ key: 'b', amountText: '0' }),
      line({ key: 'c', category: '', amountText: '5' }),
    ]);
    expect(cart.errors).toEqual({
      a: '金额格式不正确（最多两位小数）',
      b: '金额必须大于 0',
      c: '请选择品类',
    });
    expect(cart.totalFen).toBe(0);
  });
});

describe('tillPreview', () => {
  it('¥258 with a ¥10 coupon: pays ¥248 and earns 496 doubled points as 普通', () => {
    const lines = [{ category: '家居清洁', name: null, quantity: 1, amountFen: 25_800 }];
    const [option] = couponOptions([coupon()], { storeId: 'S001', lines });
    const p = tillPreview({ lines, option, level: 'normal', settings: defaultSettings });
    expect(p).toMatchObject({
      amountFen: 25_800,
      discountFen: 1_000,
      payableFen: 24_800,
      couponProblem: null,
    });
    expect(p.points).toMatchObject({ total: 496, doubled: true });
  });

  it('does not double below the threshold after the discount', () => {
    const lines = [{ category: '家居清洁', name: null, quantity: 1, amountFen: 20_500 }];
    const [option] = couponOptions([coupon()], { storeId: 'S001', lines });
    const p = tillPreview({ lines, option, level: 'normal', settings: defaultSettings });
    expect(p.payableFen).toBe(19_500);
    expect(p.points).toMatchObject({ total: 195, doubled: false });
  });

  it('reports a chosen coupon that does not fit and takes nothing off', () => {
    const lines = [{ category: '家居清洁', name: null, quantity: 1, amountFen: 5_000 }];
    const [option] = couponOptions([coupon({ categories: ['香氛'] })], { storeId: 'S001', lines });
    const p = tillPreview({ lines, option, level: 'silver', settings: defaultSettings });
    expect(p).toMatchObject({ discountFen: 0, payableFen: 5_000, couponProblem: '仅限香氛' });
    expect(p.points.total).toBe(60);
  });
});

describe('receiptProblem', () => {
  it('requires the receipt number and accepts the contract’s alphabet', () => {
    expect(receiptProblem('')).toBe('请输入或扫描小票号');
    expect(receiptProblem('   ')).toBe('请输入或扫描小票号');
    expect(receiptProblem(' R-2026_001 ')).toBeNull();
  });

  it('says what is wrong with a bad one', () => {
    expect(receiptProblem('小票1')).toBe('小票号只能包含字母、数字、- 和 _');
    expect(receiptProblem('A'.repeat(41))).toBe('小票号最长 40 位');
  });
});

describe('parseMemberQuery', () => {
  it('reads a grouped member code, a phone and rejects the rest', () => {
    expect(parseMemberQuery('88 1234 5678 9012 3456')).toEqual({
      memberCode: '881234567890123456',
    });
    expect(parseMemberQuery('139-0000-1234')).toEqual({ phone: '13900001234' });
    expect(parseMemberQuery('131234567890123456')).toHaveProperty('error');
    expect(parseMemberQuery('12345')).toEqual({ error: '请输入 18 位会员码或 11 位手机号' });
  });

  it('reads a phone the way signup does (domain/phone.ts): +86, full-width digits', () => {
    expect(parseMemberQuery('+86 139 0000 1234')).toEqual({ phone: '13900001234' });
    expect(parseMemberQuery('１３９００００１２３４')).toEqual({ phone: '13900001234' });
    expect(parseMemberQuery('12900001234')).toEqual({ error: '请输入 18 位会员码或 11 位手机号' });
  });
});
