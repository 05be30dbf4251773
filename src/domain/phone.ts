/**
 * The one phone-number format: a mainland China mobile number, 11 digits starting 13–19.
 *
 * Whatever a person or a till hands us — typed, pasted from a contact card, scanned, with
 * spaces or dashes, a +86 / 86 / 0086 prefix, full-width digits from a Chinese keyboard — is
 * first normalised to its digits (`normalisePhone`), then checked (`checkPhone` answers, the
 * `ensurePhone` variant throws PHONE.INVALID). Signup, the till's phone lookup, the `pos`
 * contract, masking, the landing page and the seeds all go through here, so a number valid
 * in one place is valid in every other, and stored numbers are always the bare 11 digits.
 */
import { AppError } from '../contracts/errors';

/** A normalised mainland mobile number: 1, then 3–9, then 9 digits. */
export const MAINLAND_MOBILE = /^1[3-9]\d{9}$/;

/** Length of a normalised mobile number (an input may cut there after normalising). */
export const PHONE_DIGITS = 11;
/** Longest input worth keeping while typing: 0086 and 11 digits. */
export const PHONE_INPUT_MAX = 15;

const FULL_WIDTH_DIGIT = /[\uFF10-\uFF19]/g;
/** spaces (incl. full-width and no-break), dashes of every width, dots and brackets */
const SEPARATORS = /[\s\u00A0\u3000\-\u2010-\u2015\uFF0D.()（）]/g;
const COUNTRY_PREFIX = /^(?:\+|\uFF0B|00)?86(?=1\d{10}$)/;

/**
 * The digits of a phone number as typed or pasted: full-width digits become ASCII,
 * separators go, a +86 / 86 / 0086 prefix before an 11-digit number starting with 1 goes.
 * Anything else is kept, so an invalid input stays visibly invalid.
 * @example normalisePhone('+86 139-1234-5678') // '13912345678'
 * @example normalisePhone('１３９ １２３４ ５６７８') // '13912345678'
 */
export function normalisePhone(text: string | null | undefined): string {
  return (text ?? '')
    .replace(FULL_WIDTH_DIGIT, (d) => String(d.charCodeAt(0) - 0xff10))
    .replace(/\uFF0B/g, '+')
    .replace(SEPARATORS, '')
    .replace(COUNTRY_PREFIX, '');
}

/**
 * Whether a (normalised) number is a mainland mobile number.
 * @example isMainlandMobile('13912345678') // true; isMainlandMobile('12912345678') // false
 */
export function isMainlandMobile(phone: string): boolean {
  return MAINLAND_MOBILE.test(phone);
}

export type PhoneCheck =
  | { ok: true; phone: string }
  | { ok: false; reason: 'empty' | 'length' | 'format'; message: string };

/**
 * Normalise and check a phone number; the message says what to fix.
 * @example checkPhone('139 1234 5678') // { ok: true, phone: '13912345678' }
 * @example checkPhone('1391234') // { ok: false, reason: 'length', message: '手机号应为 11 位数字' }
 */
export function checkPhone(text: string | null | undefined): PhoneCheck {
  const phone = normalisePhone(text);
  if (phone === '') return { ok: false, reason: 'empty', message: '请输入手机号' };
  if (/^\d+$/.test(phone) && phone.length !== PHONE_DIGITS)
    return { ok: false, reason: 'length', message: '手机号应为 11 位数字' };
  if (!isMainlandMobile(phone))
    return { ok: false, reason: 'format', message: '请输入正确的手机号（1 开头的 11 位数字）' };
  return { ok: true, phone };
}

/**
 * Like `checkPhone`, but answers the normalised number or throws AppError('PHONE.INVALID').
 * @example ensurePhone('86 13912345678') // '13912345678'
 */
export function ensurePhone(text: string | null | undefined): string {
  const result = checkPhone(text);
  if (!result.ok) throw new AppError('PHONE.INVALID');
  return result.phone;
}

/**
 * What a phone input field keeps of what was typed or pasted: normalised first, then cut —
 * a number starting with 1 at 11 digits, one still carrying a country prefix being typed
 * (「+86 1…」) at 15 characters — so a pasted 「139 1234 5678」 stays whole.
 * @example phoneInputValue('139 1234 5678') // '13912345678'
 * @example phoneInputValue('139123456789') // '13912345678'
 */
export function phoneInputValue(text: string): string {
  const phone = normalisePhone(text);
  return phone.slice(0, phone.startsWith('1') ? PHONE_DIGITS : PHONE_INPUT_MAX);
}
