/**
 * Automations as data: trigger (an event, or the clock crossing a boundary) + audience (a
 * segment) + steps of actions (coupon from a template, member message, task for the
 * member's clerk or the store manager) + a cap per member per period + quiet hours for
 * member messages + a holdout share that gets nothing. HQ switches and tunes them; every
 * field is validated here, by the schema the functions use.
 *
 * A journey (流失 wake-up) is several steps, each `afterDays` after the trigger, each only
 * if the member has not come back since the trigger (`untilPurchase`).
 *
 * The defaults are the requirements' automations (nine, the reminders counted apart) (../shared/docs/requirements.md).
 * Choices where they are silent: caps of one run per member per 30 days for coupons (7 for
 * thanks), the recall coupon ¥30 (老朋友), the wake-up coupon ¥50, holdout 10% everywhere
 * except the birthday greeting and preparation (a promise made at signup: nobody is held out
 * of it), the reminders members asked for and the staff-only cross-store reminder.
 */
import { z } from 'zod';
import { tagKeySchema, segmentSchema } from '../tags/segments';
import { DEFAULT_QUIET_HOURS, quietHoursSchema } from './quietHours';

function hasBirthdayGift(a: { steps: { actions: { kind: string }[] }[] }): boolean {
  return a.steps.some((s) => s.actions.some((x) => x.kind === 'birthdayGift'));
}

/**
 * The birthday greeting: an automation that gives the birthday gift is walked by the
 * members' `birthdayDueAt` (the greeting's own catch-up and due date, domain/birthdayGreeting.ts)
 * rather than by a window, its days ahead taken from settings.birthday.greetDaysBefore.
 */
export const greetsBirthday = (a: Automation): boolean =>
  a.trigger.kind === 'birthday' && hasBirthdayGift(a);

const days = (max: number) => z.number().int().min(0).max(max);
const text = (max: number) => z.string().trim().min(1).max(max);

export const triggerSchema = z.discriminatedUnion('kind', [
  /** the clock: `days` Shanghai days after the member's last purchase, with no purchase since */
  z.strictObject({ kind: z.literal('noPurchaseFor'), days: days(365).min(1) }),
  /** the clock: `daysBefore` days before the member's birthday */
  z.strictObject({ kind: z.literal('birthday'), daysBefore: days(30) }),
  /** the clock: `hours` after signup, no first order yet */
  z.strictObject({ kind: z.literal('noFirstOrder'), hours: z.number().int().min(1).max(720) }),
  /** a member's computed tag gained (tags' `changes`) */
  z.strictObject({ kind: z.literal('tagEntered'), tag: tagKeySchema }),
  /** an order recorded; steps measured from it */
  z.strictObject({ kind: z.literal('purchase'), crossStoreOnly: z.boolean().default(false) }),
  /** the member's points balance changed */
  z.strictObject({ kind: z.literal('pointsChanged') }),
  /** an unused coupon `daysBefore` days from its end */
  z.strictObject({ kind: z.literal('couponExpiring'), daysBefore: days(30).min(1) }),
  /** a monthly member day (会员日): `daysBefore` days before day `dayOfMonth` */
  z.strictObject({
    kind: z.literal('memberDay'),
    dayOfMonth: z.number().int().min(1).max(28),
    daysBefore: days(7),
  }),
]);
export type Trigger = z.output<typeof triggerSchema>;

export const actionSchema = z.discriminatedUnion('kind', [
  z.strictObject({ kind: z.literal('coupon'), templateId: text(40) }),
  /** a subscribe message (credit permitting), else the in-app notice on the card */
  z.strictObject({ kind: z.literal('memberMessage'), title: text(20), body: text(60) }),
  /** a follow-up task (回访) for the member's clerk, or the store manager */
  z.strictObject({
    kind: z.literal('task'),
    assignee: z.enum(['clerk', 'manager']),
    title: text(20),
    script: text(200).optional(),
    dueDays: days(30),
  }),
  /**
   * the birthday gift: this year's birthday coupon (settings.birthday: amount, validity
   * through the birthday) and the greeting (the `birthday` subscribe message, the card's
   * notice either way); keyed `birthday:<member>:<year>`. Only under a birthday trigger.
   */
  z.strictObject({ kind: z.literal('birthdayGift') }),
  /** a service-account reminder to the clerk who served the member before (also in-app) */
  z.strictObject({
    kind: z.literal('staffReminder'),
    to: z.enum(['previousClerk', 'clerk', 'manager']),
  }),
]);
export type AutomationAction = z.output<typeof actionSchema>;

export const stepSchema = z.strictObject({
  /** days after the trigger (0: at once) */
  afterDays: days(365),
  /** only if the member has not purchased since the trigger */
  untilPurchase: z.boolean().default(false),
  actions: z.array(actionSchema).min(1).max(5),
});

export const automationSchema = z
  .strictObject({
    key: z.string().regex(/^[a-zA-Z][a-zA-Z0-9]{0,31}$/),
    name: text(20),
    enabled: z.boolean(),
    trigger: triggerSchema,
    /** who it is for (default: every active member) */
    audience: segmentSchema.optional(),
    steps: z.array(stepSchema).min(1).max(5),
    /** at most one run per member in this many days (0: no cap) */
    capDays: days(365),
    /** whole percent of the audience that gets nothing, for comparison */
    holdoutPercent: z.number().int().min(0).max(50),
    quietHours: quietHoursSchema.default(DEFAULT_QUIET_HOURS),
  })
  .refine(
    (a) => a.trigger.kind === 'birthday' || !hasBirthdayGift(a),
    '生日礼只能用于生日触发的自动化',
  );
export type Automation = z.output<typeof automationSchema>;
export type AutomationInput = z.input<typeof automationSchema>;

