/**
 * The boundary of a callable cloud function: parse (zod contract) → handler → reply.
 * Every answer is a `Reply`: `{ ok: true, data }` or `{ ok: false, error: { code, message } }`
 * with a stable code and a Chinese message. Unexpected errors are logged and answered as
 * COMMON.INTERNAL, never leaking internals to the client.
 */
import type { ActionName, ActionOutput, Contract, ParsedRequest } from '@/contracts/define';
import { parseRequest } from '@/contracts/define';
import { ERRORS, isAppError } from '@/contracts/errors';
import { err, ok, type Reply } from '@/contracts/reply';
import { createCtx, type Ctx } from './runtime';
import { logEvent } from './log';

export type Handlers<C extends Contract> = {
  [A in ActionName<C>]: (
    req: Extract<ParsedRequest<C>, { action: A }>,
    ctx: Ctx,
  ) => Promise<ActionOutput<C, A>>;
};

export function createCallable<C extends Contract>(
  name: string,
  contract: C,
  handlers: Handlers<C>,
  makeCtx: () => Ctx = createCtx,
) {
  return async function main(event: unknown): Promise<Reply<unknown>> {
    let action = '?';
    try {
      const req = parseRequest(contract, event);
      action = req.action;
      const handler = handlers[req.action as ActionName<C>] as (
        r: typeof req,
        c: Ctx,
      ) => Promise<unknown>;
      return ok(await handler(req, makeCtx()));
    } catch (e) {
      if (isAppError(e)) {
        return err({
          code: e.code,
          message: e.message,
          ...(e.details ? { details: e.details } : {}),
        });
      }
      logEvent('function.error', {
        function: name,
        action,
        error: String((e as Error)?.stack ?? e),
      });
      return err({ code: 'COMMON.INTERNAL', message: ERRORS['COMMON.INTERNAL'] });
    }
  };
}
