import { describe, expect, it } from '@jest/globals';
import { fenToYuanText, formatFen, formatFenFixed, parseYuanToFen } from './money';

describe('formatFen', () => {
  it('shows two decimals when there are cents', () => {
    expect(formatFen(1250)).toBe('¥12.50');
    expect(formatFen(1205)).toBe('¥12.05');
    expect(formatFen(1)).toBe('¥0.01');
  });

  it('drops .00 on whole yuan', () => {
    expect(formatFen(32000)).toBe('¥320');
    expect(formatFen(0)).toBe('¥0');
  });

  it('groups thousands', () => {
    expect(formatFen(47_000_000)).toBe('¥470,000');
    expect(formatFen(123_456_789)).toBe('¥1,234,567.89');
  });

  it('puts the minus sign before ¥', () => {
    expect(formatFen(-1250)).toBe('-¥12.50');
  });
});

describe('formatFenFixed', () => {
  it('always shows two decimals', () => {
    expect(formatFenFixed(32000)).toBe('¥320.00');
    expect(formatFenFixed(5)).toBe('¥0.05');
    expect(formatFenFixed(-100_000)).toBe('-¥1,000.00');
  });
});

describe('fenToYuanText', () => {
  it('has no sign or grouping unless asked', () => {
    expect(fenToYuanText(20000)).toBe('200');
    expect(fenToYuanText(500_000)).toBe('5000');
    expect(fenToYuanText(500_000, { grouping: true })).toBe('5,000');
    expect(fenToYuanText(1990)).toBe('19.90');
  });
});

describe('parseYuanToFen', () => {
  it('parses plain, signed and grouped amounts without float error', () => {
    expect(parseYuanToFen('12.5')).toBe(1250);
    expect(parseYuanToFen('¥1,234.50')).toBe(123450);
    expect(parseYuanToFen('￥86')).toBe(8600);
    expect(parseYuanToFen(' 100 元')).toBe(10000);
    expect(parseYuanToFen('0.29')).toBe(29); // 0.29 * 100 = 28.999999999999996 in floats
    expect(parseYuanToFen(19.99)).toBe(1999);
  });

  it('rejects more than two decimals, negatives and text', () => {
    expect(parseYuanToFen('1.005')).toBeNull();
    expect(parseYuanToFen('-5')).toBeNull();
    expect(parseYuanToFen('abc')).toBeNull();
    expect(parseYuanToFen('')).toBeNull();
    expect(parseYuanToFen(1e21)).toBeNull();
  });
});