export const automationsSchema = z
  .array(automationSchema)
  .max(30)
  .refine((list) => new Set(list.map((a) => a.key)).size === list.length, '自动化的 key 不能重复');

const msg = (title: string, body: string) => ({ kind: 'memberMessage' as const, title, body });
const task = (assignee: 'clerk' | 'manager', title: string, script?: string, dueDays = 2) => ({
  kind: 'task' as const,
  assignee,
  title,
  ...(script ? { script } : {}),
  dueDays,
});
/** the 服务号 reminder (and workbench line) for whoever the step's task is for */
const remind = (to: 'clerk' | 'manager') => ({ kind: 'staffReminder' as const, to });
const step = (afterDays: number, actions: AutomationAction[], untilPurchase = false) => ({
  afterDays,
  untilPurchase,
  actions,
});

const DEFAULTS: AutomationInput[] = [
  {
    key: 'inactive7',
    name: '7天未消费关怀',
    enabled: true,
    trigger: { kind: 'noPurchaseFor', days: 7 },
    steps: [
      step(0, [
        { kind: 'coupon', templateId: 'auto-recall' },
        msg('好久不见', '送您一张优惠券，欢迎回店看看'),
      ]),
    ],
    capDays: 30,
    holdoutPercent: 10,
  },
  {
    key: 'birthdayPrep',
    name: '生日前3天准备',
    enabled: true,
    trigger: { kind: 'birthday', daysBefore: 3 },
    steps: [
      step(0, [
        task(
          'manager',
          '准备生日礼包并致电',
          '您好，您的生日快到了，我们为您准备了一份小礼物……',
          3,
        ),
        remind('manager'),
      ]),
    ],
    capDays: 300,
    holdoutPercent: 0,
  },
  {
    key: 'birthdayGreeting',
    name: '生日祝福与生日券',
    enabled: true,
    // daysBefore: settings.birthday.greetDaysBefore when it runs (the HQ settings' one number)
    trigger: { kind: 'birthday', daysBefore: 1 },
    steps: [step(0, [{ kind: 'birthdayGift' }])],
    capDays: 0,
    holdoutPercent: 0,
  },
  {
    key: 'firstOrder',
    name: '新会员首单激励',
    enabled: true,
    trigger: { kind: 'noFirstOrder', hours: 24 },
    steps: [
      step(0, [
        { kind: 'coupon', templateId: 'auto-first-order' },
        msg('新人专享', '首单优惠券已到账'),
      ]),
    ],
    capDays: 0,
    holdoutPercent: 10,
  },
  {
    key: 'recallHighValue',
    name: '高价值沉默召回',
    enabled: true,
    trigger: { kind: 'tagEntered', tag: 'highValueSilent:高价值沉默' },
    steps: [
      step(0, [
        { kind: 'coupon', templateId: 'auto-old-friend' },
        msg('老朋友专享', '一张老朋友专享券已到账'),
        task('clerk', '回访高价值老顾客', '好久没见您了，最近新到了您常买的……'),
        remind('clerk'),
      ]),
    ],
    capDays: 60,
    holdoutPercent: 10,
  },
  {
    key: 'wakeUp',
    name: '流失唤醒',
    enabled: true,
    trigger: { kind: 'tagEntered', tag: 'lifecycle:流失' },
    steps: [
      step(0, [msg('想念您了', '门店上新了，欢迎回来看看')], true),
      step(
        7,
        [{ kind: 'coupon', templateId: 'auto-wake-up' }, msg('回归礼', '一张回归大额券已到账')],
        true,
      ),
      step(14, [task('clerk', '流失顾客电话回访'), remind('clerk')], true),
    ],
    capDays: 180,
    holdoutPercent: 10,
  },
  {
    key: 'afterPurchase',
    name: '购后关怀',
    enabled: true,
    trigger: { kind: 'purchase', crossStoreOnly: false },
    steps: [
      step(0, [msg('感谢光临', '感谢您的购买，使用有问题随时联系我们')]),
      step(7, [msg('为您推荐', '根据您的喜好，为您挑选了几款新品')]),
      step(30, [task('clerk', '30天回访', '上次买的用得怎么样？')], true),
    ],
    capDays: 7,
    holdoutPercent: 10,
  },
  {
    key: 'crossStore',
    name: '跨店消费提醒',
    enabled: true,
    trigger: { kind: 'purchase', crossStoreOnly: true },
    steps: [step(0, [{ kind: 'staffReminder', to: 'previousClerk' }])],
    capDays: 0,
    holdoutPercent: 0,
  },
  {
    key: 'pointsChanged',
    name: '积分变动提醒',
    enabled: true,
    trigger: { kind: 'pointsChanged' },
    steps: [step(0, [msg('积分变动', '您的积分有变动，点击查看明细')])],
    capDays: 0,
    holdoutPercent: 0,
  },
  {
    key: 'couponExpiring',
    name: '优惠券到期提醒',
    enabled: true,
    trigger: { kind: 'couponExpiring', daysBefore: 3 },
    steps: [step(0, [msg('优惠券即将到期', '您有优惠券快到期了，记得来店使用')])],
    capDays: 1,
    holdoutPercent: 0,
  },
  {
    key: 'memberDay',
    name: '会员日预告',
    enabled: false,
    trigger: { kind: 'memberDay', dayOfMonth: 18, daysBefore: 1 },
    steps: [
      step(0, [
        { kind: 'coupon', templateId: 'auto-member-day' },
        msg('明天是会员日', '会员日专享券已到账'),
      ]),
    ],
    capDays: 20,
    holdoutPercent: 10,
  },
];

/** The automations of the requirements, as HQ finds them before changing anything. */
export const DEFAULT_AUTOMATIONS: Automation[] = automationsSchema.parse(DEFAULTS);
