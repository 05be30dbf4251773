/** Real openids are 28 URL-safe base64 characters; the emulator accepts any 1–64 of them (as its gateway does). */
const OPENID_PATTERN = /^[A-Za-z0-9_-]{1,64}$/;

export const isOpenid = (value: unknown): value is string =>
  typeof value === 'string' && OPENID_PATTERN.test(value);
