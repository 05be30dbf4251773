/**
 * The boundary of a timer-triggered function. WeChat runs it from config.json's cron with
 * SOURCE wx_trigger and no OPENID; each run must finish within the function timeout, so
 * jobs work in bounded batches and are safe to re-run (a re-run finds nothing left to do).
 */
import { createCtx, type Ctx } from './runtime';
import { logEvent } from './log';

export type TimerEvent = { Type?: string; TriggerName?: string; Time?: string };

export function createTimer<R>(
  name: string,
  run: (ctx: Ctx, event: TimerEvent) => Promise<R>,
  makeCtx: () => Ctx = createCtx,
) {
  return async function main(event: TimerEvent): Promise<R> {
    const ctx = makeCtx();
    const started = Date.now();
    const result = await run(ctx, event ?? {});
    logEvent('timer.done', {
      function: name,
      trigger: event?.TriggerName ?? null,
      ms: Date.now() - started,
      result,
    });
    return result;
  };
}
