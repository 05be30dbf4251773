/**
 * Subscription messages (订阅消息) a member may allow: only what is really sent today
 * (SENT_PURPOSES: the birthday greeting, the level change, the automations' offers, the
 * coupon-expiry and points-change reminders). Each place asks for what the member expects
 * there, at most three in one dialog (WeChat allows five; a shopper reads three): after
 * signup the default three (birthday, level, offers), the wallet coupon expiry with the
 * birthday gift and offers (`WALLET_PURPOSES`), the points page points changes with the
 * level (`POINTS_PURPOSES`), the privacy page all five. Retail mini-programs only get
 * ONE-TIME subscriptions: each accept allows exactly one message, so we ask at natural taps
 * (after signup, on opening the wallet or the points page, on the privacy page), the `member` function records
 * each accept as one send credit (`recordSubscriptions`), and pages show what is left as it
 * is (「还可接收 N 次」, `creditsText`).
 *
 *   weapp: wx.requestSubscribeMessage (only from inside a tap handler) → recordSubscriptions
 *   h5 (local only): no WeChat dialog exists; the page shows its own sheet with the same
 *     choices and, on accept, tells the emulator what WeChat would have recorded
 *     (POST /__emulator/subscriptions), then records the same answer.
 *
 * Template ids are baked in at build time: config/index.ts turns CRM_TEMPLATE_IDS (the same
 * JSON the functions read) into process.env.TARO_APP_TEMPLATE_IDS; the default is the
 * emulator's local ids (config/local-template-ids.json).
 */
import Taro from '@tarojs/taro';
import { SENT_PURPOSES, type SentPurpose, type SubscriptionCredits } from '@/contracts/member';
import { CallError, NETWORK_MESSAGE, callFunction, h5Openid } from './cloud';

export type Credits = SubscriptionCredits;

function readTemplateIds(): Partial<Record<SentPurpose, string>> {
  try {
    return JSON.parse(process.env.TARO_APP_TEMPLATE_IDS ?? '{}') as Partial<
      Record<SentPurpose, string>
    >;
  } catch {
    return {};
  }
}

/** Template id of each purpose, from the build. */
export const TEMPLATE_IDS: Partial<Record<SentPurpose, string>> = readTemplateIds();

type Choice = {
  title: string;
  /** for one-line summaries */
  short: string;
  text: string;
  /** when it comes, for 「只在…提醒您」 */
  when: string;
};

/** The words for each purpose that is sent (a new sent purpose must be worded here). */
const CHOICE_WORDS: Record<SentPurpose, Choice> = {
  birthday: {
    title: '生日祝福',
    short: '生日祝福',
    text: '生日前送上祝福，提醒您使用生日礼券',
    when: '生日前',
  },
  levelChanged: {
    title: '会员等级变动提醒',
    short: '等级提醒',
    text: '会员等级升级或调整时告诉您',
    when: '会员等级变动时',
  },
  offer: {
    title: '会员福利提醒',
    short: '福利提醒',
    text: '有专属券或关怀时告诉您（须另行开启「优惠活动信息」）',
    when: '有专属福利时',
  },
  couponExpiring: {
    title: '优惠券到期提醒',
    short: '到期提醒',
    text: '优惠券到期前3天提醒您使用，每天至多一次',
    when: '优惠券快到期时',
  },
  pointsChanged: {
    title: '积分变动提醒',
    short: '积分提醒',
    text: '积分到账、扣减或过期时告诉您，每天至多一次',
    when: '积分变动时',
  },
};

/** Everything that can be asked for, in the order WeChat lists them, with the words our own H5 sheet uses. */
export const SUBSCRIBE_CHOICES: ({ purpose: SentPurpose } & Choice)[] = SENT_PURPOSES.map(
  (purpose) => ({ purpose, ...CHOICE_WORDS[purpose] }),
);

/** Asked after signup: the greeting, the level and offers. */
export const DEFAULT_PURPOSES: SentPurpose[] = ['birthday', 'levelChanged', 'offer'];
/** Asked on the wallet: coupons ending, and the messages that bring coupons. */
export const WALLET_PURPOSES: SentPurpose[] = ['couponExpiring', 'birthday', 'offer'];
/** Asked on the points page: points changes and the level they lead to. */
export const POINTS_PURPOSES: SentPurpose[] = ['pointsChanged', 'levelChanged'];

