import { describe, expect, it } from '@jest/globals';
import { checkKeyword, keywordType } from './keywordRules';

const ok = (key: string, value: unknown) =>
  expect(checkKeyword(key, { value })).toEqual({ ok: true });
const bad = (key: string, value: unknown) => expect(checkKeyword(key, { value }).ok).toBe(false);

describe('keywordType', () => {
  it('reads the type prefix of a template key', () => {
    expect(keywordType('thing1')).toBe('thing');
    expect(keywordType('character_string12')).toBe('character_string');
    expect(keywordType('phone_number3')).toBe('phone_number');
    expect(keywordType('number01')).toBe('number');
  });
  it('knows no key without a number or with an unknown type', () => {
    expect(keywordType('thing')).toBeNull();
    expect(keywordType('title1')).toBeNull();
    expect(keywordType('Thing1')).toBeNull();
  });
});

describe('checkKeyword', () => {
  it('rejects an unknown keyword, a non-object entry and an empty value', () => {
    expect(checkKeyword('foo1', { value: 'x' })).toEqual({ ok: false, reason: 'unknownKeyword' });
    expect(checkKeyword('thing1', 'x')).toEqual({ ok: false, reason: 'notAnObject' });
    expect(checkKeyword('thing1', {})).toEqual({ ok: false, reason: 'empty' });
    expect(checkKeyword('thing1', { value: '' })).toEqual({ ok: false, reason: 'empty' });
    expect(checkKeyword('thing1', { value: { nested: 1 } })).toEqual({
      ok: false,
      reason: 'invalid',
    });
  });

  it('never accepts control characters such as a line break', () => {
    bad('thing1', '第一行\n第二行');
    bad('character_string1', 'AB\tC');
  });

  it('thing: up to 20 characters of any kind, Chinese counting one each', () => {
    ok('thing1', '生日快乐!送您20元券 ABC');
    ok('thing1', '一二三四五六七八九十一二三四五六七八九十');
    bad('thing1', '一二三四五六七八九十一二三四五六七八九十一');
    ok('thing1', '😀'.repeat(20));
    bad('thing1', 'a'.repeat(21));
  });

  it('number: digits with an optional decimal part, at most 32 characters', () => {
    ok('number1', '339208499');
    ok('number1', 12.5);
    ok('number1', '1'.repeat(32));
    bad('number1', '1'.repeat(33));
    bad('number1', '-5');
    bad('number1', '1,000');
    bad('number1', '12a');
  });

  it('letter: up to 32 letters only', () => {
    ok('letter1', 'VIP');
    bad('letter1', 'VIP1');
    bad('letter1', 'a'.repeat(33));
    bad('letter1', '金卡');
  });

  it('symbol: up to 5 symbols only', () => {
    ok('symbol1', '+-*/%');
    bad('symbol1', '+-*/%!');
    bad('symbol1', 'a!');
    bad('symbol1', '! ?');
  });

  it('character_string: up to 32 letters, digits and symbols, no Chinese', () => {
    ok('character_string1', 'NO.2026-1122_0001');
    ok('character_string1', 'A'.repeat(32));
    bad('character_string1', 'A'.repeat(33));
    bad('character_string1', '订单A1');
    bad('character_string1', 'A 1');
  });

  it('time: 24h time, optionally after a date, ranges joined by ~', () => {
    ok('time1', '15:01');
    ok('time1', '15:01:59');
    ok('time1', '2026-11-22 15:01');
    ok('time1', '2023-08-21 22:48:54');
    ok('time1', '2019年10月1日 15:01');
    ok('time1', '2026/11/22 09:00 ~ 2026/11/22 18:00');
    ok('time1', '09:00~18:00');
    bad('time1', '24:00');
    bad('time1', '3pm');
    bad('time1', '2026-11-22');
    bad('time1', '2026-11-22T15:01:00Z');
  });

  it('date: y年m月d日, y年m月, m月d日 or joined with - / ., optionally with a time', () => {
    for (const d of [
      '2019年10月1日',
      '2019年10月',
      '10月1日',
      '2018-01-01',
      '2018/01/01',
      '2018.01.01',
      '2018-01',
      '01-01',
    ])
      ok('date1', d);
    ok('date1', '2019年10月1日 15:01');
    ok('date1', '2026-11-22 15:01');
    ok('date1', '2026-11-01 ~ 2026-11-30');
    bad('date1', '2018-13-01');
    bad('date1', '2018-01-32');
    bad('date1', '2018-01/01');
    bad('date1', '下周一');
    bad('date1', '15:01');
  });

  it('amount: optional currency sign, at most 10 digits, decimals allowed, may end with 元', () => {
    ok('amount1', '¥100.50');
    ok('amount1', '￥20');
    ok('amount1', '20元');
    ok('amount1', '199.00元');
    ok('amount1', '$1234567890');
    bad('amount1', '12345678901');
    bad('amount1', '¥123456789.12');
    bad('amount1', '¥1,000');
    bad('amount1', '二十元');
    bad('amount1', '-5元');
  });

  it('phone_number: up to 17 digits and symbols', () => {
    ok('phone_number1', '+86-0766-66888866');
    ok('phone_number1', '13800138000');
    ok('phone_number1', '(021)12345678');
    bad('phone_number1', '+86-0766-668888661');
    bad('phone_number1', '400-ABC-1234');
    bad('phone_number1', '---');
  });

  it('car_number: up to 8, first and last may be Chinese, letters and digits between', () => {
    ok('car_number1', '粤A8Z888挂');
    ok('car_number1', '沪AD12345');
    bad('car_number1', '粤A8Z8888挂');
    bad('car_number1', '粤A-8Z888');
    bad('car_number1', '粤A粤888');
  });

  it('name: 10 Chinese (mixed counts as Chinese) or 20 letters/symbols, no digits', () => {
    ok('name1', '张三');
    ok('name1', '阿卜杜·热合曼');
    ok('name1', '一二三四五六七八九十');
    bad('name1', '一二三四五六七八九十一');
    ok('name1', 'John Smith');
    ok('name1', 'a'.repeat(20));
    bad('name1', 'a'.repeat(21));
    ok('name1', '张San');
    bad('name1', '张San三四五六七八九');
    bad('name1', '会员001');
  });

  it('phrase: up to 5 Chinese characters only', () => {
    ok('phrase1', '配送中');
    ok('phrase1', '已到店取货');
    bad('phrase1', '略略略略略略');
    bad('phrase1', 'done');
    bad('phrase1', '已完成!');
  });

  it('enum: any non-empty value (the template enum is not known to the emulator)', () => {
    ok('enum1', 'anything');
    bad('enum1', '');
  });
});
