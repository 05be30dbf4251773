import { describe, expect, it } from '@jest/globals';
import { honorific, maskName, maskPhone, surname } from './masking';

describe('maskName', () => {
  it('keeps the first character of a three-character name', () => {
    expect(maskName('张三丰')).toBe('张**');
  });

  it('keeps the first character of a two-character name', () => {
    expect(maskName('张三')).toBe('张*');
  });

  it('still masks something for a one-character name', () => {
    expect(maskName('张')).toBe('张*');
  });

  it('returns an empty string for no name', () => {
    expect(maskName('')).toBe('');
    expect(maskName(null)).toBe('');
    expect(maskName('   ')).toBe('');
  });

  it('does not split a character outside the BMP', () => {
    expect(maskName('𠮷野家')).toBe('𠮷**');
  });

  it('trims spaces before masking', () => {
    expect(maskName(' 李四 ')).toBe('李*');
  });
});

describe('maskPhone', () => {
  it('shows the first 3 and last 4 digits of a mobile number', () => {
    expect(maskPhone('13812341234')).toBe('138****1234');
  });

  it('drops a +86 prefix and separators', () => {
    expect(maskPhone('+86 138-1234-1234')).toBe('138****1234');
    expect(maskPhone('8613812341234')).toBe('138****1234');
  });

  it('masks the middle of a landline of another length', () => {
    expect(maskPhone('02112345678')).toBe('021****5678');
    expect(maskPhone('12345678')).toBe('123*5678');
  });

  it('masks short or empty input entirely', () => {
    expect(maskPhone('1234567')).toBe('*******');
    expect(maskPhone('')).toBe('');
    expect(maskPhone(undefined)).toBe('');
  });
});

describe('surname and honorific', () => {
  it('addresses by surname and gender', () => {
    expect(honorific('张三丰', 'female')).toBe('张女士');
    expect(honorific('张三丰', 'male')).toBe('张先生');
    expect(honorific('张三丰', 'unknown')).toBe('张顾客');
    expect(honorific('张三丰', null)).toBe('张顾客');
  });

  it('recognises compound surnames in names of three or more characters', () => {
    expect(surname('欧阳娜娜')).toBe('欧阳');
    expect(honorific('司马光明', 'male')).toBe('司马先生');
  });

  it('does not treat a two-character name as a compound surname', () => {
    expect(surname('欧阳')).toBe('欧');
  });

  it('keeps the 称呼 a shopper gave (林小姐 is not turned into 林女士)', () => {
    expect(honorific('林小姐', 'female')).toBe('林小姐');
    expect(honorific('王先生', 'male')).toBe('王先生');
    expect(honorific('欧阳太太', 'female')).toBe('欧阳太太');
    expect(honorific('林小姐', null)).toBe('林小姐');
  });

  it('still reads a full name ending like an address form as a name', () => {
    expect(honorific('张晓姐', 'female')).toBe('张女士');
    expect(honorific('小姐', 'female')).toBe('小女士'); // the form alone is no 称呼
    expect(honorific('王大先生先生', 'male')).toBe('王先生'); // longer than a 称呼
  });

  it('falls back to 顾客 without a name', () => {
    expect(honorific('', 'female')).toBe('顾客');
    expect(honorific(undefined, 'male')).toBe('顾客');
  });

  it('uses the first word of a Latin name', () => {
    expect(honorific('Alice Wang', 'female')).toBe('Alice女士');
  });

  it('builds the cross-store follow-up message', () => {
    expect(
      `您曾服务的客户[${honorific('张丽', 'female')}]今日在南京西路店完成购买，请酌情跟进回访。`,
    ).toBe('您曾服务的客户[张女士]今日在南京西路店完成购买，请酌情跟进回访。');
  });
});
