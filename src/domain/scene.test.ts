import { describe, expect, it } from '@jest/globals';
import { AppError } from '../contracts/errors';
import { decodeScene, encodeScene, ensureScene } from './scene';

const secret = 'test-scene-secret';
const WECHAT_SCENE = /^[0-9A-Za-z!#$&'()*+,/:;=?@\-._~]+$/;
const INVALID = { error: 'SCENE.INVALID' };

describe('encodeScene / decodeScene', () => {
  it('round-trips a store and clerk', () => {
    const scene = encodeScene({ storeId: 'S001', clerkId: 'C0011' }, secret);
    expect(scene).toMatch(/^S001\.C0011\.[A-Za-z0-9_-]{12}$/);
    expect(decodeScene(scene, secret)).toEqual({ storeId: 'S001', clerkId: 'C0011' });
  });

  it('round-trips a store without a clerk (undefined or null)', () => {
    const scene = encodeScene({ storeId: 'S001' }, secret);
    expect(encodeScene({ storeId: 'S001', clerkId: null }, secret)).toBe(scene);
    expect(decodeScene(scene, secret)).toEqual({ storeId: 'S001', clerkId: null });
  });

  it('stays within 32 characters of the WeChat scene alphabet for the longest ids', () => {
    const scene = encodeScene({ storeId: 'Z-_99999', clerkId: 'c_-88888' }, secret);
    expect(scene.length).toBe(30);
    expect(scene.length).toBeLessThanOrEqual(32);
    expect(scene).toMatch(WECHAT_SCENE);
    expect(decodeScene(scene, secret)).toEqual({ storeId: 'Z-_99999', clerkId: 'c_-88888' });
  });

  it('is the same every time (a printed QR code stays valid)', () => {
    expect(encodeScene({ storeId: 'S001' }, secret)).toBe(encodeScene({ storeId: 'S001' }, secret));
  });

  it('rejects an edited store', () => {
    const scene = encodeScene({ storeId: 'S001', clerkId: 'C0011' }, secret);
    expect(decodeScene(scene.replace('S001', 'S002'), secret)).toEqual(INVALID);
  });

  it('rejects an edited clerk, a removed clerk and an added clerk', () => {
    const withClerk = encodeScene({ storeId: 'S001', clerkId: 'C0011' }, secret);
    const storeOnly = encodeScene({ storeId: 'S001' }, secret);
    expect(decodeScene(withClerk.replace('C0011', 'C0012'), secret)).toEqual(INVALID);
    expect(decodeScene(withClerk.replace('C0011', ''), secret)).toEqual(INVALID);
    expect(decodeScene(storeOnly.replace('S001..', 'S001.C0011.'), secret)).toEqual(INVALID);
  });

  it('rejects any single edited signature character', () => {
    const scene = encodeScene({ storeId: 'S001', clerkId: 'C0011' }, secret);
    const sigStart = scene.lastIndexOf('.') + 1;
    for (let i = sigStart; i < scene.length; i++) {
      const other = scene[i] === 'A' ? 'B' : 'A';
      expect(decodeScene(scene.slice(0, i) + other + scene.slice(i + 1), secret)).toEqual(INVALID);
    }
  });

  it('rejects a scene signed with another secret', () => {
    expect(decodeScene(encodeScene({ storeId: 'S001' }, 'other-secret'), secret)).toEqual(INVALID);
  });

  it('rejects malformed scenes', () => {
    for (const bad of [
      '',
      'S001',
      'S001.C0011',
      'a.b.c.d',
      'S001..short',
      'S 01..AAAAAAAAAAAA',
      '%E0%A4%A',
      'x'.repeat(40),
    ]) {
      expect(decodeScene(bad, secret)).toEqual(INVALID);
    }
  });

  it('accepts the URL-encoded form WeChat passes to the page', () => {
    const scene = encodeScene({ storeId: 'S-01', clerkId: 'C_1' }, secret);
    const encoded = scene.replace(/\./g, '%2E');
    expect(decodeScene(encoded, secret)).toEqual({ storeId: 'S-01', clerkId: 'C_1' });
  });

  it('refuses to encode ids that are too long or contain the separator', () => {
    expect(() => encodeScene({ storeId: 'S00000001' }, secret)).toThrow(AppError);
    expect(() => encodeScene({ storeId: 'S.1' }, secret)).toThrow(AppError);
    expect(() => encodeScene({ storeId: '' }, secret)).toThrow(AppError);
    expect(() => encodeScene({ storeId: 'S001', clerkId: '店员1' }, secret)).toThrow(AppError);
  });

  it('refuses an empty secret loudly', () => {
    expect(() => encodeScene({ storeId: 'S001' }, '')).toThrow('scene secret is empty');
  });
});

describe('ensureScene', () => {
  it('returns the payload or throws SCENE.INVALID', () => {
    const scene = encodeScene({ storeId: 'S001' }, secret);
    expect(ensureScene(scene, secret)).toEqual({ storeId: 'S001', clerkId: null });
    expect(() => ensureScene('S002' + scene.slice(4), secret)).toThrow(
      expect.objectContaining({
        code: 'SCENE.INVALID',
        message: '二维码无效或已被篡改，请重新扫码',
      }),
    );
  });
});
