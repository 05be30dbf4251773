import { describe, expect, it } from '@jest/globals';
import {
  decideAfterSend,
  DEDUPE_WINDOW_MS,
  mayResumeAbandoned,
  nextAttemptAt,
  type SendAnswer,
} from './delivery';

const wx = (errcode: number): SendAnswer => ({ kind: 'wechat', errcode, errmsg: '' });

describe('decideAfterSend', () => {
  it.each<[string, SendAnswer, ReturnType<typeof decideAfterSend>]>([
    ['delivered', { kind: 'ok', msgid: 1 }, { kind: 'sent' }],
    ['40001 invalid token → refresh', wx(40001), { kind: 'refreshToken' }],
    ['42001 expired token → refresh', wx(42001), { kind: 'refreshToken' }],
    ['40014 invalid token → refresh', wx(40014), { kind: 'refreshToken' }],
    ['43004 unfollowed → fallback', wx(43004), { kind: 'fallback', reason: 'notFollower' }],
    ['40003 bad openid → fallback', wx(40003), { kind: 'fallback', reason: 'badRecipient' }],
    ['47003 bad data → fallback', wx(47003), { kind: 'fallback', reason: 'rejected' }],
    ['40037 bad template → fallback', wx(40037), { kind: 'fallback', reason: 'rejected' }],
    ['-1 system busy → retry', wx(-1), { kind: 'retry' }],
    ['45009 rate limit → retry', wx(45009), { kind: 'retry' }],
    ['HTTP 503 → retry', { kind: 'http', status: 503 }, { kind: 'retry' }],
    ['HTTP 500 → retry', { kind: 'http', status: 500 }, { kind: 'retry' }],
    ['HTTP 429 → retry', { kind: 'http', status: 429 }, { kind: 'retry' }],
    [
      'HTTP 404 → fallback',
      { kind: 'http', status: 404 },
      { kind: 'fallback', reason: 'rejected' },
    ],
    ['no answer → retry', { kind: 'network', message: 'ECONNRESET' }, { kind: 'retry' }],
  ])('%s', (_name, answer, expected) => {
    expect(decideAfterSend(answer)).toEqual(expected);
  });
});

describe('nextAttemptAt', () => {
  it('backs off 30 s, 1, 2, 4 minutes', () => {
    expect(nextAttemptAt({ attempts: 1, firstAttemptAt: 0, now: 0 })).toBe(30_000);
    expect(nextAttemptAt({ attempts: 2, firstAttemptAt: 0, now: 30_000 })).toBe(90_000);
    expect(nextAttemptAt({ attempts: 3, firstAttemptAt: 0, now: 90_000 })).toBe(210_000);
    expect(nextAttemptAt({ attempts: 4, firstAttemptAt: 0, now: 210_000 })).toBe(450_000);
  });

  it('gives up after the fifth attempt', () => {
    expect(nextAttemptAt({ attempts: 5, firstAttemptAt: 0, now: 450_000 })).toBeNull();
  });

  it('gives up when the next attempt would fall outside the de-duplication window', () => {
    // a late run: the 2nd attempt comes 8.5 minutes after the first; a 3rd would be at 9.5
    expect(nextAttemptAt({ attempts: 2, firstAttemptAt: 0, now: 8.5 * 60_000 })).toBeNull();
    expect(nextAttemptAt({ attempts: 2, firstAttemptAt: 0, now: DEDUPE_WINDOW_MS - 60_000 })).toBe(
      DEDUPE_WINDOW_MS,
    );
  });
});

describe('mayResumeAbandoned', () => {
  it('resumes inside the window of the first attempt, not after it', () => {
    expect(mayResumeAbandoned({ firstAttemptAt: 0, now: DEDUPE_WINDOW_MS })).toBe(true);
    expect(mayResumeAbandoned({ firstAttemptAt: 0, now: DEDUPE_WINDOW_MS + 1 })).toBe(false);
    expect(mayResumeAbandoned({ firstAttemptAt: null, now: 10 * DEDUPE_WINDOW_MS })).toBe(true);
  });
});
