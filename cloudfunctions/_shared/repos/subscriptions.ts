/**
 * One-time subscription credits, counted by us because WeChat offers no API to read them.
 *
 * WeChat keeps credits per (OPENID, template id): each accept in
 * `wx.requestSubscribeMessage` allows exactly one `subscribeMessage.send` of that template
 * to that OPENID. We mirror that: one document per (openid, templateId), `_id`
 * `${openid}:${templateId}`, with an unspent `credits` count changed only by atomic `_.inc`
 * — granted +1 per accept, spent −1 by a conditional update (`credits > 0`), refunded when
 * WeChat provably did not deliver, zeroed when WeChat says none are left (43101).
 */
import type { SubscriptionPurpose } from '@/contracts/member';
import type { Database } from '../db';
import { isDuplicateKeyError } from '../db';

export type SubscriptionDoc = {
  _id: string;
  openid: string;
  memberId: string;
  purpose: SubscriptionPurpose;
  templateId: string;
  /** unspent sends */
  credits: number;
  /** accepts recorded, ever */
  accepted: number;
  /** credits spent, ever */
  spent: number;
  lastAcceptedAt: number;
  updatedAt: number;
  /** the outbox keys of the latest credits spent (SPENT_KEYS_KEPT), pushed with each spend */
  spentFor?: string[];
};

/** enough for every send that can be in flight for one identity and template at once */
export const SPENT_KEYS_KEPT = 20;

export const subscriptionId = (openid: string, templateId: string) => `${openid}:${templateId}`;

/** Add one credit for an accepted template (creates the document on the first accept). */
export async function grantCredit(
  db: Database,
  args: {
    openid: string;
    memberId: string;
    purpose: SubscriptionPurpose;
    templateId: string;
    now: number;
  },
): Promise<void> {
  const _ = db.command;
  const _id = subscriptionId(args.openid, args.templateId);
  for (let attempt = 0; attempt < 3; attempt++) {
    const res = await db
      .collection('subscriptions')
      .where({ _id })
      .update({
        data: {
          credits: _.inc(1),
          accepted: _.inc(1),
          memberId: args.memberId,
          purpose: args.purpose,
          lastAcceptedAt: args.now,
          updatedAt: args.now,
        },
      });
    if (res.stats.updated === 1) return;
    const doc: SubscriptionDoc = {
      _id,
      openid: args.openid,
      memberId: args.memberId,
      purpose: args.purpose,
      templateId: args.templateId,
      credits: 1,
      accepted: 1,
      spent: 0,
      lastAcceptedAt: args.now,
      updatedAt: args.now,
    };
    try {
      await db.collection('subscriptions').add({ data: doc });
      return;
    } catch (e) {
      if (!isDuplicateKeyError(e)) throw e; // created concurrently: increment it
    }
  }
  throw new Error('could not record the subscription credit');
}

/** Spend one credit; false when there was none left (another send took it). */
export async function spendCredit(
  db: Database,
  id: string,
  now: number,
  /** the outbox key the credit is spent on, remembered in the same update */
  key: string,
): Promise<boolean> {
  const _ = db.command;
  const res = await db
    .collection('subscriptions')
    .where({ _id: id, credits: _.gt(0) })
    .update({
      data: {
        credits: _.inc(-1),
        spent: _.inc(1),
        spentFor: _.push({ each: [key], slice: -SPENT_KEYS_KEPT }),
        updatedAt: now,
      },
    });
  return res.stats.updated === 1;
}

/** Whether a credit of the member was spent on this outbox key (one read). */
export async function creditSpentFor(
  db: Database,
  memberId: string,
  key: string,
): Promise<boolean> {
  const res = await db
    .collection('subscriptions')
    .where({ memberId, spentFor: key })
    .limit(1)
    .get();
  return res.data.length > 0;
}

/** Give back a credit spent on a send WeChat rejected without delivering. */
export async function refundCredit(db: Database, id: string, now: number): Promise<void> {
  const _ = db.command;
  await db
    .collection('subscriptions')
    .doc(id)
    .update({ data: { credits: _.inc(1), spent: _.inc(-1), updatedAt: now } });
}

/** WeChat answered 43101: it has no credit left for this OPENID and template, whatever we counted. */
export async function clearCredits(db: Database, id: string, now: number): Promise<void> {
  await db
    .collection('subscriptions')
    .doc(id)
    .update({ data: { credits: 0, updatedAt: now } });
}

/** A member's subscription documents (every linked identity, every template). */
export async function subscriptionsOf(db: Database, memberId: string): Promise<SubscriptionDoc[]> {
  const res = await db.collection('subscriptions').where({ memberId }).limit(100).get();
  return res.data as SubscriptionDoc[];
}
