/**
 * The scene carried by a store's (or clerk's) checkout QR code (小程序码), signed so that
 * nobody can edit it to claim another store or clerk for a signup.
 *
 * Format (≤ 30 of WeChat's 32 scene characters, all from its alphabet):
 *
 *   <storeId>.<clerkId or empty>.<sig>        e.g. 'S001.C0011.Xb3k9QmTz1aA'
 *
 * - ids are 1–8 characters of [A-Za-z0-9_-] ('.' cannot occur in them);
 * - sig = the first 9 bytes (72 bits) of HMAC-SHA256(secret, 'crm-scene:v1|store|clerk'),
 *   base64url, always 12 characters. Every guess needs a call to the cloud function, so
 *   72 bits is far beyond reach; the 'crm-scene:v1' prefix keeps these signatures apart
 *   from any other use of the same secret.
 * WeChat hands the page the scene URL-encoded; `decodeScene` accepts either form.
 */
import { AppError } from '../contracts/errors';
import { constantTimeEqual, hmacSha256, toBase64Url } from './crypto';

export type ScenePayload = { storeId: string; clerkId: string | null };
export type SceneDecodeResult = ScenePayload | { error: 'SCENE.INVALID' };

export const SCENE_ID_PATTERN = /^[A-Za-z0-9_-]{1,8}$/;
export const SCENE_MAX_LENGTH = 32;
const SIG_BYTES = 9;
const SIG_CHARS = 12;

function signature(storeId: string, clerkId: string, secret: string): string {
  if (!secret) throw new Error('scene secret is empty');
  return toBase64Url(
    hmacSha256(secret, `crm-scene:v1|${storeId}|${clerkId}`).subarray(0, SIG_BYTES),
  );
}

/**
 * The signed scene for a store and optional clerk. Throws COMMON.INVALID_INPUT for an id
 * outside 1–8 characters of [A-Za-z0-9_-].
 * @example encodeScene({ storeId: 'S001', clerkId: 'C0011' }, secret) // 'S001.C0011.<12 chars>'
 */
export function encodeScene(
  payload: { storeId: string; clerkId?: string | null },
  secret: string,
): string {
  const clerkId = payload.clerkId ?? '';
  if (
    !SCENE_ID_PATTERN.test(payload.storeId) ||
    (clerkId !== '' && !SCENE_ID_PATTERN.test(clerkId))
  ) {
    throw new AppError(
      'COMMON.INVALID_INPUT',
      '门店或店员编号格式不正确（1–8 位字母、数字、- 或 _）',
      payload,
    );
  }
  return `${payload.storeId}.${clerkId}.${signature(payload.storeId, clerkId, secret)}`;
}

/**
 * Verify and read a scene; `{ error: 'SCENE.INVALID' }` for anything malformed or edited.
 * @example decodeScene('S001.C0011.' + sig, secret) // { storeId: 'S001', clerkId: 'C0011' }
 * @example decodeScene('S002.C0011.' + sig, secret) // { error: 'SCENE.INVALID' }
 */
export function decodeScene(scene: string, secret: string): SceneDecodeResult {
  const invalid = { error: 'SCENE.INVALID' } as const;
  let text = scene;
  if (text.includes('%')) {
    try {
      text = decodeURIComponent(text);
    } catch {
      return invalid;
    }
  }
  if (text.length > SCENE_MAX_LENGTH) return invalid;
  const parts = text.split('.');
  if (parts.length !== 3) return invalid;
  const [storeId, clerkId, sig] = parts;
  if (!SCENE_ID_PATTERN.test(storeId) || (clerkId !== '' && !SCENE_ID_PATTERN.test(clerkId)))
    return invalid;
  if (sig.length !== SIG_CHARS) return invalid;
  if (!constantTimeEqual(sig, signature(storeId, clerkId, secret))) return invalid;
  return { storeId, clerkId: clerkId || null };
}

/**
 * `decodeScene` that throws AppError('SCENE.INVALID').
 * @example ensureScene(scene, secret).storeId // 'S001'
 */
export function ensureScene(scene: string, secret: string): ScenePayload {
  const result = decodeScene(scene, secret);
  if ('error' in result) throw new AppError(result.error);
  return result;
}
