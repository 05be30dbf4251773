/**
 * The member fields an automation step decides on, read with each page of candidates.
 */
import type { AutomationMember } from '@/domain/automations/plan';
import type { WindowMember } from '@/domain/automations/windows';
import type { RunMember } from './apply';
import type { Ctx } from '../_shared/runtime';

export type Candidate = AutomationMember &
  WindowMember &
  RunMember & {
    automationLastRun?: Record<string, number>;
    /** the balance, for the points-change message */
    points?: { balance?: number };
  };

export const MEMBER_PROJECTION = {
  status: true,
  level: true,
  homeStoreId: true,
  clerkId: true,
  tagKeys: true,
  manualTags: true,
  tags: true,
  stats: true,
  createdAt: true,
  birthdayDueAt: true,
  automationLastRun: true,
  points: true,
  name: true,
  gender: true,
};

export type AutomationCounts = {
  found: number;
  acted: number;
  holdout: number;
  skipped: number;
  duplicate: number;
};

export const asCandidate = (m: Candidate): Candidate => ({
  ...m,
  homeStoreId: m.homeStoreId ?? null,
  clerkId: m.clerkId ?? null,
  lastOrderAt: m.stats?.lastOrderAt ?? null,
});

export const zero = (): AutomationCounts => ({
  found: 0,
  acted: 0,
  holdout: 0,
  skipped: 0,
  duplicate: 0,
});

/** The members of these ids, as candidates (one request per 1,000; planStep skips closed ones). */
export async function membersById(
  ctx: Ctx,
  ids: readonly string[],
): Promise<Map<string, Candidate>> {
  const _ = ctx.db.command;
  const unique = [...new Set(ids)];
  const out = new Map<string, Candidate>();
  for (let i = 0; i < unique.length; i += 1000) {
    const res = await ctx.db
      .collection('members')
      .where({ _id: _.in(unique.slice(i, i + 1000)) })
      .field(MEMBER_PROJECTION)
      .limit(1000)
      .get();
    for (const m of res.data) out.set(String(m._id), asCandidate(m as Candidate));
  }
  return out;
}
