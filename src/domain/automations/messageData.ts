/**
 * What an automation's member message says as a subscribe message: the page it opens and
 * the template's keywords (config/message-templates.json), from the step's title and body
 * and the facts of the occurrence — the points change, the coupon ending.
 *
 * - `offer` (会员福利提醒): thing1 福利内容 = title, thing2 温馨提示 = body, date3 发放日期;
 * - `pointsChanged` (积分变动提醒): number1 当前积分, thing2 变动原因 (the ledger line and the
 *   signed change: 「南京西路店消费 +120」), date3 变动时间;
 * - `couponExpiring` (优惠券到期提醒): thing1 优惠券 (its title), date2 到期时间, thing3 温馨提示.
 *
 * Values follow the 2023 rules (templateValues.ts: one line, at most 20 characters); the
 * change keeps its number when the line is cut. A reminder without its facts (nothing to
 * tell the balance or the end date by) is not sent: `null`, the card notice stays.
 *
 * @example subscribeMessageOf('pointsChanged', { title: '积分变动', body: '…' }, { kind: 'points', delta: 120, balance: 560, reason: '南京西路店消费', at }, now)
 *          // { page: 'pages/points/index', data: { number1: 560, thing2: '南京西路店消费 +120', date3: '2027-06-10' } }
 */
import { shanghaiDate } from '../calendar';
import { clipTemplateValue, TEMPLATE_VALUE_MAX } from '../messages/templateValues';
import type { AutomationMessagePurpose } from './messagePurpose';

export type MessageFacts =
  | { kind: 'points'; delta: number; balance: number; reason: string; at: number }
  | { kind: 'coupon'; title: string; validUntil: number };

export type SubscribeMessage = { page: string; data: Record<string, string | number> };

export const MESSAGE_PAGES: Record<AutomationMessagePurpose, string> = {
  offer: 'pages/card/index',
  pointsChanged: 'pages/points/index',
  couponExpiring: 'pages/wallet/index',
};

/** 「南京西路店消费 +120」: the reason cut so the signed change always fits. */
export function pointsReason(reason: string, delta: number): string {
  const change = `${delta > 0 ? '+' : ''}${delta}`;
  const room = TEMPLATE_VALUE_MAX - Array.from(change).length - 1;
  return `${clipTemplateValue(reason || '积分变动', room)} ${change}`;
}

export function subscribeMessageOf(
  purpose: AutomationMessagePurpose,
  message: { title: string; body: string },
  facts: MessageFacts | null,
  now: number,
): SubscribeMessage | null {
  const page = MESSAGE_PAGES[purpose];
  const title = clipTemplateValue(message.title);
  const body = clipTemplateValue(message.body);
  if (purpose === 'pointsChanged' && facts?.kind === 'points')
    return {
      page,
      data: {
        number1: facts.balance,
        thing2: pointsReason(facts.reason, facts.delta),
        date3: shanghaiDate(facts.at),
      },
    };
  if (purpose === 'couponExpiring' && facts?.kind === 'coupon')
    return {
      page,
      data: {
        thing1: clipTemplateValue(facts.title),
        date2: shanghaiDate(facts.validUntil),
        thing3: body,
      },
    };
  if (purpose === 'offer')
    return { page, data: { thing1: title, thing2: body, date3: shanghaiDate(now) } };
  return null;
}
