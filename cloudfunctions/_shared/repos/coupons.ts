/**
 * The one path by which coupons are issued (signup gift, points mall, campaigns,
 * automations). Issuing twice with the same `issueKey` (a retried request, a re-run timer,
 * two devices at once) yields one coupon: the coupon's `_id` is derived from the key
 * (`couponIdOf`), which the database enforces without any unique index.
 *
 * Templates may cap what they give (`issueFromTemplate`), without transactions:
 * - per member: a coupon of a template with `perMemberLimit` N takes one of the slots
 *   `tpl:<templateId>:<memberId>:<1..N>` (its `limitKey`, claimed as `couponSlot:<hash>` in
 *   the same transaction; the next slot when taken; all taken → COUPON.LIMIT_REACHED).
 *   Every other coupon has `limitKey = issueKey` (the declared unique index on limitKey,
 *   kept as a second guard, treats a missing field as null, so it is always set).
 * - in total: `stock` on the template is taken by a conditional `_.inc(-1)` (`stock > 0`)
 *   before the insert, recording the issueKey in the template's `holds` (the last 200), and
 *   given back (the hold pulled) when the insert finds the coupon already issued (a retry)
 *   or the limit reached. A hold with no coupon of its key is a unit taken by an attempt
 *   that died before its insert: a retry of that key reuses it, and `releaseTemplateUnit`
 *   gives it back (the mall's undo of an abandoned redemption).
 */
import { AppError } from '@/contracts/errors';
import type { CouponView } from '@/contracts/member';
import {
  couponValidity,
  issueCoupon as couponOfTemplate,
  type CouponTemplate,
} from '@/domain/coupons';
import { couponConditions } from '@/domain/couponText';
import { walletStatus } from '@/domain/couponWallet';
import type { Database } from '../db';
import { findOne, getById, isDuplicateKeyError, runTransaction } from '../db';
import { derivedId } from '../keys';
import { addClaim, ClaimTaken, claimId } from './claims';
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
  /** unique: `tpl:<templateId>:<memberId>:<slot>` under a per-member limit, else = issueKey */
  limitKey: string;
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

/**
 * What a template gives (the domain's `issueCoupon`), with its validity (the template's
 * own, `couponValidity`, or a window of the caller's, e.g. the birthday coupon's).
 */
export function couponSpecOf(
  templateId: string,
  t: CouponTemplate,
  validity: { validFrom: number; validUntil: number },
  source: CouponSpec['source'],
): CouponSpec {
  const { status: _status, usedAt: _usedAt, ...terms } = couponOfTemplate(t, validity.validFrom);
  return { templateId, ...terms, ...validity, source };
}

type InsertOutcome =
  | { kind: 'inserted'; doc: CouponDoc }
  | { kind: 'issued' } // the issueKey already holds a coupon
  | { kind: 'slotTaken' }; // the limitKey already holds a coupon (another issue)

/** A coupon's `_id`: derived from its issue key, so the database's own `_id` holds one coupon per key. */
export const couponIdOf = (issueKey: string): string => derivedId('cpn', issueKey);

/**
 * The coupon document an issue writes: unused, its `_id` derived from the issue key, the limit
 * key the issue key unless a per-member slot is taken. The seeds write theirs with it too.
 */
export function couponDocOf(args: {
  memberId: string;
  code: string;
  issueKey: string;
  limitKey?: string;
  spec: CouponSpec;
  now: number;
}): CouponDoc {
  return {
    _id: couponIdOf(args.issueKey),
    memberId: args.memberId,
    code: args.code,
    status: 'unused',
    issuedAt: args.now,
    issueKey: args.issueKey,
    limitKey: args.limitKey ?? args.issueKey,
    usedAt: null,
    orderId: null,
    ...args.spec,
  };
}

/**
 * One insert whose `_id` is derived from the issue key — or, under a per-member limit, one
 * transaction: the limit-slot claim (repos/claims.ts), then the coupon. Both hold without
 * any unique index. A unique index of `coupons` that trips on the coupon itself is a random
 * code taken (draw again) or a key held by a coupon issued before the derived ids (asked of
 * the database).
 */
async function insertCoupon(
  db: Database,
  ids: IdSource,
  args: { memberId: string; issueKey: string; limitKey: string; spec: CouponSpec; now: number },
): Promise<InsertOutcome> {
  const _id = couponIdOf(args.issueKey);
  const slotClaim = args.limitKey !== args.issueKey ? claimId('couponSlot', args.limitKey) : null;
  const issuedBefore = async () =>
    Boolean(
      (await getById(db, 'coupons', _id)) ??
        (await findOne(db, 'coupons', { issueKey: args.issueKey })),
    );
  for (let attempt = 0; attempt < 3; attempt++) {
    const doc = couponDocOf({ ...args, code: ids.token(12) });
    try {
      if (!slotClaim) await db.collection('coupons').add({ data: doc });
      else
        await runTransaction(db, async (tx) => {
          await addClaim(tx, { _id: slotClaim, kind: 'couponSlot', owner: _id, at: args.now });
          await tx.collection('coupons').add({ data: doc });
        });
      return { kind: 'inserted', doc };
    } catch (e) {
      // the slot is held: by this very key (a retry that took it before) or by another coupon
      if (e instanceof ClaimTaken)
        return (await issuedBefore()) ? { kind: 'issued' } : { kind: 'slotTaken' };
      if (!isDuplicateKeyError(e)) throw e;
      if (await issuedBefore()) return { kind: 'issued' };
      if (slotClaim && (await findOne(db, 'coupons', { limitKey: args.limitKey })))
        return { kind: 'slotTaken' };
      // the random code was taken (vanishingly rare): draw again
    }
  }
  throw new Error('could not allocate a unique coupon code');
}

