import { describe, expect, it } from '@jest/globals';
import { clipTemplateValue, serviceTemplateData, TEMPLATE_VALUE_MAX } from './templateValues';

describe('clipTemplateValue', () => {
  it.each([
    ['a short value stays', '张女士', '张女士'],
    [
      'exactly 20 characters stay',
      '一二三四五六七八九十一二三四五六七八九十',
      '一二三四五六七八九十一二三四五六七八九十',
    ],
    [
      '21 characters: 19 and an ellipsis',
      '一二三四五六七八九十一二三四五六七八九十一',
      '一二三四五六七八九十一二三四五六七八九…',
    ],
    ['a line break becomes a space', '南京西路店\n完成购买', '南京西路店 完成购买'],
    ['blanks collapse and ends are trimmed', '  张女士   回访 ', '张女士 回访'],
    ['a tab is a control character', '张\t女士', '张 女士'],
    ['numbers are written as text', 12345, '12345'],
    ['no blank before the ellipsis', 'abcdefghijklmnopqr stuvwxyz', 'abcdefghijklmnopqr…'],
  ])('%s', (_name, raw, expected) => {
    expect(clipTemplateValue(raw)).toBe(expected);
    expect(Array.from(clipTemplateValue(raw)).length).toBeLessThanOrEqual(TEMPLATE_VALUE_MAX);
  });

  it('counts a character outside the BMP as one (never split in half)', () => {
    const rare = '𠀋'.repeat(21);
    const clipped = clipTemplateValue(rare);
    expect(Array.from(clipped)).toHaveLength(20);
    expect(clipped).toBe('𠀋'.repeat(19) + '…');
  });
});

describe('serviceTemplateData', () => {
  it('wraps each value and clips it', () => {
    expect(
      serviceTemplateData({
        thing1: '张女士',
        thing2: '一二三四五六七八九十一二三四五六七八九十一',
      }),
    ).toEqual({
      thing1: { value: '张女士' },
      thing2: { value: '一二三四五六七八九十一二三四五六七八九…' },
    });
  });

  it('drops empty values (WeChat refuses them with 47003)', () => {
    expect(serviceTemplateData({ thing1: '张女士', thing2: '  ' })).toEqual({
      thing1: { value: '张女士' },
    });
  });

  it.each(['first', 'remark'])('refuses the withdrawn keyword %s', (keyword) => {
    expect(() => serviceTemplateData({ [keyword]: 'x' })).toThrow(/withdrawn/);
  });
});