/** The choices of these purposes, in the order asked (WeChat's dialog lists them so). */
export const choicesOf = (purposes: readonly SentPurpose[]) =>
  purposes.map((p) => SUBSCRIBE_CHOICES.find((c) => c.purpose === p)!);

/**
 * What is left of each purpose, as it is: one-time credits, one message each.
 * @example creditsText({ birthday: 2, levelChanged: 0 }, ['birthday', 'levelChanged']) // '生日祝福还可接收 2 次，等级提醒未开启'
 */
export function creditsText(
  credits: Credits,
  purposes: readonly SentPurpose[] = DEFAULT_PURPOSES,
): string {
  return choicesOf(purposes)
    .map((c) =>
      credits[c.purpose] > 0 ? `${c.short}还可接收 ${credits[c.purpose]} 次` : `${c.short}未开启`,
    )
    .join('，');
}

export type SubscribeOutcome = {
  accepted: SentPurpose[];
  /** the member's unspent credits after recording, by purpose */
  credits: Credits;
};

function idsFor(purposes: readonly SentPurpose[]): string[] {
  return purposes.map((p) => TEMPLATE_IDS[p]).filter((id): id is string => Boolean(id));
}

function purposeOf(templateId: string): SentPurpose | undefined {
  return SENT_PURPOSES.find((p) => TEMPLATE_IDS[p] === templateId);
}

async function record(results: Record<string, string>): Promise<SubscribeOutcome> {
  const { credits } = await callFunction('member', { action: 'recordSubscriptions', results });
  const accepted = Object.entries(results)
    .filter(([, answer]) => answer === 'accept')
    .map(([id]) => purposeOf(id))
    .filter((p): p is SentPurpose => Boolean(p));
  return { accepted, credits };
}

/**
 * weapp: WeChat's subscription dialog, then record the answer. Call it synchronously from a
 * tap handler (WeChat refuses the dialog otherwise).
 */
export async function requestWeappSubscriptions(
  purposes: readonly SentPurpose[] = DEFAULT_PURPOSES,
): Promise<SubscribeOutcome> {
  const tmplIds = idsFor(purposes);
  let res: Record<string, string>;
  try {
    res = (await Taro.requestSubscribeMessage({
      tmplIds,
      entityIds: [],
    } as Taro.requestSubscribeMessage.Option)) as unknown as Record<string, string>;
  } catch {
    throw new CallError('SUBSCRIBE_FAILED', '暂时无法开启提醒，请稍后再试');
  }
  // pass the template answers as WeChat gave them; `errMsg` is not an answer
  const results = Object.fromEntries(
    Object.entries(res).filter(([k, v]) => k !== 'errMsg' && typeof v === 'string'),
  );
  return record(results);
}

/**
 * H5 (local only): of the `asked` purposes the member accepted `purposes` in our own sheet.
 * The emulator stands in for WeChat keeping the accept, then the function records it like
 * on weapp (the others answered 'reject').
 */
export async function acceptH5Subscriptions(
  purposes: readonly SentPurpose[],
  asked: readonly SentPurpose[] = DEFAULT_PURPOSES,
): Promise<SubscribeOutcome> {
  const templateIds = idsFor(purposes);
  if (templateIds.length) {
    let res: Response;
    try {
      res = await fetch('/__emulator/subscriptions', {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ openid: h5Openid(), templateIds }),
      });
    } catch {
      throw new CallError('NETWORK', NETWORK_MESSAGE);
    }
    if (!res.ok) throw new CallError('SUBSCRIBE_FAILED', '暂时无法开启提醒，请稍后再试');
  }
  const results = Object.fromEntries(
    idsFor(asked).map((id) => [id, templateIds.includes(id) ? 'accept' : 'reject']),
  );
  return record(results);
}

/** A storage flag per place we asked, so a page asks on its first open only. */
export function askedAt(place: string): number | null {
  const v = Taro.getStorageSync(`crm.subscribe.${place}`) as number | '';
  return typeof v === 'number' ? v : null;
}

export function markAsked(place: string): void {
  Taro.setStorageSync(`crm.subscribe.${place}`, Date.now());
}
