/**
 * The checkout code's scene, kept from launch until signup.
 *
 * A 小程序码 opens the entry page with `scene=<encodeURIComponent(scene)>`; on H5 the same
 * value arrives as `?scene=` (in the hash route or the page URL). The entry page stores it
 * so the landing page can resolve it and signup can record where the member came from.
 */
import Taro from '@tarojs/taro';

const KEY = 'crm.scene';
/** a remembered scene older than this is no longer "the store you are standing in" */
const MAX_AGE_MS = 24 * 60 * 60 * 1000;

type Stored = { scene: string; at: number };

function decode(raw: string): string {
  try {
    return decodeURIComponent(raw);
  } catch {
    return raw;
  }
}

/** The scene the page was opened with, decoded, or null. */
export function sceneFromParams(params: Record<string, string | undefined>): string | null {
  let raw = params.scene;
  if (!raw && process.env.TARO_ENV === 'h5') {
    raw = new URLSearchParams(window.location.search).get('scene') ?? undefined;
  }
  if (!raw) return null;
  const scene = decode(raw).trim();
  return scene || null;
}

export function rememberScene(scene: string): void {
  const value: Stored = { scene, at: Date.now() };
  Taro.setStorageSync(KEY, value);
}

export function rememberedScene(): string | null {
  const value = Taro.getStorageSync(KEY) as Stored | '' | undefined;
  if (!value || typeof value !== 'object' || typeof value.scene !== 'string') return null;
  if (Date.now() - value.at > MAX_AGE_MS) return null;
  return value.scene;
}

export function forgetScene(): void {
  Taro.removeStorageSync(KEY);
}
