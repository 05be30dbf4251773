/**
 * A member's tags as staff see them: the computed ones with their reasons (family names
 * in Chinese, in the rules' order), the clerks' manual tags and notes. The member's name
 * is masked as at the till (full form only for the member's own clerk); the phone always.
 * Manual tags are a separate field (`manualTags`) that no recompute touches.
 */
import type { MemberTagsView, TagView } from '@/contracts/crm';
import { AppError } from '@/contracts/errors';
import { maskPhone } from '@/domain/masking';
import type { Ctx } from '../_shared/runtime';
import { getById } from '../_shared/db';
import type { MemberDoc } from '../_shared/repos/members';
import { requireStaff } from '../_shared/repos/staff';
import { loadTagRules } from '../_shared/repos/tagRules';
import type { TagRules } from '@/domain/tags/families';
import { staffDisplayName } from '../staff/till';
import { listNotes } from './notes';

export const STAFF_ROLES = ['clerk', 'manager', 'hq'] as const;
export const MANUAL_TAGS_MAX = 20;

export async function activeMember(ctx: Ctx, memberId: string): Promise<MemberDoc> {
  const member = await getById<MemberDoc>(ctx.db, 'members', memberId);
  if (!member || member.status !== 'active') throw new AppError('MEMBER.NOT_FOUND');
  return member;
}

/** A member's computed tags with their reasons, family names in Chinese, in the rules' order. */
export function tagViews(member: Pick<MemberDoc, 'tags'>, rules: TagRules): TagView[] {
  const names = new Map(rules.families.map((f, i) => [f.key, { name: f.name, order: i }]));
  return Object.entries(member.tags ?? {})
    .map(([family, t]) => ({
      family,
      familyName: names.get(family)?.name ?? family,
      value: t.value,
      reason: t.reason,
      since: t.since,
      ruleVersion: t.ruleVersion,
    }))
    .sort((a, b) => (names.get(a.family)?.order ?? 99) - (names.get(b.family)?.order ?? 99));
}

export async function getMemberTags(ctx: Ctx, memberId: string): Promise<MemberTagsView> {
  const staff = await requireStaff(ctx, STAFF_ROLES);
  const [member, rules, notes] = await Promise.all([
    activeMember(ctx, memberId),
    loadTagRules(ctx.db),
    listNotes(ctx, memberId),
  ]);
  const tags = tagViews(member, rules);
  return {
    memberId: member._id,
    displayName: staffDisplayName(member, staff),
    phoneMasked: maskPhone(member.phone),
    level: member.level,
    tags,
    manualTags: member.manualTags ?? [],
    notes,
  };
}

/** Add or remove one manual tag (idempotent); answers the member's manual tags after. */
async function changeManualTag(
  ctx: Ctx,
  input: { memberId: string; tag: string },
  add: boolean,
): Promise<{ manualTags: string[] }> {
  await requireStaff(ctx, STAFF_ROLES);
  const member = await activeMember(ctx, input.memberId);
  const have = member.manualTags ?? [];
  if (have.includes(input.tag) === add) return { manualTags: have };
  if (add && have.length >= MANUAL_TAGS_MAX) throw new AppError('TAGS.MANUAL_LIMIT');
  const _ = ctx.db.command;
  await ctx.db
    .collection('members')
    .where({ _id: member._id, status: 'active' })
    .update({
      data: { manualTags: add ? _.addToSet(input.tag) : _.pull(input.tag), updatedAt: ctx.now },
    });
  return { manualTags: add ? [...have, input.tag] : have.filter((t) => t !== input.tag) };
}

export const addManualTag = (ctx: Ctx, input: { memberId: string; tag: string }) =>
  changeManualTag(ctx, input, true);
export const removeManualTag = (ctx: Ctx, input: { memberId: string; tag: string }) =>
  changeManualTag(ctx, input, false);
