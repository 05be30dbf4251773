/**
 * Followers of the service account (服务号), as the follower sync found them: `_id` = the
 * UNIONID that links a person's mini-program identity (recorded on the staff document at
 * binding) to their service-account OPENID, which is where a template message goes.
 * `subscribed` turns false when a sync pass no longer lists them or WeChat answers 43004.
 */
import type { Database } from '../db';
import { getById } from '../db';

export type ServiceFollowerDoc = {
  _id: string;
  openid: string;
  subscribed: boolean;
  syncedAt: number;
};

export function followerOf(db: Database, unionid: string): Promise<ServiceFollowerDoc | null> {
  return getById<ServiceFollowerDoc>(db, 'serviceFollowers', unionid);
}

/** WeChat answered 43004 for this openid: it no longer follows the account. */
export async function markUnfollowed(db: Database, unionid: string, openid: string, now: number) {
  await db
    .collection('serviceFollowers')
    .where({ _id: unionid, openid })
    .update({ data: { subscribed: false, syncedAt: now } });
}
