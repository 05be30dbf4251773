/**
 * Idempotency keys chosen by the client (`requestId` of mall.redeemReward, staff.refund):
 * one per user decision (a tap on 「确认兑换」, a refund attempt), reused when that same
 * decision is retried, so the server counts it once.
 *
 *   const id = newRequestId(); // 'mfx3k2a9-7h2kq9zt4c' (8–64 characters)
 */
export function newRequestId(): string {
  const random = () => Math.random().toString(36).slice(2, 10).padEnd(8, '0');
  return `${Date.now().toString(36)}-${random()}${random()}`;
}

/** A few random letters and digits (e.g. the tail of a suggested receipt number). */
export function randomTail(length = 4): string {
  let out = '';
  while (out.length < length) out += Math.random().toString(36).slice(2);
  return out.slice(0, length);
}
