/**
 * The HTTP API a store's till system (POS) posts finished orders to — WeChat's HTTP access
 * service in production (`POST <env domain>/pos`), `POST /http/pos` on the local emulator.
 * It records the order through the same code path as the clerk's till (`recordPurchase`):
 * (storeId, receiptNo) is recorded once however often it is sent.
 *
 * Authentication: header `x-crm-signature: sha256=<hex>` = HMAC-SHA256 of the raw request
 * body with the store's key (function environment `CRM_POS_KEYS`, JSON storeId → key). A
 * store's key signs only that store's orders.
 *
 * Answer: HTTP 200 with `{ ok: true, data: PurchaseResult }`; on failure the status tells
 * the class (400 bad input, 401 bad signature, 404 member/coupon unknown, 409 receipt
 * recorded for another member, 422 business rule, 500 internal) and the body is
 * `{ ok: false, error: { code, message } }` with the same stable codes as everywhere.
 */
import { z } from 'zod';
import type { Reply } from './reply';
import {
  couponCodeSchema,
  memberCodeSchema,
  orderLineSchema,
  phoneSchema,
  receiptNoSchema,
  type PurchaseResult,
} from './staff';

export const POS_SIGNATURE_HEADER = 'x-crm-signature';

export const posOrderSchema = z
  .object({
    storeId: z.string().regex(/^[A-Za-z0-9_-]{1,8}$/),
    receiptNo: receiptNoSchema,
    lines: z.array(orderLineSchema).min(1).max(50),
    /** the member's rotating code as scanned at the till … */
    memberCode: memberCodeSchema.optional(),
    /** … or their phone number */
    phone: phoneSchema.optional(),
    /** the code printed on the member's coupon */
    couponCode: couponCodeSchema.optional(),
    /** the staff id of the clerk who served, when the till knows it */
    clerkId: z
      .string()
      .regex(/^[A-Za-z0-9_-]{1,8}$/)
      .optional(),
  })
  .refine((v) => Boolean(v.memberCode) !== Boolean(v.phone), {
    message: '请提供会员码或手机号（二选一）',
  });

export type PosOrderInput = z.input<typeof posOrderSchema>;
export type PosReply = Reply<PurchaseResult>;
