/**
 * `pos`: orders pushed by a store's till system over HTTP (WeChat cloud's HTTP access
 * service), recorded through the same `recordOrder` as the clerk's till. See
 * src/contracts/pos.ts for the request, the signature and the answers.
 */
import { createHmac, timingSafeEqual } from 'node:crypto';
import { ERRORS, isAppError, type ErrorCode } from '@/contracts/errors';
import { describeIssues } from '@/contracts/define';
import { POS_SIGNATURE_HEADER, posOrderSchema, type PosReply } from '@/contracts/pos';
import { err, ok } from '@/contracts/reply';
import { ensureMemberCode } from '@/domain/memberCode';
import { recordOrder } from '../_shared/recordOrder';
import { createCtx, type Ctx } from '../_shared/runtime';
import { logEvent } from '../_shared/log';
import { posKeyFor } from './keys';

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

const STATUS: Partial<Record<ErrorCode, number>> = {
  'COMMON.INVALID_INPUT': 400,
  'POS.SIGNATURE_INVALID': 401,
  'MEMBER.NOT_FOUND': 404,
  'COUPON.NOT_FOUND': 404,
  'COMMON.NOT_FOUND': 404,
  'ORDER.DUPLICATE_RECEIPT': 409,
  'COMMON.CONFLICT': 409,
  'COMMON.INTERNAL': 500,
};

const respond = (statusCode: number, reply: PosReply): HttpResponse => ({
  statusCode,
  headers: { 'content-type': 'application/json; charset=utf-8' },
  body: JSON.stringify(reply),
  isBase64Encoded: false,
});

const failure = (
  code: ErrorCode,
  message: string = ERRORS[code],
  details?: unknown,
): HttpResponse =>
  respond(STATUS[code] ?? 422, err({ code, message, ...(details ? { details } : {}) }));

/** `sha256=<hex>` (or bare hex) of HMAC-SHA256(key, raw body), compared in constant time. */
export function signatureValid(raw: Buffer, header: string | undefined, key: string): boolean {
  const given = (header ?? '').trim().replace(/^sha256=/i, '');
  if (!/^[0-9a-f]{64}$/i.test(given)) return false;
  const expected = createHmac('sha256', key).update(raw).digest();
  return timingSafeEqual(expected, Buffer.from(given, 'hex'));
}

export function createPosHandler(makeCtx: () => Ctx = createCtx) {
  return async function main(event: HttpEvent): Promise<HttpResponse> {
    if ((event?.httpMethod ?? 'POST').toUpperCase() !== 'POST')
      return failure('COMMON.INVALID_INPUT', '仅支持 POST 请求');
    const raw = Buffer.from(event.body ?? '', event.isBase64Encoded ? 'base64' : 'utf8');
    const headers = Object.fromEntries(
      Object.entries(event.headers ?? {}).map(([k, v]) => [k.toLowerCase(), v]),
    );
    let body: unknown;
    try {
      body = JSON.parse(raw.toString('utf8'));
    } catch {
      return failure('COMMON.INVALID_INPUT', '请求体不是有效的 JSON');
    }
    const storeId =
      typeof (body as { storeId?: unknown })?.storeId === 'string'
        ? (body as { storeId: string }).storeId
        : '';
    const key = storeId ? posKeyFor(storeId) : null;
    if (!key || !signatureValid(raw, headers[POS_SIGNATURE_HEADER], key)) {
      logEvent('pos.signature_invalid', { storeId: storeId || null });
      return failure('POS.SIGNATURE_INVALID');
    }
    const parsed = posOrderSchema.safeParse(body);
    if (!parsed.success) {
      return failure('COMMON.INVALID_INPUT', describeIssues(parsed.error.issues), {
        issues: parsed.error.issues.map((i) => ({ path: i.path.map(String), code: i.code })),
      });
    }
    const input = parsed.data;
    try {
      const ctx = makeCtx();
      const result = await recordOrder(ctx, {
        source: 'pos',
        storeId: input.storeId,
        receiptNo: input.receiptNo,
        lines: input.lines,
        member: input.memberCode
          ? { memberNo: ensureMemberCode(input.memberCode, ctx.config.memberCodeSecret, ctx.now) }
          : { phone: input.phone! },
        coupon: input.couponCode ? { code: input.couponCode } : null,
        staff: input.clerkId ? { clerkId: input.clerkId } : null,
      });
      return respond(200, ok(result));
    } catch (e) {
      if (isAppError(e)) return failure(e.code, e.message, e.details);
      logEvent('function.error', { function: 'pos', error: String((e as Error)?.stack ?? e) });
      return failure('COMMON.INTERNAL');
    }
  };
}

export const main = createPosHandler();
