/**
 * The cross-store purchase reminder (issue 10, automation 7): when a member buys in a
 * store other than their clerk's, the order path moves them to the serving clerk and
 * records who served them before (`orders.previousClerkId`); that clerk is told
 * 「您曾服务的客户张女士今日在南京西路店完成购买，请酌情跟进回访。」 — once per order.
 *
 * The customer's name is whatever the ownership rule lets the previous clerk see of the
 * member *as the member was before this order* (they were that clerk's customer, so
 * usually 张女士); the caller computes it with that one rule. 「今日」 is said only on the
 * order's own Shanghai day: a reminder sent later (an outage) names the date instead.
 */
import { shanghaiDate, shanghaiParts } from '../calendar';

export type CrossStoreOrder = {
  _id: string;
  storeId: string;
  createdAt: number;
  previousClerkId?: string | null;
};

export type PreviousClerk = {
  _id: string;
  role: 'clerk' | 'manager' | 'hq';
  storeId: string | null;
  active: boolean;
};

export type CrossStoreDecision =
  | {
      kind: 'remind';
      staffId: string;
      title: string;
      body: string;
      /** the template's logical fields (config maps them to the template's keywords) */
      fields: { customer: string; subject: string; store: string; time: string };
    }
  | { kind: 'none'; reason: 'noPreviousClerk' | 'sameStore' | 'clerkGone' };

const pad = (n: number) => String(n).padStart(2, '0');

/** 「2026-11-18 10:05」 in Shanghai (a template `time` keyword). */
export function templateTime(ts: number): string {
  const p = shanghaiParts(ts);
  return `${shanghaiDate(ts)} ${pad(p.hour)}:${pad(p.minute)}`;
}

/**
 * @example planCrossStoreReminder({ order, previousClerk, customerName: '张女士', storeName: '南京西路店', now })
 * // { kind: 'remind', staffId: 'C0021', body: '您曾服务的客户张女士今日在南京西路店完成购买，请酌情跟进回访。', … }
 */
export function planCrossStoreReminder(input: {
  order: CrossStoreOrder;
  previousClerk: PreviousClerk | null;
  customerName: string;
  storeName: string;
  now: number;
}): CrossStoreDecision {
  const { order, previousClerk: clerk } = input;
  if (!order.previousClerkId) return { kind: 'none', reason: 'noPreviousClerk' };
  if (!clerk || clerk._id !== order.previousClerkId || !clerk.active)
    return { kind: 'none', reason: 'clerkGone' };
  if (clerk.storeId === order.storeId) return { kind: 'none', reason: 'sameStore' };
  const sameDay = shanghaiDate(order.createdAt) === shanghaiDate(input.now);
  const { month, day } = shanghaiParts(order.createdAt);
  const when = sameDay ? '今日' : `于${month}月${day}日`;
  return {
    kind: 'remind',
    staffId: clerk._id,
    title: '老顾客跨店购买',
    body: `您曾服务的客户${input.customerName}${when}在${input.storeName}完成购买，请酌情跟进回访。`,
    fields: {
      customer: input.customerName,
      subject: '跨店购买，请跟进回访',
      store: input.storeName,
      time: templateTime(order.createdAt),
    },
  };
}
