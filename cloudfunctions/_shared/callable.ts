/**
 * The boundary of a cloud function: parse (zod contract) → handler → reply.
 * Every answer is a `Reply`: `{ ok: true, data }` or `{ ok: false, error: { code, message } }`
 * with a stable code and a Chinese message. Unexpected errors are logged and answered as
 * COMMON.INTERNAL, never leaking internals to the client.
 *
 * The Ctx is made per call from the real runtime (runtime.ts createCtx); tests reach the
 * clock through the emulator's (tests/support/emulator.ts `startsAt`, `emu.travel`), which
 * every function instance reads, so no test double of the Ctx is needed.
 *
 * Two transports, one boundary: `createCallable` for `wx.cloud.callFunction` (the event is
 * the request), `createHttpCallable` for WeChat cloud's HTTP access service (the event is an
 * HTTP request; the reply goes in the body, its error code decides the status).
 */
import type { ActionName, ActionOutput, Contract, ParsedRequest } from '@/contracts/define';
import { parseRequest } from '@/contracts/define';
import { AppError, ERRORS, isAppError, type ErrorCode } from '@/contracts/errors';
import { err, ok, type Reply } from '@/contracts/reply';
import { createCtx, type Ctx } from './runtime';
import { logEvent } from './log';

export type Handlers<C extends Contract> = {
  [A in ActionName<C>]: (
    req: Extract<ParsedRequest<C>, { action: A }>,
    ctx: Ctx,
  ) => Promise<ActionOutput<C, A>>;
};

/** Run `fn` and answer its result, or its error as a reply (the one error mapping). */
async function answer(
  name: string,
  action: () => string,
  fn: () => Promise<unknown>,
): Promise<Reply<unknown>> {
  try {
    return ok(await fn());
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
      action: action(),
      error: String((e as Error)?.stack ?? e),
    });
    return err({ code: 'COMMON.INTERNAL', message: ERRORS['COMMON.INTERNAL'] });
  }
}

export function createCallable<C extends Contract>(
  name: string,
  contract: C,
  handlers: Handlers<C>,
) {
  return async function main(event: unknown): Promise<Reply<unknown>> {
    let action = '?';
    return answer(
      name,
      () => action,
      async () => {
        const req = parseRequest(contract, event);
        action = req.action;
        const handler = handlers[req.action as ActionName<C>] as (
          r: typeof req,
          c: Ctx,
        ) => Promise<unknown>;
        return handler(req, createCtx());
      },
    );
  };
}

export type HttpEvent = {
  httpMethod?: string;
  path?: string;
  headers?: Record<string, string | undefined>;
  body?: string | null;
  isBase64Encoded?: boolean;
};
export type HttpResponse = {
  statusCode: number;
  headers: Record<string, string>;
  body: string;
  isBase64Encoded: false;
};
/** An HTTP request as the handler sees it: the raw body, its JSON, lower-cased headers. */
export type HttpRequest = {
  raw: Buffer;
  body: unknown;
  headers: Record<string, string | undefined>;
};

/**
 * The boundary for the HTTP access service: POST only, a JSON body, then `handler` (which
 * checks what it must — a signature, a schema — by throwing AppErrors, and makes the Ctx only
 * once it trusts the request). Success is 200; an error's status comes from `status` (422
 * when not listed).
 */
export function createHttpCallable(
  name: string,
  handler: (req: HttpRequest, makeCtx: () => Ctx) => Promise<unknown>,
  status: Partial<Record<ErrorCode, number>>,
) {
  const respond = (reply: Reply<unknown>): HttpResponse => ({
    statusCode: reply.ok ? 200 : (status[reply.error.code as ErrorCode] ?? 422),
    headers: { 'content-type': 'application/json; charset=utf-8' },
    body: JSON.stringify(reply),
    isBase64Encoded: false,
  });
  return async function main(event: HttpEvent): Promise<HttpResponse> {
    const reply = await answer(
      name,
      () => 'http',
      async () => {
        if ((event?.httpMethod ?? 'POST').toUpperCase() !== 'POST')
          throw new AppError('COMMON.INVALID_INPUT', '仅支持 POST 请求');
        const raw = Buffer.from(event.body ?? '', event.isBase64Encoded ? 'base64' : 'utf8');
        const headers = Object.fromEntries(
          Object.entries(event.headers ?? {}).map(([k, v]) => [k.toLowerCase(), v]),
        );
        let body: unknown;
        try {
          body = JSON.parse(raw.toString('utf8'));
        } catch {
          throw new AppError('COMMON.INVALID_INPUT', '请求体不是有效的 JSON');
        }
        return handler({ raw, body, headers }, createCtx);
      },
    );
    return respond(reply);
  };
}
