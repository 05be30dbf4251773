/**
 * The rotating member code (会员码) a member shows at the till: 18 digits, like a payment
 * code, new every 30 s, resolvable to the member without scanning the members collection.
 *
 *   88 MMMMMMMM TTTTTTTT
 *   │  │        └ tag: HMAC-SHA256(memberKey, 'crm-member-code:v1|memberNo|window'),
 *   │  │          first 6 bytes as an integer, mod 10^8
 *   │  └ (memberNo + tag) mod 10^8 — the member number, shifted by the tag so the code
 *   │    changes completely every window (obfuscation only; the tag is the security)
 *   └ prefix: payment codes start 10–15 (WeChat Pay), 25–30 (Alipay), 62 (UnionPay)
 *
 * `memberNo` is a unique 1–99,999,999 number per member (unique index), so the till
 * resolves a code with one indexed read. `window = floor(now / windowMs)`; no window
 * number is carried: the verifier tries the current and the previous window (a code
 * lives 30–60 s), which costs a factor 2 in forgery odds: 2 in 10^8 per guess.
 *
 * Keys: the member's page can draw the code offline, without ever holding the master
 * secret: the server gives each member `memberCodeKey(memberNo, master)` (derived, so
 * nothing is stored), and derives it again when verifying. A leaked key exposes one
 * member only. The phone should use server time (`now + offset`) since a clock ahead by
 * a window is rejected. Within its lifetime a code can be replayed (e.g. a photo): the
 * till function may remember the last (memberNo, window) it accepted.
 */
import { AppError } from '../contracts/errors';
import { constantTimeEqual, hmacSha256, toHex } from './crypto';

export const MEMBER_CODE_PREFIX = '88';
export const MEMBER_CODE_LENGTH = 18;
export const MEMBER_NO_MAX = 99_999_999;
export const DEFAULT_WINDOW_MS = 30_000;
const MOD = 100_000_000;

export type MemberCodeResult =
  | { memberNo: number; window: number }
  | { error: 'MEMBER.CODE_INVALID' };

const checkMemberNo = (memberNo: number) => {
  if (!Number.isInteger(memberNo) || memberNo < 1 || memberNo > MEMBER_NO_MAX) {
    throw new RangeError(`memberNo must be an integer 1–${MEMBER_NO_MAX}: ${memberNo}`);
  }
};
const checkWindow = (windowMs: number) => {
  if (!Number.isInteger(windowMs) || windowMs < 1_000 || windowMs > 60_000) {
    throw new RangeError(`windowMs must be 1000–60000: ${windowMs}`);
  }
};
const pad8 = (n: number) => String(n).padStart(8, '0');

function tag(memberNo: number, memberKey: string, window: number): number {
  const mac = hmacSha256(memberKey, `crm-member-code:v1|${memberNo}|${window}`);
  let n = 0;
  for (let i = 0; i < 6; i++) n = n * 256 + mac[i];
  return n % MOD;
}

/**
 * The per-member key the member's page uses to draw codes (64 hex characters). Derived
 * from the master secret, so the server need not store it.
 * @example memberCodeKey(12345678, masterSecret) // 'a3f0…' (64 hex)
 */
export function memberCodeKey(memberNo: number, masterSecret: string): string {
  checkMemberNo(memberNo);
  if (!masterSecret) throw new Error('member code secret is empty');
  return toHex(hmacSha256(masterSecret, `crm-member-key:v1|${memberNo}`));
}

/**
 * The 18-digit code for `memberNo` at `now`.
 * @example memberCodeAt(12345678, memberCodeKey(12345678, master), now) // '88' + 16 digits
 */
export function memberCodeAt(
  memberNo: number,
  memberKey: string,
  now: number,
  windowMs = DEFAULT_WINDOW_MS,
): string {
  checkMemberNo(memberNo);
  checkWindow(windowMs);
  const t = tag(memberNo, memberKey, Math.floor(now / windowMs));
  return `${MEMBER_CODE_PREFIX}${pad8((memberNo + t) % MOD)}${pad8(t)}`;
}

/**
 * Read a scanned code: `{ memberNo, window }` when it was made in the current or the
 * previous window, else `{ error: 'MEMBER.CODE_INVALID' }`. Spaces are ignored.
 * @example verifyMemberCode(code, masterSecret, now) // { memberNo: 12345678, window: 58_893_340 }
 */
export function verifyMemberCode(
  code: string,
  masterSecret: string,
  now: number,
  windowMs = DEFAULT_WINDOW_MS,
): MemberCodeResult {
  checkWindow(windowMs);
  const invalid = { error: 'MEMBER.CODE_INVALID' } as const;
  const digits = code.replace(/\s/g, '');
  if (digits.length !== MEMBER_CODE_LENGTH || !/^\d+$/.test(digits)) return invalid;
  if (!digits.startsWith(MEMBER_CODE_PREFIX)) return invalid;
  const mixed = Number(digits.slice(2, 10));
  const t = Number(digits.slice(10));
  const memberNo = (mixed - t + MOD) % MOD;
  if (memberNo < 1) return invalid;
  const key = memberCodeKey(memberNo, masterSecret);
  const current = Math.floor(now / windowMs);
  let match: number | null = null;
  for (const window of [current, current - 1]) {
    // Both windows are always computed, so timing does not tell which one matched.
    if (constantTimeEqual(pad8(tag(memberNo, key, window)), digits.slice(10)) && match === null)
      match = window;
  }
  return match === null ? invalid : { memberNo, window: match };
}

/**
 * `verifyMemberCode` that throws AppError('MEMBER.CODE_INVALID') and returns the memberNo.
 * @example ensureMemberCode(code, masterSecret, now) // 12345678
 */
export function ensureMemberCode(
  code: string,
  masterSecret: string,
  now: number,
  windowMs = DEFAULT_WINDOW_MS,
): number {
  const result = verifyMemberCode(code, masterSecret, now, windowMs);
  if ('error' in result) throw new AppError(result.error);
  return result.memberNo;
}
