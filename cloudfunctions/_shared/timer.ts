/**
 * The boundary of a timer-triggered function. WeChat runs it from config.json's cron with
 * SOURCE wx_trigger and no OPENID — but any client of the mini-program can also call any
 * function of the environment by name, with whatever event it likes (a forged
 * `{Type:'Timer'}` included). So a call that carries a user identity, or that comes from a
 * client or the public HTTP access service, is refused with TIMER.TRIGGER_ONLY before
 * anything is read or written. The event is never trusted: only the WeChat context, which
 * the runtime sets and a client cannot forge, decides.
 *
 * Each run must finish within the function timeout (cloudbaserc: default 3 s, at most
 * 60 s; the runtime tells it as `context.time_limit_in_ms`). A job gets a `deadline`
 * (performance.now() value) with a safety margin before that, checks it before each
 * member, and leaves the rest to the next run of its trigger window; every step is safe
 * to repeat.
 */
import { ERRORS } from '@/contracts/errors';
import { err, type Err } from '@/contracts/reply';
import { createCtx, type Ctx, type Identity } from './runtime';
import { logEvent } from './log';

export type TimerEvent = { Type?: string; TriggerName?: string; Time?: string };
export type TimerContext = { time_limit_in_ms?: number };
export type TimerRun = {
  event: TimerEvent;
  /** stop starting new work after this performance.now() value */
  deadline: number;
};

/** The platform's default function timeout, when the context does not tell it. */
const DEFAULT_LIMIT_MS = 3_000;

/**
 * Whether a call may run a timer job: only without a user identity and not from a client
 * or the HTTP access service (SOURCE may be a chain such as 'wx_client,scf').
 * @example isTimerCaller({ openid: '', appid: '', unionid: '', source: 'wx_trigger' }) // true
 */
export function isTimerCaller(identity: Identity): boolean {
  if (identity.openid || identity.unionid) return false;
  const chain = identity.source.split(',').map((s) => s.trim());
  return !chain.includes('wx_client') && !chain.includes('wx_http');
}

/** performance.now() value by which a run started at `started` stops starting new work. */
export function runDeadline(started: number, limitMs: number): number {
  // a fifth of the limit (at least 1 s): the batch in flight at the deadline still has to
  // finish, and on a busy instance with 100k members one took more than 5 s
  return started + limitMs - Math.max(1_000, limitMs * 0.2);
}

export function createTimer<R>(name: string, run: (ctx: Ctx, timer: TimerRun) => Promise<R>) {
  return async function main(event: TimerEvent, context?: TimerContext): Promise<R | Err> {
    const started = performance.now();
    const ctx = createCtx();
    if (!isTimerCaller(ctx.identity)) {
      logEvent('timer.refused', { function: name, source: ctx.identity.source });
      return err({ code: 'TIMER.TRIGGER_ONLY', message: ERRORS['TIMER.TRIGGER_ONLY'] });
    }
    const limitMs = Number(context?.time_limit_in_ms) || DEFAULT_LIMIT_MS;
    const result = await run(ctx, {
      event: event ?? {},
      deadline: runDeadline(started, limitMs),
    });
    logEvent('timer.done', {
      function: name,
      trigger: event?.TriggerName ?? null,
      ms: Math.round(performance.now() - started),
      result,
    });
    return result;
  };
}
