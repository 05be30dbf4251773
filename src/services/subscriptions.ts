/**
 * Subscription messages (订阅消息) a member may allow: the birthday greeting, a coupon about
 * to expire, a change of points. Retail mini-programs only get ONE-TIME subscriptions: each
 * accept allows exactly one message, so we ask at natural taps (after signup, on opening the
 * wallet, on the privacy page) and the `member` function records each accept as one send
 * credit (`recordSubscriptions`).
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
import type { SubscriptionPurpose } from '@/contracts/member';
import { CallError, NETWORK_MESSAGE, callFunction, h5Openid } from './cloud';

export type Credits = Record<SubscriptionPurpose, number>;

function readTemplateIds(): Partial<Record<SubscriptionPurpose, string>> {
  try {
    return JSON.parse(process.env.TARO_APP_TEMPLATE_IDS ?? '{}') as Partial<
      Record<SubscriptionPurpose, string>
    >;
  } catch {
    return {};
  }
}

/** Template id of each purpose, from the build. */
export const TEMPLATE_IDS: Partial<Record<SubscriptionPurpose, string>> = readTemplateIds();

/** What we ask for, in the order WeChat lists them, with the words our own H5 sheet uses. */
export const SUBSCRIBE_CHOICES: {
  purpose: SubscriptionPurpose;
  title: string;
  /** for one-line summaries */
  short: string;
  text: string;
}[] = [
  { purpose: 'birthday', title: '生日祝福', short: '生日祝福', text: '生日当天送上祝福和生日礼券' },
  {
    purpose: 'couponExpiring',
    title: '优惠券到期提醒',
    short: '到期提醒',
    text: '优惠券快到期时提醒您使用',
  },
  {
    purpose: 'pointsChanged',
    title: '积分变动提醒',
    short: '积分提醒',
    text: '消费得积分、兑换用积分时告诉您',
  },
];

export const DEFAULT_PURPOSES: SubscriptionPurpose[] = SUBSCRIBE_CHOICES.map((c) => c.purpose);

export type SubscribeOutcome = {
  accepted: SubscriptionPurpose[];
  /** the member's unspent credits after recording, by purpose */
  credits: Credits;
};

function idsFor(purposes: readonly SubscriptionPurpose[]): string[] {
  return purposes.map((p) => TEMPLATE_IDS[p]).filter((id): id is string => Boolean(id));
}

function purposeOf(templateId: string): SubscriptionPurpose | undefined {
  return (Object.keys(TEMPLATE_IDS) as SubscriptionPurpose[]).find(
    (p) => TEMPLATE_IDS[p] === templateId,
  );
}

async function record(results: Record<string, string>): Promise<SubscribeOutcome> {
  const { credits } = await callFunction('member', { action: 'recordSubscriptions', results });
  const accepted = Object.entries(results)
    .filter(([, answer]) => answer === 'accept')
    .map(([id]) => purposeOf(id))
    .filter((p): p is SubscriptionPurpose => Boolean(p));
  return { accepted, credits };
}

/**
 * weapp: WeChat's subscription dialog, then record the answer. Call it synchronously from a
 * tap handler (WeChat refuses the dialog otherwise).
 */
export async function requestWeappSubscriptions(
  purposes: readonly SubscriptionPurpose[] = DEFAULT_PURPOSES,
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
 * H5 (local only): the member accepted `purposes` in our own sheet. The emulator stands in
 * for WeChat keeping the accept, then the function records it like on weapp.
 */
export async function acceptH5Subscriptions(
  purposes: readonly SubscriptionPurpose[],
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
    idsFor(DEFAULT_PURPOSES).map((id) => [id, templateIds.includes(id) ? 'accept' : 'reject']),
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
