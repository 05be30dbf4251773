import { describe, expect, it } from '@jest/globals';
import { AppError } from '../contracts/errors';
import {
  checkPhone,
  ensurePhone,
  isMainlandMobile,
  normalisePhone,
  phoneInputValue,
} from './phone';

describe('normalisePhone', () => {
  it.each([
    ['13912345678', '13912345678'],
    ['139 1234 5678', '13912345678'],
    ['139-1234-5678', '13912345678'],
    ['139—1234—5678', '13912345678'],
    [' 139\u30001234\u00A05678 ', '13912345678'],
    ['(139) 1234.5678', '13912345678'],
    ['+86 139 1234 5678', '13912345678'],
    ['+8613912345678', '13912345678'],
    ['86 13912345678', '13912345678'],
    ['0086-139-1234-5678', '13912345678'],
    ['＋８６ １３９ １２３４ ５６７８', '13912345678'],
    ['１３９１２３４５６７８', '13912345678'],
  ])('reads %j as %j', (input, expected) => {
    expect(normalisePhone(input)).toBe(expected);
  });

  it('keeps a leading 86 that is part of the number, not a prefix', () => {
    expect(normalisePhone('8613912345')).toBe('8613912345');
  });

  it('keeps letters, so an invalid input stays invalid', () => {
    expect(normalisePhone('139abc45678')).toBe('139abc45678');
  });

  it('answers an empty string for null and undefined', () => {
    expect(normalisePhone(null)).toBe('');
    expect(normalisePhone(undefined)).toBe('');
  });
});

describe('isMainlandMobile', () => {
  it.each([
    ['13012345678', true],
    ['13912345678', true],
    ['15912345678', true],
    ['19912345678', true],
    ['10012345678', false],
    ['11012345678', false],
    ['12912345678', false],
    ['1391234567', false],
    ['139123456789', false],
    ['23912345678', false],
    ['139 1234 5678', false],
  ])('%s → %s', (phone, valid) => {
    expect(isMainlandMobile(phone)).toBe(valid);
  });
});

describe('checkPhone', () => {
  it('answers the normalised number', () => {
    expect(checkPhone('+86 139-1234-5678')).toEqual({ ok: true, phone: '13912345678' });
  });

  it.each([
    ['', 'empty', '请输入手机号'],
    ['   ', 'empty', '请输入手机号'],
    ['1391234', 'length', '手机号应为 11 位数字'],
    ['139123456789', 'length', '手机号应为 11 位数字'],
    ['12912345678', 'format', '请输入正确的手机号（1 开头的 11 位数字）'],
    ['139abc45678', 'format', '请输入正确的手机号（1 开头的 11 位数字）'],
  ])('refuses %j (%s)', (input, reason, message) => {
    expect(checkPhone(input)).toEqual({ ok: false, reason, message });
  });
});

describe('ensurePhone', () => {
  it('answers the normalised number', () => {
    expect(ensurePhone('１３９ １２３４ ５６７８')).toBe('13912345678');
  });

  it('throws PHONE.INVALID for a number that is not a mainland mobile', () => {
    let thrown: unknown = null;
    try {
      ensurePhone('12912345678');
    } catch (e) {
      thrown = e;
    }
    expect(thrown).toBeInstanceOf(AppError);
    expect((thrown as AppError).code).toBe('PHONE.INVALID');
  });
});

describe('phoneInputValue', () => {
  it('keeps a pasted number with spaces whole (normalised before the length limit)', () => {
    expect(phoneInputValue('139 1234 5678')).toBe('13912345678');
  });

  it('cuts a plain number at 11 digits', () => {
    expect(phoneInputValue('139123456789')).toBe('13912345678');
  });

  it('lets a country prefix be typed out before it is dropped', () => {
    expect(phoneInputValue('+86 139')).toBe('+86139');
    expect(phoneInputValue('+86 139 1234 567')).toBe('+861391234567');
    expect(phoneInputValue('+86 139 1234 5678')).toBe('13912345678');
  });
});
