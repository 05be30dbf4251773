/**
 * HQ's catalogue, actions of the `crm` function: coupon templates and the points mall's
 * rewards — listed for managers and HQ, created, changed, switched off and on by HQ only.
 * Every change is one transaction with its audit entry (who, when, before and after).
 * A create carries a `requestId` (a retried tap creates one); a change names the revision it
 * was made on (`baseRev`: COMMON.CONFLICT when someone saved first) and the stock it saw
 * (`baseStock`, domain/catalog.ts planStockChange).
 */
import { z } from 'zod';
import { action } from './define';
import {
  couponTemplateDefSchema,
  rewardDefSchema,
  type CouponTemplateDef,
  type RewardDef,
} from '../domain/catalog';

const id = z.string().min(1).max(64);
const requestId = z.string().min(8).max(64);
const baseRev = z.int().min(0);
const baseStock = z.int().min(0).nullable();

/** A template as HQ's list shows it. */
export type CouponTemplateView = CouponTemplateDef & {
  id: string;
  active: boolean;
  /** revision: 0 for a template never changed on the screen */
  rev: number;
  /** how it reads to a member (domain/couponText.ts) */
  title: string;
  conditions: string[];
  validityText: string;
  createdAt: number | null;
  updatedAt: number | null;
  updatedByName: string | null;
};

/** A reward as HQ's list shows it. */
export type RewardAdminView = RewardDef & {
  id: string;
  active: boolean;
  rev: number;
  redeemedCount: number;
  /** coupon rewards: the template's name and the coupon as the member reads it */
  template: { name: string; title: string; conditions: string[]; active: boolean } | null;
  updatedAt: number | null;
  updatedByName: string | null;
};

export const catalogContract = {
  listCouponTemplates: action(z.object({})).returns<{ templates: CouponTemplateView[] }>(),
  createCouponTemplate: action(z.object({ template: couponTemplateDefSchema, requestId })).returns<{
    template: CouponTemplateView;
    /** false: this request had created it before (a retry) */
    created: boolean;
  }>(),
  updateCouponTemplate: action(
    z.object({ id, template: couponTemplateDefSchema, baseRev, baseStock }),
  ).returns<{ template: CouponTemplateView }>(),
  /** switch off (nothing more is issued from it) or on again */
  setCouponTemplateActive: action(z.object({ id, active: z.boolean(), baseRev })).returns<{
    template: CouponTemplateView;
  }>(),
  listMallRewards: action(z.object({})).returns<{ rewards: RewardAdminView[] }>(),
  createMallReward: action(z.object({ reward: rewardDefSchema, requestId })).returns<{
    reward: RewardAdminView;
    created: boolean;
  }>(),
  updateMallReward: action(z.object({ id, reward: rewardDefSchema, baseRev, baseStock })).returns<{
    reward: RewardAdminView;
  }>(),
  setMallRewardActive: action(z.object({ id, active: z.boolean(), baseRev })).returns<{
    reward: RewardAdminView;
  }>(),
};
