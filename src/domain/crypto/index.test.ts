import { createHmac } from 'node:crypto';
import { describe, expect, it } from '@jest/globals';
import { constantTimeEqual, hmacSha256, toBase64Url, toHex } from '.';

describe('crypto', () => {
  it('signs strings as UTF-8, like Node (ASCII, CJK, astral, empty)', () => {
    for (const [key, message] of [
      ['local-dev-scene-secret', 'crm-scene:v1|S001|C0011'],
      ['密钥', '上海南京西路店'],
      ['k', '😀𠮷'],
      ['', ''],
    ]) {
      expect(toHex(hmacSha256(key, message))).toBe(
        createHmac('sha256', key).update(message).digest('hex'),
      );
    }
  });

  it('takes raw bytes as well as strings', () => {
    const key = new Uint8Array([0, 255, 1]);
    expect(toHex(hmacSha256(key, new Uint8Array([7])))).toBe(
      createHmac('sha256', key)
        .update(new Uint8Array([7]))
        .digest('hex'),
    );
  });

  it('encodes base64url without padding, as Node does', () => {
    for (let n = 0; n <= 20; n++) {
      const data = Uint8Array.from({ length: n }, (_, i) => (i * 37 + 250) % 256);
      expect(toBase64Url(data)).toBe(Buffer.from(data).toString('base64url'));
    }
  });

  it('compares strings of different lengths or one differing character as unequal', () => {
    expect(constantTimeEqual('abc', 'abc')).toBe(true);
    expect(constantTimeEqual('abc', 'abd')).toBe(false);
    expect(constantTimeEqual('abc', 'ab')).toBe(false);
    expect(constantTimeEqual('', 'a')).toBe(false);
  });
});
