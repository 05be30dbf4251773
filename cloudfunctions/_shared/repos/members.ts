/**
 * Members and the WeChat identities linked to them. One member per person across the
 * chain: `members.phone` is claimed once (repos/claims.ts, in the signup transaction); `identities` maps an OPENID (its _id) to the
 * member, so several WeChat identities can belong to one member.
 */
import type { Level } from '@/contracts/member';
import type { MemberStats } from '@/domain/memberStats';
import type { RecentPurchase } from '@/domain/recentPurchases';
import type { StoredNotice } from '@/domain/notices';
import type { MemberTags } from '@/domain/tags/decide';
import type { OwnerTerm } from '@/domain/ownershipTerm';
import { AppError } from '@/contracts/errors';
import type { Database } from '../db';
import { getById } from '../db';

export type MemberDoc = {
  _id: string;
  /** 8-digit number printed on the card and carried by the rotating member code */
  memberNo: number;
  phone: string;
  /** the phone's last 4 digits, for 我的顾客's search (domain/customers/search.ts); absent on members from before it */
  phoneTail?: string | null;
  name: string | null;
  gender: 'female' | 'male' | null;
  birthday: { month: number; day: number; year: number | null } | null;
  /** midnight Shanghai of the next celebration not yet greeted (domain/birthdayGreeting.ts) */
  birthdayDueAt?: number | null;
  level: Level;
  points: { balance: number; lifetime: number };
  stats: MemberStats;
  source: {
    storeId: string | null;
    clerkId: string | null;
    channel: 'qr' | 'import' | 'clerk';
    at: number;
  };
  homeStoreId: string | null;
  clerkId: string | null;
  /** a temporary owner's term (cross-store purchase, domain/ownershipTerm.ts), else null */
  ownerTerm?: OwnerTerm | null;
  /** bumped by every owner change (the guard of the next one: one wins of concurrent moves) */
  ownerRev?: number;
  /** since when the current owner has the member */
  ownerSince?: number;
  /** the last orders that changed the owner (a retry recognises its own change) */
  ownerOps?: string[];
  consent: {
    privacy: { version: string; at: number } | null;
    marketing: { at: number; version?: string } | null;
  };
  status: 'active' | 'deleted';
  createdAt: number;
  updatedAt: number;
  /** keys of the last credits applied (repos/points.ts creditPoints), newest last */
  appliedOps?: string[];
  /** what the member likes (optional profile), e.g. ['家居清洁'] */
  preferences?: string[];
  /** when name + gender + birthday were first complete (the one-time points were awarded) */
  profileCompletedAt?: number | null;
  /** set on members created by a signup until their new-member gift was attempted (once) */
  giftPending?: boolean;
  /**
   * the last purchases, newest first (domain/recentPurchases.ts): pushed by the order's
   * member update, rewritten by a refund; absent on members from before it (the card
   * rebuilds it from the orders)
   */
  recentPurchases?: RecentPurchase[];
  /** data rights: when the account was deleted (personal data erased, phone tombstoned) */
  deletedAt?: number | null;
  /** computed tags, family → value with reason (memberTags.ts); never shown to the member */
  tags?: MemberTags;
  /** 'family:value' of `tags`, the multikey index segments query */
  tagKeys?: string[];
  /** the next instant the clock alone could change a tag (the tags timer's range query) */
  tagReviewAt?: number | null;
  /** tags clerks set by hand; no recompute touches them */
  manualTags?: string[];
  /** what the chain told the member in the app, the last 20 (domain/notices.ts) */
  notices?: StoredNotice[];
  /** when the member last marked the card's notices read */
  noticesReadAt?: number | null;
  /** automation key → when it last ran for the member (the cap; automations/apply.ts) */
  automationLastRun?: Record<string, number>;
};

export type IdentityDoc = {
  _id: string;
  memberId: string;
  appid: string;
  unionid: string | null;
  linkedAt: number;
};

export async function memberIdForOpenid(db: Database, openid: string): Promise<string | null> {
  if (!openid) return null;
  const identity = await getById<IdentityDoc>(db, 'identities', openid);
  return identity?.memberId ?? null;
}

/** The calling member, or AUTH.NOT_MEMBER. */
export async function requireMember(db: Database, openid: string): Promise<MemberDoc> {
  if (!openid) throw new AppError('AUTH.NO_IDENTITY');
  const memberId = await memberIdForOpenid(db, openid);
  const member = memberId ? await getById<MemberDoc>(db, 'members', memberId) : null;
  if (!member || member.status !== 'active') throw new AppError('AUTH.NOT_MEMBER');
  return member;
}
