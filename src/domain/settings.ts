/**
 * All loyalty settings HQ can change without code, in ONE zod schema with defaults.
 *
 * A stored settings document may be partial or from an older version: `parseSettings`
 * fills every missing field with its default and rejects invalid values (all numbers are
 * non-negative integers; money in fen; thresholds ordered). Unknown keys are dropped.
 *
 * Defaults come from requirements.md where it has a number. Where it does not, we chose:
 * - levels by rolling 12-month spend: 银卡 from ¥1,000, 金卡 from ¥5,000 (≈10 visits a year
 *   at the seed's ¥86–113 average order; ¥5,000 matches the "high value" tag);
 * - level point multipliers as integer percents (100 / 120 / 150) so earning never
 *   multiplies floats (1.15 × 100 = 114.999… in floating point);
 * - point lots expire at the end of the calendar year after the year they were earned;
 * - the birthday coupon (¥20, 7 days) is sent 1 day before, the manager is reminded 3
 *   days before.
 */
import { z } from 'zod';
import { AppError } from '../contracts/errors';

const MAX_FEN = 100_000_000; // ¥1,000,000: far above any real rule, keeps arithmetic exact
const fen = (value: number) => z.int().min(0).max(MAX_FEN).default(value);
const count = (value: number, max = 1_000_000) => z.int().min(0).max(max).default(value);

const pointsSchema = z.object({
  /** points per whole yuan paid */
  perYuan: count(1, 100),
  /** an order paying at least this much earns `doubleMultiplier` × points (积分翻倍) */
  doubleThresholdFen: fen(20_000),
  doubleMultiplier: z.int().min(1).max(10).default(2),
  /** level multiplier in percent: 120 = ×1.2; applied after doubling, then floored */
  levelMultiplierPercent: z
    .object({ normal: count(100, 1000), silver: count(120, 1000), gold: count(150, 1000) })
    .prefault({}),
  /** a lot earned in year Y expires at the end of Y + expiryYearsAfter (Shanghai) */
  expiryYearsAfter: z.int().min(0).max(10).default(1),
  /** one-time points for completing the optional profile */
  profileCompletionPoints: count(50, 100_000),
});

const levelsSchema = z.object({
  /** rolling 12-month spend (fen) from which a member is 银卡 */
  silverSpendFen: fen(100_000),
  /** rolling 12-month spend (fen) from which a member is 金卡 */
  goldSpendFen: fen(500_000),
});

const newMemberGiftSchema = z.object({
  enabled: z.boolean().default(true),
  /** no-threshold coupon (新人礼) */
  amountFen: fen(1_000),
  validDays: z.int().min(1).max(3650).default(30),
  /** gifts per store per Shanghai day; signup still succeeds when the cap is reached */
  dailyCapPerStore: count(200),
});

const birthdaySchema = z.object({
  enabled: z.boolean().default(true),
  couponAmountFen: fen(2_000),
  couponValidDays: z.int().min(1).max(366).default(7),
  /** greeting + coupon this many days before the birthday */
  greetDaysBefore: z.int().min(0).max(30).default(1),
});

const noticeText = (max: number) => z.string().trim().min(1).max(max);
const privacySchema = z.object({
  /**
   * members must have accepted this version of the privacy notice; the landing page shows
   * the notice below and sends this version back, so bump both together
   */
  consentVersion: z.string().min(1).max(16).default('2026-12'),
  /**
   * the one-line promise shown first; true to what is sent: member messages rest on this
   * notice, promotions on the separate marketing consent (domain/consent.ts)
   */
  promise: noticeText(60).default('手机号只用于会员服务；促销信息须您另行同意才会发送，可随时关闭'),
  /** what is collected, what for, what the member may do: short label + text */
  facts: z
    .array(z.object({ label: noticeText(8), text: noticeText(80) }))
    .min(1)
    .max(8)
    .default(() => [
      { label: '只收集', text: '您的手机号（由微信授权）；称呼、性别、生日和偏好由您选填' },
      { label: '用于', text: '识别会员身份，记录积分、等级、优惠券和消费' },
      {
        label: '会员消息',
        text: '生日祝福、等级变动、积分变动和优惠券到期提醒：须您同意本说明并开启提醒，不含促销',
      },
      { label: '促销信息', text: '仅在您另行开启「优惠活动信息」后发送，可随时关闭' },
      {
        label: '您可以',
        text: '随时撤回同意（不再发送任何消息，积分与优惠券保留）、导出资料或注销会员',
      },
    ]),
});

