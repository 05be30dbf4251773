/**
 * What to do after a service-account send, decided from WeChat's answer (data, no IO):
 *
 * - 40001 / 40014 / 42001 (token invalid or expired): refresh the token once and send again;
 * - 43004 (the clerk does not follow the account), 40003 (not an openid of the account) and
 *   every other refusal (40037 template, 47003 data, 40165 page …): **fallback** — the clerk
 *   reads the reminder in the workbench; sending again would fail the same way;
 * - -1 (system busy), 45009 (rate limit), an HTTP 5xx or no answer at all: **retry** with
 *   backoff (30 s, 1, 2, 4 min). A timeout or a 5xx leaves the outcome unknown: WeChat
 *   may have delivered. Every attempt carries `client_msg_id` = the outbox id, which WeChat
 *   keeps for 10 minutes to answer a repeat with the first msgid instead of a second
 *   message; so retries stop (fallback `gaveUp`) once the next one would come later than
 *   DEDUPE_WINDOW_MS after the first attempt.
 */

/** WeChat de-duplicates sends by (touser, client_msg_id) for 10 minutes; keep a margin. */
export const DEDUPE_WINDOW_MS = 9 * 60_000;
export const MAX_SEND_ATTEMPTS = 5;
const FIRST_BACKOFF_MS = 30_000;

export type SendAnswer =
  | { kind: 'ok'; msgid: number | string | null }
  | { kind: 'wechat'; errcode: number; errmsg: string }
  | { kind: 'http'; status: number }
  | { kind: 'network'; message: string };

export type FallbackReason =
  | 'noTemplate'
  | 'noUnionid'
  | 'noFollower'
  | 'notFollower'
  | 'badRecipient'
  | 'rejected'
  | 'gaveUp'
  | 'inactiveStaff';

export type SendDecision =
  | { kind: 'sent' }
  | { kind: 'refreshToken' }
  | { kind: 'fallback'; reason: FallbackReason }
  | { kind: 'retry' };

const TOKEN_ERRORS = new Set([40001, 40014, 42001]);
const BUSY_ERRORS = new Set([-1, 45009]);

/**
 * @example decideAfterSend({ kind: 'wechat', errcode: 43004, errmsg: 'require subscribe' }) // { kind: 'fallback', reason: 'notFollower' }
 */
export function decideAfterSend(answer: SendAnswer): SendDecision {
  switch (answer.kind) {
    case 'ok':
      return { kind: 'sent' };
    case 'http':
      return answer.status >= 500 || answer.status === 429
        ? { kind: 'retry' }
        : { kind: 'fallback', reason: 'rejected' };
    case 'network':
      return { kind: 'retry' };
    case 'wechat':
      if (TOKEN_ERRORS.has(answer.errcode)) return { kind: 'refreshToken' };
      if (BUSY_ERRORS.has(answer.errcode)) return { kind: 'retry' };
      if (answer.errcode === 43004) return { kind: 'fallback', reason: 'notFollower' };
      if (answer.errcode === 40003) return { kind: 'fallback', reason: 'badRecipient' };
      return { kind: 'fallback', reason: 'rejected' };
  }
}

/**
 * When to try again after `attempts` attempts (the first made at `firstAttemptAt`), or
 * null: no more attempts (too many, or past WeChat's de-duplication window).
 * @example nextAttemptAt({ attempts: 1, firstAttemptAt: 0, now: 0 }) // 30000
 */
export function nextAttemptAt(input: {
  attempts: number;
  firstAttemptAt: number;
  now: number;
}): number | null {
  if (input.attempts >= MAX_SEND_ATTEMPTS) return null;
  const at = input.now + FIRST_BACKOFF_MS * 2 ** Math.max(0, input.attempts - 1);
  return at - input.firstAttemptAt <= DEDUPE_WINDOW_MS ? at : null;
}

/**
 * Whether a send abandoned mid-flight (its lease ran out: a crash or a timeout) may be
 * attempted again: only inside the de-duplication window of its first attempt, where a
 * repeat cannot become a second message.
 */
export function mayResumeAbandoned(input: { firstAttemptAt: number | null; now: number }): boolean {
  return input.firstAttemptAt === null || input.now - input.firstAttemptAt <= DEDUPE_WINDOW_MS;
}
