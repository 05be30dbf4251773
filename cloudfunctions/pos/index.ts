/**
 * `pos`: orders pushed by a store's till system over HTTP (WeChat cloud's HTTP access
 * service), recorded through the same `recordOrder` as the clerk's till. See
 * src/contracts/pos.ts for the request, the signature and the answers.
 */
import { createHmac, timingSafeEqual } from 'node:crypto';
import { AppError, type ErrorCode } from '@/contracts/errors';
import { parseInput } from '@/contracts/define';
import { POS_SIGNATURE_HEADER, posOrderSchema } from '@/contracts/pos';
import { ensureMemberCode } from '@/domain/memberCode';
import { createHttpCallable, type HttpRequest } from '../_shared/callable';
import { recordOrder } from '../_shared/recordOrder';
import type { Ctx } from '../_shared/runtime';
import { logEvent } from '../_shared/log';
import { posKeyFor } from './keys';

export type { HttpEvent, HttpResponse } from '../_shared/callable';

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

/** `sha256=<hex>` (or bare hex) of HMAC-SHA256(key, raw body), compared in constant time. */
export function signatureValid(raw: Buffer, header: string | undefined, key: string): boolean {
  const given = (header ?? '').trim().replace(/^sha256=/i, '');
  if (!/^[0-9a-f]{64}$/i.test(given)) return false;
  const expected = createHmac('sha256', key).update(raw).digest();
  return timingSafeEqual(expected, Buffer.from(given, 'hex'));
}

/** Signed by the store's key (before anything is parsed or read), then the order. */
async function recordPosOrder(req: HttpRequest, makeCtx: () => Ctx) {
  const storeId =
    typeof (req.body as { storeId?: unknown })?.storeId === 'string'
      ? (req.body as { storeId: string }).storeId
      : '';
  const key = storeId ? posKeyFor(storeId) : null;
  if (!key || !signatureValid(req.raw, req.headers[POS_SIGNATURE_HEADER], key)) {
    logEvent('pos.signature_invalid', { storeId: storeId || null });
    throw new AppError('POS.SIGNATURE_INVALID');
  }
  const input = parseInput(posOrderSchema, req.body);
  const ctx = makeCtx();
  return recordOrder(ctx, {
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
}

export const main = createHttpCallable('pos', recordPosOrder, STATUS);
