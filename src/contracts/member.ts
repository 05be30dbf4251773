/**
 * Contract of the `member` cloud function: everything a visitor or member does for
 * themself. The caller is always the WeChat identity of the request (OPENID); no action
 * takes a member id from the client.
 */
import { z } from 'zod';
import { action } from './define';
import { memberTicketActions } from './tickets';
import type { NoticeView } from '../domain/notices';
import type { TicketToRate } from './tickets';
import { SENT_PURPOSES as SENT } from '../../config/sentPurposes';
import type { PrivacyNotice, Settings } from '../domain/settings';

export type { PrivacyNotice };

/** The settings every page may read (no secrets live in settings). */
export type PublicSettings = Settings;

import type { Level } from '../domain/levels';
import type { RecentPurchase } from '../domain/recentPurchases';
import type { GiftRefusal } from '../domain/newMemberGift';

export { LEVELS, type Level } from '../domain/levels';

/** A store/clerk checkout code's scene: ≤32 chars of WeChat's scene alphabet. */
export const sceneSchema = z
  .string()
  .min(1)
  .max(32)
  .regex(/^[0-9A-Za-z!#$&'()*+,/:;=?@\-._~]+$/);

export type SceneInfo = {
  storeId: string;
  storeName: string;
  clerkId: string | null;
  clerkName: string | null;
};

export type CouponView = {
  id: string;
  /** shown (and scannable) at the till */
  code: string;
  title: string;
  kind: 'amount' | 'threshold' | 'percent';
  /** fen off, for amount/threshold */
  amountFen: number;
  /** minimum applicable amount in fen (0 = no threshold) */
  thresholdFen: number;
  /** percent payable, e.g. 90 = 9折 */
  percent: number | null;
  /** most a percent coupon takes off, fen */
  capFen: number | null;
  /** empty = all stores / all categories */
  storeIds: string[];
  categories: string[];
  /** human-readable rules, e.g. ['满200可用', '限家居清洁'] (domain couponConditions) */
  conditions: string[];
  status: 'unused' | 'used' | 'expired';
  validFrom: number;
  validUntil: number;
  usedAt: number | null;
  source: 'signup' | 'mall' | 'campaign' | 'automation' | 'birthday' | 'import';
};

/** A purchase as shown: the member document's entry (domain/recentPurchases.ts) and the store's name. */
export type PurchaseView = RecentPurchase & { storeName: string };

export type LevelProgressView = {
  current: Level;
  next: Level | null;
  /** fen still to spend in the rolling 12 months */
  remainingFen: number;
  /** 0..1 */
  ratio: number;
  /** e.g. 「还差 ¥320 升级金卡」 */
  text: string;
};

export type { NoticeView };

export type CardView = {
  memberId: string;
  /** printed on the card; the rotating member code carries it */
  memberNo: number;
  /**
   * The member's own key for drawing rotating member codes offline (domain memberCodeAt);
   * derived from the server secret, useless for any other member.
   */
  memberCodeKey: string;
  /** the server's clock when answering, so the page can correct the phone's clock */
  serverTime: number;
  displayName: string;
  phoneMasked: string;
  level: Level;
  levelProgress: LevelProgressView;
  points: { balance: number; lifetime: number };
  /** rolling 12-month spend, fen */
  spend12mFen: number;
  couponsUnused: number;
  recentPurchases: PurchaseView[];
  joinedAt: number;
  homeStoreName: string | null;
  /** today is the member's birthday (Shanghai date; 29 Feb → 28 Feb in other years) */
  birthdayToday: boolean;
  /** this year's birthday coupon, when issued and not expired */
  birthdayCoupon: CouponView | null;
  /** whether the profile is still incomplete (and completing it earns points) */
  profileIncomplete: boolean;
  profileCompletionPoints: number;
  /** what the chain told the member in the app, newest first (domain/notices.ts) */
  notices: NoticeView[];
  /** resolved service tickets awaiting the member's 满意度评价 (member.rateTicket), newest first */
  ticketsToRate: TicketToRate[];
};

export const genderSchema = z.enum(['female', 'male']);
export const birthdaySchema = z
  .object({
    month: z.int().min(1).max(12),
    day: z.int().min(1).max(31),
    year: z.int().min(1900).max(2100).nullable().default(null),
  })
  .refine((b) => b.day <= [31, 29, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31][b.month - 1], {
    message: '日期不存在',
    path: ['day'],
  });

export type ProfileView = {
  name: string | null;
  gender: 'female' | 'male' | null;
  birthday: { month: number; day: number; year: number | null } | null;
  /** set once by the member; later changes only through a clerk */
  birthdayLocked: boolean;
  preferences: string[];
  /** the one-time points for completing the profile were awarded */
  profileCompleted: boolean;
  marketingConsent: boolean;
  privacyConsent: { version: string; at: number } | null;
};

/** The subscribe-message templates of members (one template each, ids in the function config). */
export const SUBSCRIPTION_PURPOSES = [
  'birthday',
  'couponExpiring',
  'pointsChanged',
  'levelChanged',
  /** the automations' care and offers to members (marketing: needs the marketing consent) */
  'offer',
] as const;
export type SubscriptionPurpose = (typeof SUBSCRIPTION_PURPOSES)[number];

/**
 * What members are asked for and hold credits of: exactly the purposes some function sends
 * (declared in config/sentPurposes.ts, where the release check reads them too).
 * `sendMemberMessage` takes only these (so sending a new one means adding it there), and a
 * test checks each one is sent somewhere.
 */
export const SENT_PURPOSES = SENT satisfies readonly SubscriptionPurpose[];
export type SentPurpose = (typeof SENT_PURPOSES)[number];
/** Unspent one-time credits by purpose: how many more messages each may bring. */
export type SubscriptionCredits = Record<SentPurpose, number>;

export type MeView =
  | { status: 'visitor' }
  | { status: 'member'; memberId: string; displayName: string };

/** Actions without input (any extra field is dropped, never trusted). */
const noInput = z.object({});

export const memberContract = {
  /** Who am I? Used at launch to route a visitor to signup and a member to the card. */
  me: action(noInput).returns<MeView>(),
  /** Decode and verify a checkout code's scene (rejects edited scenes). */
  resolveScene: action(z.object({ scene: sceneSchema })).returns<SceneInfo>(),
  /**
   * Sign up (or link this WeChat identity to the member who owns the phone).
   * `phoneCode` is the code from the WeChat phone button.
   */
  signup: action(
    z.object({
      phoneCode: z.string().min(1).max(128),
      scene: sceneSchema.optional(),
      consentVersion: z.string().min(1).max(16),
    }),
  ).returns<{
    memberId: string;
    created: boolean;
    giftCoupon: CouponView | null;
    /** why no gift was given (domain newMemberGift.ts); null when `giftCoupon` is set */
    giftRefusal: GiftRefusal | null;
  }>(),
  /** The member card. */
  getCard: action(noInput).returns<CardView>(),
  markNoticesRead: action(noInput).returns<{ readAt: number }>(),
  /** The coupons wallet: expiring-soon first among unused, then used, then expired. */
  listCoupons: action(
    z.object({ status: z.enum(['unused', 'used', 'expired']).optional() }),
  ).returns<{ coupons: CouponView[] }>(),
  /** Purchase history across stores, newest first; page with `before` (a createdAt). */
  listPurchases: action(
    z.object({ before: z.int().min(0).optional(), limit: z.int().min(1).max(50).default(20) }),
  ).returns<{ purchases: PurchaseView[]; hasMore: boolean }>(),
  getProfile: action(noInput).returns<ProfileView>(),
  /**
   * Fill the optional profile. The birthday can be set once (then only a clerk changes it);
   * completing name + gender + birthday the first time awards `profileCompletionPoints` once.
   */
  updateProfile: action(
    z.object({
      name: z.string().trim().min(1).max(20).optional(),
      gender: genderSchema.optional(),
      birthday: birthdaySchema.optional(),
      preferences: z.array(z.string().trim().min(1).max(12)).max(10).optional(),
    }),
  ).returns<{ profile: ProfileView; pointsAwarded: number }>(),
  /**
   * Record the result of wx.requestSubscribeMessage (pass its `res` as is): each template
   * id of a sent purpose (SENT_PURPOSES) answered 'accept' is one send credit (one-time
   * subscriptions), at most one per template per call; 'reject'/'ban'/'filter', other
   * template ids and `errMsg` are ignored. Answers the member's unspent credits by purpose (all linked WeChat identities).
   */
  recordSubscriptions: action(
    z.object({
      results: z
        .record(z.string().min(1).max(64), z.string().max(64))
        .refine((r) => Object.keys(r).length <= 10, { message: '一次最多订阅 5 个消息模板' }),
    }),
  ).returns<{ credits: SubscriptionCredits }>(),
  /**
   * The subscribe-message template ids to ask for (`wx.requestSubscribeMessage({ tmplIds })`,
   * ≤5 per call, from a tap) by purpose, and the member's unspent credits.
   */
  getSubscriptions: action(noInput).returns<{
    templates: Partial<Record<SentPurpose, string>>;
    credits: SubscriptionCredits;
  }>(),
  /** Marketing messages need their own consent, separate from the privacy promise. */
  setMarketingConsent: action(z.object({ granted: z.boolean() })).returns<ProfileView>(),
  /**
   * Withdraw the privacy consent — no message is sent any more (birthday greeting, level
   * change), unspent subscription credits and the marketing consent go with it; points and
   * coupons stay — or give it again, to the current notice: `consentVersion` is the version
   * `getPrivacyNotice` answered (another is CONSENT.OUTDATED). Logged in `consents`.
   */
  setPrivacyConsent: action(
    z
      .object({ granted: z.boolean(), consentVersion: z.string().min(1).max(16).optional() })
      .refine((v) => !v.granted || v.consentVersion !== undefined, {
        message: '请提供所同意的隐私保护说明版本',
        path: ['consentVersion'],
      }),
  ).returns<ProfileView>(),
  /** Everything stored about the member, as JSON (data rights). */
  exportData: action(noInput).returns<{ exportedAt: number; data: Record<string, unknown> }>(),
  /**
   * Delete the account: personal data erased/anonymised, identities unlinked, the points
   * and coupon ledgers kept in anonymised form so the books still balance.
   */
  deleteAccount: action(z.object({ confirm: z.literal('注销') })).returns<{ deleted: true }>(),
  /** Settings pages may show (level thresholds, points rules, gift amount). Public. */
  getSettings: action(noInput).returns<PublicSettings>(),
  /**
   * The privacy notice a visitor agrees to at signup, with its version (send that version
   * to `signup`; an older one is refused with CONSENT.OUTDATED). Public.
   */
  getPrivacyNotice: action(noInput).returns<PrivacyNotice>(),
  ...memberTicketActions,
};

export type MemberContract = typeof memberContract;
