import { describe, expect, it } from '@jest/globals';
import { AppError } from '../contracts/errors';
import { ensureMemberCode, memberCodeAt, memberCodeKey, verifyMemberCode } from './memberCode';

const master = 'test-member-code-secret';
const W = 30_000;
const t0 = 1_795_200_000_000; // a window boundary (divisible by 30_000), November 2026
const INVALID = { error: 'MEMBER.CODE_INVALID' };
const codeFor = (memberNo: number, now: number) =>
  memberCodeAt(memberNo, memberCodeKey(memberNo, master), now);

describe('memberCodeAt', () => {
  it('is 18 digits starting with 88', () => {
    for (const no of [1, 42, 12_345_678, 99_999_999]) expect(codeFor(no, t0)).toMatch(/^88\d{16}$/);
  });

  it('stays the same within a window and changes in the next', () => {
    expect(codeFor(12_345_678, t0)).toBe(codeFor(12_345_678, t0 + W - 1));
    expect(codeFor(12_345_678, t0 + W)).not.toBe(codeFor(12_345_678, t0));
  });

  it('differs between members in the same window', () => {
    const codes = new Set(Array.from({ length: 200 }, (_, i) => codeFor(i + 1, t0)));
    expect(codes.size).toBe(200);
  });

  it('does not show the member number in clear', () => {
    expect(codeFor(12_345_678, t0).slice(2, 10)).not.toBe('12345678');
  });

  it('refuses member numbers outside 1–99,999,999 and windows over a minute', () => {
    expect(() => memberCodeAt(0, 'k', t0)).toThrow(RangeError);
    expect(() => memberCodeAt(100_000_000, 'k', t0)).toThrow(RangeError);
    expect(() => memberCodeAt(1.5, 'k', t0)).toThrow(RangeError);
    expect(() => memberCodeAt(1, 'k', t0, 120_000)).toThrow(RangeError);
  });
});

describe('verifyMemberCode', () => {
  it('resolves the member number in the same window', () => {
    expect(verifyMemberCode(codeFor(12_345_678, t0), master, t0 + 5_000)).toEqual({
      memberNo: 12_345_678,
      window: t0 / W,
    });
  });

  it('resolves the smallest and largest member numbers', () => {
    expect(verifyMemberCode(codeFor(1, t0), master, t0)).toMatchObject({ memberNo: 1 });
    expect(verifyMemberCode(codeFor(99_999_999, t0), master, t0)).toMatchObject({
      memberNo: 99_999_999,
    });
  });

  it('accepts a code from the previous window (made at its last millisecond)', () => {
    const code = codeFor(777, t0 - 1);
    expect(verifyMemberCode(code, master, t0 + W - 1)).toEqual({
      memberNo: 777,
      window: t0 / W - 1,
    });
  });

  it('rejects a code two windows old', () => {
    expect(verifyMemberCode(codeFor(777, t0 + W - 1), master, t0 + 2 * W)).toEqual(INVALID);
    expect(verifyMemberCode(codeFor(777, t0), master, t0 + 10 * W)).toEqual(INVALID);
  });

  it('rejects a code from a window in the future (phone clock ahead)', () => {
    expect(verifyMemberCode(codeFor(777, t0 + W), master, t0)).toEqual(INVALID);
  });

  it('rejects every single-digit edit', () => {
    const code = codeFor(12_345_678, t0);
    for (let i = 0; i < code.length; i++) {
      for (let d = 0; d <= 9; d++) {
        if (String(d) === code[i]) continue;
        const edited = code.slice(0, i) + d + code.slice(i + 1);
        expect(verifyMemberCode(edited, master, t0)).toEqual(INVALID);
      }
    }
  });

  it('rejects a code made with another master secret', () => {
    const code = memberCodeAt(5, memberCodeKey(5, 'another-secret'), t0);
    expect(verifyMemberCode(code, master, t0)).toEqual(INVALID);
  });

  it('rejects a code made with another member’s key', () => {
    expect(verifyMemberCode(memberCodeAt(5, memberCodeKey(6, master), t0), master, t0)).toEqual(
      INVALID,
    );
  });

  it('rejects malformed input and a payment code', () => {
    for (const bad of [
      '',
      '88',
      'abcdefghijklmnopqr',
      '88123456781234567',
      '881234567812345678x',
      '134567890123456789',
    ]) {
      expect(verifyMemberCode(bad, master, t0)).toEqual(INVALID);
    }
  });

  it('ignores spaces typed or shown between digit groups', () => {
    const code = codeFor(4_242, t0);
    const spaced = code.replace(/(\d{4})(?=\d)/g, '$1 ');
    expect(verifyMemberCode(spaced, master, t0)).toMatchObject({ memberNo: 4_242 });
  });

  it('works with a custom window length', () => {
    const code = memberCodeAt(9, memberCodeKey(9, master), t0, 10_000);
    expect(verifyMemberCode(code, master, t0 + 19_999, 10_000)).toMatchObject({ memberNo: 9 });
    expect(verifyMemberCode(code, master, t0 + 20_000, 10_000)).toEqual(INVALID);
  });
});

describe('memberCodeKey and ensureMemberCode', () => {
  it('derives a stable 64-hex key per member', () => {
    expect(memberCodeKey(1, master)).toMatch(/^[0-9a-f]{64}$/);
    expect(memberCodeKey(1, master)).toBe(memberCodeKey(1, master));
    expect(memberCodeKey(1, master)).not.toBe(memberCodeKey(2, master));
    expect(() => memberCodeKey(1, '')).toThrow('member code secret is empty');
  });

  it('returns the member number or throws MEMBER.CODE_INVALID', () => {
    expect(ensureMemberCode(codeFor(31, t0), master, t0)).toBe(31);
    expect(() => ensureMemberCode('880000000000000000', master, t0)).toThrow(AppError);
  });
});
