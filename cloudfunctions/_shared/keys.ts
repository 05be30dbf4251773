/** Deterministic document ids derived from what makes an operation unique (idempotency keys). */
import { createHash } from 'node:crypto';

/**
 * `prefix` + 32 hex chars of SHA-256 over the parts: stable for the same parts, short, and
 * safe for any client-chosen text (request ids are hashed, never used raw as ids).
 * @example derivedId('rdm', memberId, requestId) // 'rdm_3f2a…'
 */
export function derivedId(prefix: string, ...parts: string[]): string {
  return `${prefix}_${createHash('sha256').update(parts.join('\u0000')).digest('hex').slice(0, 32)}`;
}
