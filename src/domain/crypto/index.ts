/**
 * The signatures behind checkout-code scenes and rotating member codes. Domain code also
 * runs inside the mini-program, where neither `node:crypto` nor `crypto.subtle` exists, so
 * HMAC-SHA256 comes from @noble/hashes (audited, no dependencies, plain JS) and base64url
 * from @scure/base. Strings are signed as UTF-8.
 */
import { hmac } from '@noble/hashes/hmac.js';
import { sha256 } from '@noble/hashes/sha2.js';
import { bytesToHex, utf8ToBytes } from '@noble/hashes/utils.js';
import { base64urlnopad } from '@scure/base';

type Bytes = Uint8Array | string;
const bytes = (input: Bytes): Uint8Array =>
  typeof input === 'string' ? utf8ToBytes(input) : input;

/** @example toHex(hmacSha256('key', 'message')) // 64 hex characters */
export function hmacSha256(key: Bytes, message: Bytes): Uint8Array {
  return hmac(sha256, bytes(key), bytes(message));
}

/** @example toHex(new Uint8Array([1, 255])) // '01ff' */
export const toHex = (data: Uint8Array): string => bytesToHex(data);

/**
 * Base64url without padding (RFC 4648 §5); every character is in WeChat's scene alphabet.
 * @example toBase64Url(new Uint8Array([0xfb, 0xff])) // '-_8'
 */
export const toBase64Url = (data: Uint8Array): string => base64urlnopad.encode(data);

/**
 * Compare two strings in time that depends only on their lengths, so a caller cannot
 * learn how many leading characters of a guessed signature were right.
 * @example constantTimeEqual('abc', 'abd') // false
 */
export function constantTimeEqual(a: string, b: string): boolean {
  let diff = a.length ^ b.length;
  for (let i = 0; i < a.length; i++) {
    diff |= a.charCodeAt(i) ^ (i < b.length ? b.charCodeAt(i) : 0);
  }
  return diff === 0;
}
