import { describe, expect, it } from '@jest/globals';
import { constantTimeEqual, toBase64Url, toHex, utf8Encode } from './encoding';

describe('utf8Encode', () => {
  it('matches TextEncoder for ASCII, CJK, and astral characters', () => {
    for (const s of ['', 'S001', '张三丰', '¥12.50', '🎂x', 'é']) {
      expect(Array.from(utf8Encode(s))).toEqual(Array.from(new TextEncoder().encode(s)));
    }
  });

  it('replaces a lone surrogate with U+FFFD like TextEncoder', () => {
    const s = 'a\ud800b';
    expect(Array.from(utf8Encode(s))).toEqual(Array.from(new TextEncoder().encode(s)));
  });
});

describe('toBase64Url', () => {
  it('matches node base64url without padding for lengths 0..20', () => {
    for (let n = 0; n <= 20; n++) {
      const bytes = Uint8Array.from({ length: n }, (_, i) => (i * 97 + 251) & 255);
      expect(toBase64Url(bytes)).toBe(Buffer.from(bytes).toString('base64url'));
    }
  });
});

describe('toHex', () => {
  it('pads each byte to two digits', () => {
    expect(toHex(new Uint8Array([0, 15, 255]))).toBe('000fff');
  });
});

describe('constantTimeEqual', () => {
  it('is true only for identical strings', () => {
    expect(constantTimeEqual('abc', 'abc')).toBe(true);
    expect(constantTimeEqual('abc', 'abd')).toBe(false);
    expect(constantTimeEqual('', '')).toBe(true);
  });

  it('is false when one is a prefix of the other', () => {
    expect(constantTimeEqual('abc', 'abcd')).toBe(false);
    expect(constantTimeEqual('abcd', 'abc')).toBe(false);
    expect(constantTimeEqual('', 'a')).toBe(false);
  });
});
