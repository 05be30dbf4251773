/**
 * Value rules of subscribe-message keywords, keyed by the keyword's type prefix
 * (`thing1`, `character_string2`, `time3`, ...). WeChat rejects a value that breaks its
 * type's rule with errcode 47003 ("argument invalid! data.thing1.value invalid").
 *
 * Source: WeChat's table "订阅消息参数值内容限制说明" (subscribeMessage.send / 发送订阅消息,
 * developers.weixin.qq.com/miniprogram/dev/OpenApiDoc/mp-message-management/subscribe-message/sendMessage.html,
 * the same table is on doc/offiaccount/Subscription_Messages/api.html):
 *   thing            ≤20 characters: Chinese, digits, letters or symbols
 *   number           ≤32 digits, decimals allowed
 *   letter           ≤32 letters only
 *   symbol           ≤5 symbols only
 *   character_string ≤32 digits, letters or symbols
 *   time             24h time (HH:MM or HH:MM:SS), optionally preceded by a date; a range
 *                    joins two points with "~" (e.g. 15:01, 2019年10月1日 15:01)
 *   date             a date (y年m月d日, y年m月, m月d日, or joined with - / . as 2018-01-01,
 *                    2018-01, 01-01), optionally followed by a time; ranges with "~"
 *   amount           one currency sign + ≤10 digits, decimals allowed, may end with 元
 *   phone_number     ≤17 digits and symbols (e.g. +86-0766-66888866)
 *   car_number       ≤8 chars; first and last may be Chinese, the rest letters or digits
 *   name             ≤10 Chinese characters, or ≤20 letters/symbols; mixed counts as Chinese
 *   phrase           ≤5 Chinese characters only (e.g. 配送中)
 *   enum             one of the template's enum values (not checkable here: any non-empty)
 * "Symbols" are the common symbols other than Chinese, letters and digits; control
 * characters such as line breaks are never allowed. Every value must be non-empty.
 * Where the table is silent we choose the stricter reading (no whitespace in
 * character_string/phone_number/symbol, no digits in name) and say so in the tests.
 */

export type KeywordType =
  | 'thing'
  | 'number'
  | 'letter'
  | 'symbol'
  | 'character_string'
  | 'time'
  | 'date'
  | 'amount'
  | 'phone_number'
  | 'car_number'
  | 'name'
  | 'phrase'
  | 'enum';

export type KeywordCheck =
  | { ok: true }
  | { ok: false; reason: 'unknownKeyword' | 'notAnObject' | 'empty' | 'invalid' };

const KEY_PATTERN =
  /^(thing|number|letter|symbol|character_string|time|date|amount|phone_number|car_number|name|phrase|enum)(\d+)$/;

/** The keyword type of a template data key, or null for a key WeChat templates never have. */
export function keywordType(key: string): KeywordType | null {
  const match = KEY_PATTERN.exec(key);
  return match ? (match[1] as KeywordType) : null;
}

const HAN = /\p{Script=Han}/u;
const CONTROL = /\p{Cc}/u;
const LETTER = /^[A-Za-z]$/;
const DIGIT = /^[0-9]$/;

const chars = (s: string): string[] => [...s];
const isHan = (c: string): boolean => HAN.test(c);
const isLetter = (c: string): boolean => LETTER.test(c);
const isDigit = (c: string): boolean => DIGIT.test(c);
/** A visible symbol: not Chinese, letter, digit, whitespace or control character. */
const isSymbol = (c: string): boolean =>
  !isHan(c) && !isLetter(c) && !isDigit(c) && !/\s/u.test(c) && !CONTROL.test(c);

const MONTH = '(?:0?[1-9]|1[0-2])';
const DAY = '(?:0?[1-9]|[12]\\d|3[01])';
const YEAR = '\\d{4}';
const DATE_POINT = [
  `${YEAR}年${MONTH}月${DAY}日`,
  `${YEAR}年${MONTH}月`,
  `${MONTH}月${DAY}日`,
  `${YEAR}[-/.]${MONTH}[-/.]${DAY}`,
  `${YEAR}[-/.]${MONTH}`,
  `${MONTH}[-/.]${DAY}`,
]
  .map((p) => `(?:${p})`)
  .join('|');
