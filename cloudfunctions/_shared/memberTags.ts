/**
 * The one apply step of computed tags: a member document (as it is after its latest
 * change), the rules, a clock value and a cause → the fields to write (`tags`, `tagKeys`,
 * `tagReviewAt`), decided by domain/tags/decide.ts.
 *
 * Two ways to use it:
 * - the order and refund paths fold `tagChangeData(…)` into the member update they already
 *   make (0 extra requests: the rules come joined into the read they already do,
 *   repos/settings.ts `rulesLookup`): the stats they write and the tags computed from them
 *   land together;
 * - the nightly review and the rule recompute call `applyMemberTags`, one conditional
 *   update guarded by the fingerprint of the stats the tags were computed from
 *   (`statsFingerprint`): if a purchase or refund changed the stats meanwhile, the update
 *   matches nothing and the fresher tags the order path wrote stand.
 *
 * Manual tags and notes are other fields and collections: nothing here touches them.
 */
import { decideTags, type TagCause, type TagChange, type MemberTags } from '@/domain/tags/decide';
import type { TagSubject } from '@/domain/tags/facts';
import type { TagRules } from '@/domain/tags/families';
import { memberTagKeys } from '@/domain/tags/segments';
import type { Database } from './db';
import type { MemberDoc } from './repos/members';

export type TaggedMember = Pick<MemberDoc, '_id' | 'stats' | 'level' | 'createdAt'> & {
  tags?: MemberTags;
  tagKeys?: string[];
  tagReviewAt?: number | null;
};

/** The member fields computed tags are written to. */
export type TagFields = { tags: MemberTags; tagKeys: string[]; tagReviewAt: number | null };

/** Member fields to read for a tag decision (a `.field()` projection). */
export const TAG_PROJECTION = {
  stats: true,
  level: true,
  createdAt: true,
  tags: true,
  tagKeys: true,
  tagReviewAt: true,
} as const;

export const tagSubjectOf = (member: TaggedMember): TagSubject => ({
  stats: member.stats,
  level: member.level,
  joinedAt: member.createdAt,
});

/**
 * The tag fields of a member after a change, and what changed.
 * @example tagFieldsFor(memberAfterOrder, rules, now) // { fields: { tags, tagKeys, tagReviewAt }, changes }
 */
export function tagFieldsFor(
  member: TaggedMember,
  rules: TagRules,
  now: number,
  cause: TagCause = 'event',
): { fields: TagFields; changes: TagChange[] } {
  const decision = decideTags({
    current: member.tags ?? {},
    subject: tagSubjectOf(member),
    rules,
    now,
    cause,
  });
  return {
    fields: {
      tags: decision.tags,
      tagKeys: memberTagKeys(decision.tags),
      tagReviewAt: decision.reviewAt,
    },
    changes: decision.changes,
  };
}

/** Whether writing `fields` would change what the member holds. */
export function tagFieldsDiffer(member: TaggedMember, fields: TagFields): boolean {
  return (
    JSON.stringify(member.tags ?? {}) !== JSON.stringify(fields.tags) ||
    (member.tagReviewAt ?? null) !== fields.tagReviewAt ||
    JSON.stringify(member.tagKeys ?? []) !== JSON.stringify(fields.tagKeys)
  );
}

/**
 * The update data for the tag fields (sub-objects replaced with `_.set`, so a value a family
 * lost does not linger): spread it into the member update the order path already makes.
 * `changedAt` (when a value was gained or lost) is kept as `tagChangedAt`, indexed: the
 * automations find the members who entered a tag lately by it (`tagEntered` triggers).
 */
export function tagUpdateData(
  _: Database['command'],
  fields: TagFields,
  changedAt: number | null = null,
): Record<string, unknown> {
  return {
    tags: _.set(fields.tags),
    tagKeys: _.set(fields.tagKeys),
    tagReviewAt: fields.tagReviewAt,
    ...(changedAt !== null ? { tagChangedAt: changedAt } : {}),
  };
}

/** The stats a tag decision was computed from; a purchase or refund changes at least one. */
export function statsFingerprint(member: TaggedMember): Record<string, number | null> {
  return {
    'stats.orderCount': member.stats.orderCount,
    'stats.totalSpendFen': member.stats.totalSpendFen,
    'stats.refundedFen': member.stats.refundedFen,
    'stats.lastOrderAt': member.stats.lastOrderAt,
  };
}

export type ApplyOutcome = 'written' | 'unchanged' | 'stale';

/**
 * Re-decide one member's tags and write them if they changed, unless the member's stats
 * moved since `member` was read ('stale': the order path's tags stand). One request at
 * most.
 */
export async function applyMemberTags(
  db: Database,
  member: TaggedMember,
  rules: TagRules,
  now: number,
  cause: TagCause,
): Promise<{ outcome: ApplyOutcome; fields: TagFields; changes: TagChange[] }> {
  const { fields, changes } = tagFieldsFor(member, rules, now, cause);
  if (!tagFieldsDiffer(member, fields)) return { outcome: 'unchanged', fields, changes };
  const res = await db
    .collection('members')
    .where({ _id: member._id, ...statsFingerprint(member) })
    .update({ data: tagUpdateData(db.command, fields, changes.length > 0 ? now : null) });
  return { outcome: res.stats.updated === 1 ? 'written' : 'stale', fields, changes };
}

/**
 * The tag fields a purchase or refund writes in its own member update, and what changed:
 * `member` as the path read it, `after` its stats and level once this change is applied.
 *
 * `lookTonight` (the purchase path, which updates stats with atomic operators from a read
 * that a concurrent purchase of the same member can make stale): the member is also due
 * for the next night's review (`tagReviewAt` no later than now), which re-decides from the
 * stats as stored — so a tag decided from a stale read lasts one day at most. The refund
 * path reads inside its transaction and needs no second look.
 */
export function tagChangeData(
  _: Database['command'],
  input: {
    member: TaggedMember;
    after: Pick<MemberDoc, 'stats' | 'level'>;
    rules: TagRules;
    now: number;
    lookTonight?: boolean;
  },
): { data: Record<string, unknown>; changes: TagChange[] } {
  const { fields, changes } = tagFieldsFor(
    { ...input.member, stats: input.after.stats, level: input.after.level },
    input.rules,
    input.now,
    'event',
  );
  const reviewAt = input.lookTonight
    ? Math.min(fields.tagReviewAt ?? input.now, input.now)
    : fields.tagReviewAt;
  return {
    data: tagUpdateData(
      _,
      { ...fields, tagReviewAt: reviewAt },
      changes.length > 0 ? input.now : null,
    ),
    changes,
  };
}