/**
 * Insert a coupon once per issueKey; answers null when that key was already issued.
 * No template limits: for the chain's own gifts and coupons already paid for.
 */
export async function issueCoupon(
  db: Database,
  ids: IdSource,
  args: { memberId: string; issueKey: string; spec: CouponSpec; now: number },
): Promise<CouponDoc | null> {
  const out = await insertCoupon(db, ids, { ...args, limitKey: args.issueKey });
  return out.kind === 'inserted' ? out.doc : null;
}

/** The limit slot keys of a member for a template (`tpl:<templateId>:<memberId>:<slot>`). */
export const limitKeyOf = (templateId: string, memberId: string, slot: number): string =>
  `tpl:${templateId}:${memberId}:${slot}`;

/**
 * Issue a coupon of a template within its per-member limit and total stock; answers null
 * when `issueKey` was already issued (a retry takes no second unit and no second slot).
 * Throws COUPON.TEMPLATE_INACTIVE (switched off by HQ) / COUPON.OUT_OF_STOCK / COUPON.LIMIT_REACHED. Requests: 1 insert (a transaction of
 * 4 under a per-member limit, + 1 per slot already taken), + 1 stock update when the template
 * has stock (+ 1 give-back on refusal).
 */
export async function issueFromTemplate(
  db: Database,
  ids: IdSource,
  args: {
    memberId: string;
    templateId: string;
    template: CouponTemplate;
    issueKey: string;
    now: number;
    source: CouponSpec['source'];
  },
): Promise<CouponDoc | null> {
  const { memberId, templateId, template, issueKey, now } = args;
  if (template.active === false) throw new AppError('COUPON.TEMPLATE_INACTIVE');
  const _ = db.command;
  const spec = couponSpecOf(templateId, template, couponValidity(template, now), args.source);
  const stocked = template.stock != null;
  if (stocked) {
    const taken = await db
      .collection('couponTemplates')
      .where({ _id: templateId, stock: _.gt(0), holds: _.neq(issueKey) })
      .update({
        data: {
          stock: _.inc(-1),
          holds: _.push({ each: [issueKey], slice: -TEMPLATE_HOLDS_KEPT }),
        },
      });
    if (taken.stats.updated !== 1) {
      if (await findOne(db, 'coupons', { issueKey })) return null; // issued before the stock ran out
      const fresh = await getById<{ holds?: string[] }>(db, 'couponTemplates', templateId);
      // a unit already held for this key (an attempt that died before its insert): use it
      if (!fresh?.holds?.includes(issueKey)) throw new AppError('COUPON.OUT_OF_STOCK');
    }
  }
  const giveBack = async () => {
    if (stocked) await releaseTemplateUnit(db, templateId, issueKey);
  };
  const limit = template.perMemberLimit ?? null;
  const slots =
    limit === null ? [issueKey] : range(limit).map((i) => limitKeyOf(templateId, memberId, i + 1));
  for (const limitKey of slots) {
    const out = await insertCoupon(db, ids, { memberId, issueKey, limitKey, spec, now });
    if (out.kind === 'inserted') return out.doc;
    if (out.kind === 'issued') {
      await giveBack();
      return null;
    }
  }
  await giveBack();
  throw new AppError('COUPON.LIMIT_REACHED');
}

const range = (n: number): number[] => Array.from({ length: n }, (_v, i) => i);

/** How many recent template holds (issue keys that took a unit) a template keeps. */
export const TEMPLATE_HOLDS_KEPT = 200;

/** Give back the template unit held for `issueKey` (no-op when it holds none). */
export async function releaseTemplateUnit(
  db: Database,
  templateId: string,
  issueKey: string,
): Promise<void> {
  const _ = db.command;
  await db
    .collection('couponTemplates')
    .where({ _id: templateId, holds: issueKey })
    .update({ data: { stock: _.inc(1), holds: _.pull(issueKey) } });
}

/** Take back an unused coupon that was issued for something that then failed; true if removed. */
export async function revokeUnusedCoupon(
  db: Database,
  coupon: Pick<CouponDoc, '_id' | 'templateId' | 'issueKey'>,
  opts: { returnStock: boolean },
): Promise<boolean> {
  const res = await db.collection('coupons').where({ _id: coupon._id, status: 'unused' }).remove();
  if (res.stats.removed !== 1) return false;
  if (opts.returnStock) await releaseTemplateUnit(db, coupon.templateId, coupon.issueKey);
  return true;
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
