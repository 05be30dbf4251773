/**
 * The one path by which coupons are issued (signup gift, points mall, campaigns,
 * automations). `issueKey` is a unique index: issuing twice with the same key (a retried
 * request, a re-run timer, two devices at once) yields one coupon.
 */
import type { CouponView } from '@/contracts/member';
import { couponConditions, couponTitle, walletStatus, type CouponTemplate } from '@/domain/coupons';
import type { Database } from '../db';
import { findOne, isDuplicateKeyError } from '../db';
import type { IdSource } from '../runtime';

export type CouponDoc = {
  _id: string;
  memberId: string;
  templateId: string;
  /** shown as a code at the till; unique */
  code: string;
  title: string;
  kind: 'amount' | 'threshold' | 'percent';
  amountFen: number;
  thresholdFen: number;
  percent: number | null;
  capFen: number | null;
  /** empty = every store / every category */
  storeIds: string[];
  categories: string[];
  status: 'unused' | 'used' | 'expired';
  validFrom: number;
  validUntil: number;
  issuedAt: number;
  issueKey: string;
  source: 'signup' | 'mall' | 'campaign' | 'automation' | 'birthday' | 'import';
  usedAt: number | null;
  orderId: string | null;
};

export type CouponSpec = Pick<
  CouponDoc,
  | 'templateId'
  | 'title'
  | 'kind'
  | 'amountFen'
  | 'thresholdFen'
  | 'percent'
  | 'capFen'
  | 'storeIds'
  | 'categories'
  | 'validFrom'
  | 'validUntil'
  | 'source'
>;

/** What a template gives, with its validity (domain `couponValidity`, or a window of the caller's). */
export function couponSpecOf(
  templateId: string,
  t: CouponTemplate,
  validity: { validFrom: number; validUntil: number },
  source: CouponSpec['source'],
): CouponSpec {
  return {
    templateId,
    title: couponTitle(t),
    kind: t.kind,
    amountFen: t.amountFen,
    thresholdFen: t.thresholdFen,
    percent: t.percent,
    capFen: t.capFen ?? null,
    storeIds: t.storeIds,
    categories: t.categories,
    ...validity,
    source,
  };
}

/** Insert a coupon once per issueKey; answers null when that key was already issued. */
export async function issueCoupon(
  db: Database,
  ids: IdSource,
  args: { memberId: string; issueKey: string; spec: CouponSpec; now: number },
): Promise<CouponDoc | null> {
  for (let attempt = 0; attempt < 3; attempt++) {
    const doc: CouponDoc = {
      _id: ids.docId(),
      memberId: args.memberId,
      code: ids.token(12),
      status: 'unused',
      issuedAt: args.now,
      issueKey: args.issueKey,
      usedAt: null,
      orderId: null,
      ...args.spec,
    };
    try {
      await db.collection('coupons').add({ data: doc });
      return doc;
    } catch (e) {
      if (!isDuplicateKeyError(e)) throw e;
      // the issueKey was taken (already issued) — or, vanishingly rarely, the random code was
      if (await findOne(db, 'coupons', { issueKey: args.issueKey })) return null;
    }
  }
  throw new Error('could not allocate a unique coupon code');
}

export function couponView(c: CouponDoc, now: number): CouponView {
  return {
    id: c._id,
    code: c.code,
    title: c.title,
    kind: c.kind,
    amountFen: c.amountFen,
    thresholdFen: c.thresholdFen,
    percent: c.percent,
    capFen: c.capFen ?? null,
    storeIds: c.storeIds,
    categories: c.categories,
    conditions: couponConditions({ ...c, capFen: c.capFen ?? null }),
    status: walletStatus(c, now),
    validFrom: c.validFrom,
    validUntil: c.validUntil,
    usedAt: c.usedAt,
    source: c.source,
  };
}