const TIME_POINT = '(?:[01]?\\d|2[0-3]):[0-5]\\d(?::[0-5]\\d)?';
const TIME_AT = `(?:(?:${DATE_POINT})\\s*)?${TIME_POINT}`;
const DATE_AT = `(?:${DATE_POINT})(?:\\s*${TIME_POINT})?`;
const TIME_RE = new RegExp(`^${TIME_AT}(?:\\s*~\\s*${TIME_AT})?$`);
const DATE_RE = new RegExp(`^${DATE_AT}(?:\\s*~\\s*${DATE_AT})?$`);
// One separator per y-m-d date: "2018-01/01" is not a date.
const MIXED_SEPARATORS = /\d{4}([-/.])\d{1,2}(?!\1)[-/.]\d{1,2}/;

const AMOUNT_RE = /^([¥￥$€£₩₹]?)(\d+)(?:\.(\d+))?(元?)$/;
const CAR_RE = /^[\p{Script=Han}A-Za-z0-9][A-Za-z0-9]*[\p{Script=Han}A-Za-z0-9]?$/u;

function checkValue(type: KeywordType, value: string): boolean {
  const cs = chars(value);
  switch (type) {
    case 'thing':
      return cs.length <= 20;
    case 'number':
      return /^\d+(?:\.\d+)?$/.test(value) && cs.length <= 32;
    case 'letter':
      return cs.length <= 32 && cs.every(isLetter);
    case 'symbol':
      return cs.length <= 5 && cs.every(isSymbol);
    case 'character_string':
      return cs.length <= 32 && cs.every((c) => isLetter(c) || isDigit(c) || isSymbol(c));
    case 'time':
      return TIME_RE.test(value) && !MIXED_SEPARATORS.test(value);
    case 'date':
      return DATE_RE.test(value) && !MIXED_SEPARATORS.test(value);
    case 'amount': {
      const m = AMOUNT_RE.exec(value);
      if (!m) return false;
      const digits = m[2].length + (m[3]?.length ?? 0);
      return digits <= 10;
    }
    case 'phone_number':
      return cs.length <= 17 && cs.some(isDigit) && cs.every((c) => isDigit(c) || isSymbol(c));
    case 'car_number':
      return cs.length >= 2 && cs.length <= 8 && CAR_RE.test(value);
    case 'name': {
      if (cs.some(isHan))
        return cs.length <= 10 && cs.every((c) => isHan(c) || isLetter(c) || isSymbol(c));
      return cs.length <= 20 && cs.every((c) => isLetter(c) || isSymbol(c) || c === ' ');
    }
    case 'phrase':
      return cs.length <= 5 && cs.every(isHan);
    case 'enum':
      return true;
  }
}

/**
 * Checks one `data` entry of subscribeMessage.send.
 * @example checkKeyword('phrase3', { value: '配送中' }) // { ok: true }
 * @example checkKeyword('thing1', { value: '一二三四五六七八九十一二三四五六七八九十一' }) // { ok: false, reason: 'invalid' }
 */
export function checkKeyword(key: string, entry: unknown): KeywordCheck {
  const type = keywordType(key);
  if (!type) return { ok: false, reason: 'unknownKeyword' };
  if (typeof entry !== 'object' || entry === null || Array.isArray(entry))
    return { ok: false, reason: 'notAnObject' };
  const raw = (entry as { value?: unknown }).value;
  if (raw === undefined || raw === null || raw === '') return { ok: false, reason: 'empty' };
  if (typeof raw !== 'string' && typeof raw !== 'number') return { ok: false, reason: 'invalid' };
  const value = String(raw);
  if (CONTROL.test(value)) return { ok: false, reason: 'invalid' };
  return checkValue(type, value) ? { ok: true } : { ok: false, reason: 'invalid' };
}
