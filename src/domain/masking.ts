/**
 * What a clerk sees of another clerk's customer: the surname and the phone's first 3 and
 * last 4 digits (张*, 138****1234). Also the polite form of address used in messages
 * (张女士). Characters are counted as code points, so rare CJK characters outside the
 * BMP are never split.
 */
import { normalisePhone } from './phone';

/** Two-character surnames common enough that 欧阳娜娜 should be 欧阳女士, not 欧女士. */
// prettier-ignore
const COMPOUND_SURNAMES = new Set([
  '欧阳', '司马', '诸葛', '上官', '东方', '皇甫', '慕容', '司徒', '令狐', '夏侯',
  '公孙', '长孙', '宇文', '尉迟', '独孤', '南宫', '西门', '端木', '轩辕', '呼延',
]);

const chars = (text: string): string[] => Array.from(text.trim());

/**
 * Keep the first character, mask the rest with one '*' each (a single character gets one).
 * @example maskName('张三丰') // '张**'; maskName('张三') // '张*'
 */
export function maskName(name: string | null | undefined): string {
  const c = chars(name ?? '');
  if (c.length === 0) return '';
  return c[0] + '*'.repeat(Math.max(1, c.length - 1));
}

/**
 * Mask the middle of a phone number: first 3 and last 4 digits stay. It is normalised first
 * (domain/phone.ts: +86 prefix, spaces, dashes, full-width digits); anything shorter than
 * 8 digits is masked entirely.
 * @example maskPhone('13812341234') // '138****1234'
 */
export function maskPhone(phone: string | null | undefined): string {
  const digits = normalisePhone(phone);
  if (digits.length < 8) return '*'.repeat(digits.length);
  return `${digits.slice(0, 3)}${'*'.repeat(digits.length - 7)}${digits.slice(-4)}`;
}

/**
 * The surname of a Chinese name (two characters for common compound surnames).
 * @example surname('欧阳娜娜') // '欧阳'
 */
export function surname(name: string): string {
  const c = chars(name);
  if (c.length >= 3 && COMPOUND_SURNAMES.has(c[0] + c[1])) return c[0] + c[1];
  return c[0] ?? '';
}

export type Gender = 'female' | 'male' | 'unknown';

/** Forms of address a shopper may give as their 称呼; kept as given (林小姐 stays 林小姐). */
const ADDRESS_FORMS = ['小姐', '女士', '先生', '太太', '夫人', '阿姨'];

/**
 * How messages address a member: surname + 女士 / 先生 / 顾客; '顾客' without a name.
 * A 称呼 the member chose (「林小姐」, 「王先生」) is used as it is. A Latin name keeps its
 * first word (Alice Wang → Alice女士).
 * @example honorific('张三丰', 'female') // '张女士'; honorific('林小姐', 'female') // '林小姐'
 */
export function honorific(
  name: string | null | undefined,
  gender: Gender | null | undefined,
): string {
  const title = gender === 'female' ? '女士' : gender === 'male' ? '先生' : '顾客';
  const trimmed = (name ?? '').trim();
  if (!trimmed) return '顾客';
  const c = chars(trimmed);
  if (c.length <= 4 && ADDRESS_FORMS.some((f) => trimmed.endsWith(f) && c.length > f.length))
    return trimmed;
  const family = /^[A-Za-z]/.test(trimmed) ? trimmed.split(/\s+/)[0] : surname(trimmed);
  return family + title;
}
