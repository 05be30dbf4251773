import { createHash, createHmac } from 'node:crypto';
import { describe, expect, it } from '@jest/globals';
import { toHex } from './encoding';
import { hmacSha256, sha256 } from './sha256';

const nodeSha = (s: string | Uint8Array) => createHash('sha256').update(s).digest('hex');
const nodeHmac = (k: string | Uint8Array, m: string | Uint8Array) =>
  createHmac('sha256', k).update(m).digest('hex');

describe('sha256', () => {
  it('matches the FIPS 180-4 vector for "abc"', () => {
    expect(toHex(sha256('abc'))).toBe(
      'ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad',
    );
  });

  it('hashes the empty string', () => {
    expect(toHex(sha256(''))).toBe(
      'e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855',
    );
  });

  it('matches node for every length around the 64-byte block and padding boundaries', () => {
    for (let n = 0; n <= 200; n++) {
      const s = 'a'.repeat(n);
      expect(toHex(sha256(s))).toBe(nodeSha(s));
    }
  });

  it('hashes non-ASCII text as UTF-8 (Chinese, emoji)', () => {
    const s = '门店会员 CRM 🎂 生日快乐';
    expect(toHex(sha256(s))).toBe(nodeSha(s));
  });

  it('hashes raw bytes covering all byte values', () => {
    const bytes = Uint8Array.from({ length: 256 }, (_, i) => i);
    expect(toHex(sha256(bytes))).toBe(nodeSha(bytes));
  });
});

describe('hmacSha256', () => {
  it('matches RFC 4231 test case 2', () => {
    expect(toHex(hmacSha256('Jefe', 'what do ya want for nothing?'))).toBe(
      '5bdcc146bf60754e6a042426089575c75a003f089d2739839dec58b964ec3843',
    );
  });

  it('matches RFC 4231 test case 6 (key longer than the block is hashed first)', () => {
    const key = new Uint8Array(131).fill(0xaa);
    expect(toHex(hmacSha256(key, 'Test Using Larger Than Block-Size Key - Hash Key First'))).toBe(
      '60e431591ee0b67f0d8a26aacbf5b77f8e0bc6213728c5140546040f0ee37f54',
    );
  });

  it('matches node for keys of 0..130 bytes and assorted messages', () => {
    for (let n = 0; n <= 130; n += 13) {
      const key = 'k'.repeat(n);
      for (const msg of ['', 'scene:v1|S001|C0001', '会员码|12345678|5']) {
        expect(toHex(hmacSha256(key, msg))).toBe(nodeHmac(key, msg));
      }
    }
  });

  it('matches node for a 64-byte key exactly (no hashing, no padding)', () => {
    const key = Uint8Array.from({ length: 64 }, (_, i) => i * 3);
    expect(toHex(hmacSha256(key, 'x'))).toBe(nodeHmac(key, 'x'));
  });
});
