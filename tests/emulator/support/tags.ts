/**
 * Helpers for the tag tests: members written straight into the emulator's database with
 * the statistics of known orders and the tags the order path would have written at that
 * moment (the same apply step, cause 'event'); timer runs with their request counts.
 */
import type { TestEmulator } from '../../support/emulator';
import { DAY_MS } from '../../../src/domain/calendar';
import type { Level } from '../../../src/domain/levels';
import { DEFAULT_TAG_RULES, type TagRules } from '../../../src/domain/tags/families';
import { subjectWith } from '../../../src/domain/tags/testing';
import { tagFieldsFor } from '../../../cloudfunctions/_shared/memberTags';
import type { InvocationResult } from '../../../emulator/functions/runner';
import { addMember, type TestMember } from './loyalty';

export type PastOrder = { daysAgo: number; paidFen?: number; coupon?: boolean; category?: string };

/** A member with these orders (days before the emulated now) and the tags they give. */
export function addTaggedMember(
  emu: TestEmulator,
  orders: PastOrder[],
  over: {
    level?: Level;
    clerkId?: string | null;
    homeStoreId?: string | null;
    name?: string;
    rules?: TagRules;
    status?: 'active' | 'deleted';
    id?: string;
    /** more member fields, as a function would have written them */
    fields?: Record<string, unknown>;
  } = {},
): TestMember {
  const now = emu.clock.now();
  const level = over.level ?? 'normal';
  const subject = subjectWith(
    orders.map((o) => ({ ...o, at: now - o.daysAgo * DAY_MS })),
    { level, joinedAt: now - 400 * DAY_MS },
  );
  const { fields } = tagFieldsFor(
    { _id: 'new', stats: subject.stats, level, createdAt: subject.joinedAt },
    over.rules ?? DEFAULT_TAG_RULES,
    now,
    'event',
  );
  return addMember(emu, {
    level,
    stats: subject.stats,
    clerkId: over.clerkId,
    homeStoreId: over.homeStoreId,
    name: over.name,
    status: over.status,
    id: over.id,
    fields: { ...fields, createdAt: subject.joinedAt, ...over.fields },
  });
}

/** Fire a timer now; its result and the database requests it made. */
export async function fireTimer<T>(
  emu: TestEmulator,
  name: string,
): Promise<{ result: T; requests: number; byAction: Record<string, number> }> {
  const trigger = emu.scheduler.schedule().find((t) => t.functionName === name)!;
  const out: InvocationResult = (await emu.scheduler.fireNow(trigger)).result;
  if (!out.ok) throw new Error(`${name}: ${out.errCode} ${out.errMsg}`);
  const stats = emu.stats.get(out.invocationId);
  return { result: out.result as T, requests: stats.total, byAction: stats.byAction };
}
