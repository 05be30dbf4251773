/**
 * `wxacode.getUnlimited` stand-in. WeChat draws a round "sun code" that only WeChat can
 * open; the emulator draws a plain QR code of the H5 build's URL for the same page and
 * scene, `${h5BaseUrl}/#/${page}?scene=${encodeURIComponent(scene)}`, so a phone camera or
 * a test can follow it. The page reads `decodeURIComponent(query.scene)` in both worlds.
 *
 * Validation follows WeChat's getUnlimitedQRCode doc and observed answers:
 * scene 1–32 chars, else 40169 "invalid length for scene, or the data is not json string";
 * a char outside [0-9A-Za-z!#$&'()*+,/:;=?@-._~] → 40129 "invalid scene";
 * page without leading '/', without query, present in the released app (when
 * check_path is not false) → else 41030 "invalid page"; env_version release|trial|develop
 * → else 40097 "invalid args"; width is clamped to 280–1280 (default 430).
 */
import QRCode from 'qrcode';
import type { OpenApiImage } from '../tcb/types';
import { isAppPage } from './appPages';
import { wxError, type WxJson } from './wxError';

export interface WxacodeDeps {
  h5BaseUrl: string;
  appPages?: readonly string[];
}

const SCENE_PATTERN = /^[0-9A-Za-z!#$&'()*+,/:;=?@\-._~]+$/;
const ENV_VERSIONS = ['release', 'trial', 'develop'];

function clampWidth(width: unknown): number {
  const n = typeof width === 'string' && width.trim() !== '' ? Number(width) : width;
  if (typeof n !== 'number' || !Number.isFinite(n)) return 430;
  return Math.min(1280, Math.max(280, Math.round(n)));
}

function hex(n: unknown): string {
  const v = Math.min(255, Math.max(0, Math.round(Number(n) || 0)));
  return v.toString(16).padStart(2, '0');
}

/** The H5 address a scanned code leads to. */
export function wxacodeTarget(h5BaseUrl: string, page: string, scene: string): string {
  return `${h5BaseUrl.replace(/\/+$/, '')}/#/${page}?scene=${encodeURIComponent(scene)}`;
}

export async function getUnlimited(
  deps: WxacodeDeps,
  data: Record<string, unknown>,
  ctx: { invocationId: string },
): Promise<WxJson | OpenApiImage> {
  const rid = ctx.invocationId;
  const scene = typeof data.scene === 'number' ? String(data.scene) : data.scene;
  if (typeof scene !== 'string' || scene.length === 0 || scene.length > 32) {
    return wxError(40169, 'invalid length for scene, or the data is not json string', rid);
  }
  if (!SCENE_PATTERN.test(scene)) return wxError(40129, 'invalid scene', rid);

  const page = data.page === undefined || data.page === '' ? (deps.appPages?.[0] ?? '') : data.page;
  if (page !== '') {
    const checkPath = data.check_path !== false;
    if (typeof page !== 'string' || page.startsWith('/') || page.includes('?'))
      return wxError(41030, 'invalid page', rid);
    if (checkPath && !isAppPage(deps.appPages, page)) return wxError(41030, 'invalid page', rid);
  }
  if (data.env_version !== undefined && !ENV_VERSIONS.includes(data.env_version as string)) {
    return wxError(40097, 'invalid args', rid);
  }

  const lineColor = data.line_color as { r?: unknown; g?: unknown; b?: unknown } | undefined;
  const dark =
    lineColor && typeof lineColor === 'object'
      ? `#${hex(lineColor.r)}${hex(lineColor.g)}${hex(lineColor.b)}ff`
      : '#000000ff';
  const light = data.is_hyaline === true ? '#ffffff00' : '#ffffffff';

  const buffer = await QRCode.toBuffer(wxacodeTarget(deps.h5BaseUrl, page as string, scene), {
    type: 'png',
    width: clampWidth(data.width),
    margin: 2,
    errorCorrectionLevel: 'M',
    color: { dark, light },
    // one PNG row filter ("up": a QR code's rows repeat) instead of pngjs trying all five on
    // every row, which under Jest's module sandbox took seconds per image
    rendererOpts: { filterType: 2 },
  } as QRCode.QRCodeToBufferOptions);
  return { contentType: 'image/png', buffer };
}
