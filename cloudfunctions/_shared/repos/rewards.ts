/**
 * The points mall's catalogue: rewards (a coupon made from a coupon template, or a physical
 * gift), their stock, and the member's redemptions.
 *
 * Stock is taken with one conditional update on the reward (`stock > 0`), which also
 * records the redemption id in `holds` (the last 200): a retried redemption finds its hold
 * instead of taking a second unit, and a failed one gives exactly its own unit back.
 */
import { AppError } from '@/contracts/errors';
import type { RewardView } from '@/contracts/mall';
import { couponTemplateSchema, type CouponTemplate } from '@/domain/coupons';
import { couponConditions, couponTitle } from '@/domain/couponText';
import type { Database } from '../db';
import { getById } from '../db';
import type { CouponSpec } from './coupons';
import type { RedemptionStatus } from '../recoveryPlan';

export type RewardDoc = {
  _id: string;
  title: string;
  description: string;
  kind: 'coupon' | 'gift';
  pointsCost: number;
  /** units left; null = unlimited */
  stock: number | null;
  /** coupon rewards: the template of the coupon issued */
  couponTemplateId: string | null;
  /** redemptions per member, null = no limit */
  perMemberLimit: number | null;
  active: boolean;
  /** catalogue order, ascending */
  sort: number;
  /** redemption ids holding a unit (recent ones) */
  holds?: string[];
  redeemedCount?: number;
  createdAt: number;
  /** revision, bumped by every change on HQ's screen (crm/catalog.ts) */
  rev?: number;
  updatedAt?: number;
  updatedBy?: string;
};

/** A template document; `rev`, `updatedAt/By` once HQ changed it on the screen (crm/catalog.ts). */
export type CouponTemplateDoc = CouponTemplate & {
  _id: string;
  name: string;
  createdAt: number;
  holds?: string[];
  rev?: number;
  updatedAt?: number;
  updatedBy?: string;
};

export type RedemptionDoc = {
  _id: string;
  memberId: string;
  rewardId: string;
  /** the client's idempotency key (the id is derived from member + requestId) */
  requestId: string;
  kind: RewardDoc['kind'];
  title: string;
  pointsCost: number;
  /**
   * pending: written first, before anything else (the intent, see recoveryPlan.ts); then
   * done (coupon rewards) or reserved (gifts, for pickup at a store) by the transaction that
   * spends the points; or cancelling while undone (no points spent), then removed.
   */
  status: RedemptionStatus;
  /** a pending redemption's lease: its attempt (or a retry that renewed it) is alive until GRACE_MS after */
  leaseAt?: number;
  /** a unit of the reward's stock is (to be) held for it */
  stockHeld?: boolean;
  /** its coupon's template has a total stock (a unit to give back if the coupon is taken back) */
  couponStocked?: boolean;
  /** why it is being undone (an error code, answered to a retry of the same tap meanwhile) */
  failure?: string;
  /** coupon rewards: the coupon to issue (fixed at redemption, so a retry issues the same) */
  couponSpec: CouponSpec | null;
  couponIssueKey: string | null;
  /** lots the points were taken from (empty until committed) */
  lots: { lotId: string; points: number }[];
  at: number;
  /** gifts: the store that hands it over (the member's home store when reserved; null: any) */
  pickupStoreId?: string | null;
  /** gifts: handed over at the till (staff.collectPickup), once */
  collectedAt?: number | null;
  collectedBy?: string | null;
  collectedStoreId?: string | null;
};

/** Redemptions that count (points spent): per-member limits, the catalogue's counts. */
export const COMMITTED: RedemptionStatus[] = ['done', 'reserved'];

export const HOLDS_KEPT = 200;

export async function loadTemplate(
  db: Database,
  templateId: string | null,
): Promise<CouponTemplateDoc> {
  const doc = templateId
    ? await getById<CouponTemplateDoc>(db, 'couponTemplates', templateId)
    : null;
  return templateFromDoc(doc, templateId);
}

/** A coupon template document as read (or joined), validated; throws when missing or invalid. */
export function templateFromDoc(doc: unknown, templateId: string | null): CouponTemplateDoc {
  const parsed = couponTemplateSchema.safeParse(doc ?? undefined);
  if (!doc || !parsed.success)
    throw new Error(`coupon template ${templateId} is missing or invalid`);
  return { ...(doc as CouponTemplateDoc), ...(parsed.data as CouponTemplate) };
}

/** Take one unit for `redemptionId` (idempotent); REWARD.OUT_OF_STOCK when none is left. */
export async function holdStock(
  db: Database,
  rewardId: string,
  redemptionId: string,
): Promise<void> {
  const _ = db.command;
  const res = await db
    .collection('rewards')
    .where({ _id: rewardId, stock: _.gt(0), holds: _.neq(redemptionId) })
    .update({
      data: {
        stock: _.inc(-1),
        redeemedCount: _.inc(1),
        holds: _.push({ each: [redemptionId], slice: -HOLDS_KEPT }),
      },
    });
  if (res.stats.updated === 1) return;
  const fresh = await getById<RewardDoc>(db, 'rewards', rewardId);
  if (fresh?.holds?.includes(redemptionId)) return; // held by an earlier attempt of this redemption
  throw new AppError('REWARD.OUT_OF_STOCK');
}

/** Give back the unit `redemptionId` holds (no-op when it holds none). */
export async function releaseStock(
  db: Database,
  rewardId: string,
  redemptionId: string,
): Promise<void> {
  const _ = db.command;
  await db
    .collection('rewards')
    .where({ _id: rewardId, holds: redemptionId })
    .update({ data: { stock: _.inc(1), redeemedCount: _.inc(-1), holds: _.pull(redemptionId) } });
}

export function rewardView(
  r: RewardDoc,
  template: CouponTemplate | null,
  member: { balance: number; redeemed: number },
): RewardView {
  const reason =
    r.stock !== null && r.stock <= 0
      ? '已兑完'
      : r.perMemberLimit !== null && member.redeemed >= r.perMemberLimit
        ? '已达兑换上限'
        : member.balance < r.pointsCost
          ? `还差 ${r.pointsCost - member.balance} 积分`
          : null;
  return {
    id: r._id,
    title: r.title,
    description: r.description,
    kind: r.kind,
    pointsCost: r.pointsCost,
    stock: r.stock,
    coupon: template
      ? {
          title: couponTitle(template),
          conditions: couponConditions({ ...template, capFen: template.capFen ?? null }),
        }
      : null,
    perMemberLimit: r.perMemberLimit,
    redeemedByMe: member.redeemed,
    available: reason === null,
    unavailableReason: reason,
  };
}
