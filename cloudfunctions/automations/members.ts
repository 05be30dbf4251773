/**
 * The member fields an automation step decides on, read with each page of candidates.
 */
import type { AutomationMember } from '@/domain/automations/plan';
import type { WindowMember } from '@/domain/automations/windows';
import type { RunMember } from './apply';

export type Candidate = AutomationMember &
  WindowMember &
  RunMember & { automationLastRun?: Record<string, number> };

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
