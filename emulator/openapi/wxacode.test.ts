import Database from 'better-sqlite3';
import QRCode from 'qrcode';
import { beforeEach, describe, expect, it } from '@jest/globals';
import { createOpenApiBackend, wxacodeTarget, type EmulatorOpenApi } from './index';

// pngjs comes with qrcode (its PNG renderer); used here only to read pixels back.
const { PNG } = require('pngjs') as {
  PNG: { sync: { read(buffer: Buffer): { width: number; height: number; data: Buffer } } };
};

const APP_PAGES = ['pages/index/index', 'pages/store/index', 'staff/pages/desk/index'];
const ctx = { invocationId: 'inv-qr' };
let api: EmulatorOpenApi;

beforeEach(() => {
  api = createOpenApiBackend({
    sqlite: new Database(':memory:'),
    clock: () => 0,
    h5BaseUrl: 'http://127.0.0.1:4100/',
    appPages: APP_PAGES,
  });
});

type Image = { contentType: string; buffer: Buffer };
const qr = (data: Record<string, unknown>) =>
  api.call('wxacode.getUnlimited', data, ctx) as Promise<Image & { errcode?: number }>;

/** Reads the module grid back from the PNG (margin 2, as drawn) and compares it with a fresh encoding of `text`. */
function encodes(png: Buffer, text: string): boolean {
  const img = PNG.sync.read(png);
  const { size, data } = QRCode.create(text, { errorCorrectionLevel: 'M' }).modules;
  const scale = img.width / (size + 4);
  for (let r = 0; r < size; r++) {
    for (let c = 0; c < size; c++) {
      const x = Math.floor((c + 2 + 0.5) * scale);
      const y = Math.floor((r + 2 + 0.5) * scale);
      const dark = img.data[(y * img.width + x) * 4] < 128;
      if (dark !== Boolean(data[r * size + c])) return false;
    }
  }
  return true;
}

describe('wxacode.getUnlimited', () => {
  it('answers a PNG QR image of the H5 page URL with the scene encoded', async () => {
    const res = await qr({ scene: 's=ST001&c=ab', page: 'pages/store/index', width: 430 });
    expect(res.contentType).toBe('image/png');
    expect(res.buffer.subarray(0, 8)).toEqual(
      Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
    );
    const img = PNG.sync.read(res.buffer);
    expect([img.width, img.height]).toEqual([430, 430]);
    const target = 'http://127.0.0.1:4100/#/pages/store/index?scene=s%3DST001%26c%3Dab';
    expect(wxacodeTarget('http://127.0.0.1:4100/', 'pages/store/index', 's=ST001&c=ab')).toBe(
      target,
    );
    expect(encodes(res.buffer, target)).toBe(true);
    expect(encodes(res.buffer, target.replace('ST001', 'ST002'))).toBe(false);
  });

  it('draws the width asked for, 430 by default, clamped to 280–1280', async () => {
    const width = async (w: unknown) =>
      PNG.sync.read((await qr({ scene: 'a', page: 'pages/index/index', width: w })).buffer).width;
    expect(await width(undefined)).toBe(430);
    expect(await width(600)).toBe(600);
    expect(await width(100)).toBe(280);
    expect(await width(5000)).toBe(1280);
  });

  it('defaults the page to the home page (first app page)', async () => {
    const res = await qr({ scene: 'x1' });
    expect(encodes(res.buffer, 'http://127.0.0.1:4100/#/pages/index/index?scene=x1')).toBe(true);
  });

  it('accepts every documented scene character and a 32-char scene', async () => {
    expect(
      (await qr({ scene: "09AZaz!#$&'()*+,/:;=?@-._~", page: 'pages/index/index' })).contentType,
    ).toBe('image/png');
    expect((await qr({ scene: 'a'.repeat(32) })).contentType).toBe('image/png');
    expect((await qr({ scene: 12345 })).contentType).toBe('image/png');
  });

  it('answers 40169 for an empty, missing or over-32-char scene', async () => {
    for (const scene of ['', undefined, 'a'.repeat(33)]) {
      expect(await qr({ scene, page: 'pages/index/index' })).toMatchObject({ errcode: 40169 });
    }
    expect(((await qr({ scene: '' })) as unknown as { errmsg: string }).errmsg).toMatch(
      /^invalid length for scene/,
    );
  });

  it('answers 40129 for a scene with a character outside the allowed set', async () => {
    for (const scene of ['a b', '店铺1', 'a%20b', 'a"b', 'a<b>', 'a|b']) {
      expect(await qr({ scene, page: 'pages/index/index' })).toMatchObject({
        errcode: 40129,
      });
    }
  });

  it('answers 41030 for a page with a leading slash, a query, or not in the app', async () => {
    for (const page of ['/pages/index/index', 'pages/index/index?x=1', 'pages/nope/index']) {
      expect(await qr({ scene: 'a', page })).toMatchObject({ errcode: 41030 });
    }
  });

  it('skips the app-page check with check_path false, but not the format check', async () => {
    expect((await qr({ scene: 'a', page: 'pages/new/index', check_path: false })).contentType).toBe(
      'image/png',
    );
    expect(await qr({ scene: 'a', page: '/pages/new/index', check_path: false })).toMatchObject({
      errcode: 41030,
    });
  });

  it('answers 40097 for an unknown env_version', async () => {
    expect(await qr({ scene: 'a', env_version: 'beta' })).toMatchObject({ errcode: 40097 });
    expect((await qr({ scene: 'a', env_version: 'develop' })).contentType).toBe('image/png');
  });

  it('draws line_color and a transparent background for is_hyaline', async () => {
    const res = await qr({ scene: 'a', line_color: { r: 200, g: 0, b: 0 }, is_hyaline: true });
    const img = PNG.sync.read(res.buffer);
    expect(img.data[3]).toBe(0); // corner pixel: transparent quiet zone
    const scale =
      img.width /
      (QRCode.create('http://127.0.0.1:4100/#/pages/index/index?scene=a', {
        errorCorrectionLevel: 'M',
      }).modules.size +
        4);
    const x = Math.floor(2.5 * scale); // top-left finder pattern: dark
    expect([...img.data.subarray((x * img.width + x) * 4, (x * img.width + x) * 4 + 4)]).toEqual([
      200, 0, 0, 255,
    ]);
  });
});