/** Follow-up tasks (domain/tasks/followUp.ts) and the shared pool. */
const tasksSchema = z.object({
  /** an open task not followed up this many days after its due time goes to the pool */
  poolDays: z.int().min(1).max(30).default(7),
  /** claiming a pooled task also moves the customer to the claiming clerk */
  poolClaimTakesCustomer: z.boolean().default(false),
});

export const settingsSchema = z
  .object({
    points: pointsSchema.prefault({}),
    levels: levelsSchema.prefault({}),
    newMemberGift: newMemberGiftSchema.prefault({}),
    birthday: birthdaySchema.prefault({}),
    privacy: privacySchema.prefault({}),
    tasks: tasksSchema.prefault({}),
  })
  .check((ctx) => {
    const { levels } = ctx.value;
    if (levels.silverSpendFen < 1) {
      ctx.issues.push({
        code: 'custom',
        path: ['levels', 'silverSpendFen'],
        message: '银卡门槛必须大于 0',
        input: levels.silverSpendFen,
      });
    }
    if (levels.goldSpendFen <= levels.silverSpendFen) {
      ctx.issues.push({
        code: 'custom',
        path: ['levels', 'goldSpendFen'],
        message: '金卡门槛必须高于银卡门槛',
        input: levels.goldSpendFen,
      });
    }
  });

export type Settings = z.output<typeof settingsSchema>;
/** What HQ may store: any subset of Settings. */
export type SettingsInput = z.input<typeof settingsSchema>;

const deepFreeze = <T>(value: T): T => {
  if (typeof value === 'object' && value !== null) {
    Object.values(value).forEach(deepFreeze);
    Object.freeze(value);
  }
  return value;
};

/** The defaults, frozen: parse a copy (`parseSettings({})`) to get a mutable one. */
export const defaultSettings: Settings = deepFreeze(settingsSchema.parse({}));

export type SettingsCheck =
  | { ok: true; settings: Settings }
  | { ok: false; code: 'COMMON.INVALID_INPUT'; message: string; path: string };

/**
 * Validate a stored or submitted settings document; missing fields get defaults.
 * @example checkSettings({ levels: { goldSpendFen: 50_000 } }) // { ok: false, message: '金卡门槛必须高于银卡门槛', … }
 */
export function checkSettings(input: unknown): SettingsCheck {
  const result = settingsSchema.safeParse(input ?? {});
  if (result.success) return { ok: true, settings: result.data };
  const issue = result.error.issues[0];
  const path = issue.path.map(String).join('.');
  const message =
    issue.code === 'custom' ? issue.message : `设置有误（${path || '整体'}），请检查后重试`;
  return { ok: false, code: 'COMMON.INVALID_INPUT', message, path };
}

/**
 * Like `checkSettings`, but throws AppError('COMMON.INVALID_INPUT') with the Chinese message.
 * `parseSettings(null)` and `parseSettings({})` return `defaultSettings`.
 * @example parseSettings({ points: { perYuan: 2 } }).points.doubleThresholdFen // 20000
 */
export function parseSettings(input: unknown): Settings {
  const result = checkSettings(input);
  if (!result.ok) throw new AppError(result.code, result.message, { path: result.path });
  return result.settings;
}

/** What a visitor reads and agrees to at signup (the `getPrivacyNotice` action). */
export type PrivacyNotice = {
  version: string;
  promise: string;
  facts: { label: string; text: string }[];
};

/**
 * The current privacy notice of the settings: its version is what signup must be sent back.
 * @example privacyNotice(defaultSettings).version // '2026-12'
 */
export function privacyNotice(settings: Settings): PrivacyNotice {
  const { consentVersion, promise, facts } = settings.privacy;
  return { version: consentVersion, promise, facts: facts.map((f) => ({ ...f })) };
}
