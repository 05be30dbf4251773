/**
 * Segment count and pages for managers (their own store's members only) and HQ (any).
 * Rows are masked as at the till: a manager sees full names only of their own customers.
 */
import type { SegmentRow } from '@/contracts/crm';
import { AppError } from '@/contracts/errors';
import { maskPhone } from '@/domain/masking';
import type { Segment } from '@/domain/tags/segments';
import type { Ctx } from '../_shared/runtime';
import type { Filter } from '../_shared/db';
import type { MemberDoc } from '../_shared/repos/members';
import { requireStaff, type StaffDoc } from '../_shared/repos/staff';
import { segmentWhere } from '../_shared/segmentQuery';
import { staffDisplayName } from '../staff/till';

const SEGMENT_ROLES = ['manager', 'hq'] as const;

/** HQ queries any stores; a manager only their own (asked for another: AUTH.WRONG_STORE). */
function scoped(staff: StaffDoc, segment: Segment): Segment {
  if (staff.role === 'hq') return segment;
  if (segment.storeIds?.some((s) => s !== staff.storeId)) throw new AppError('AUTH.WRONG_STORE');
  return { ...segment, storeIds: [staff.storeId!] };
}

export async function segmentCount(ctx: Ctx, segment: Segment): Promise<{ total: number }> {
  const staff = await requireStaff(ctx, SEGMENT_ROLES);
  const where = segmentWhere(ctx.db.command, scoped(staff, segment)) as Filter;
  return { total: (await ctx.db.collection('members').where(where).count()).total };
}

export async function segmentPage(
  ctx: Ctx,
  input: { segment: Segment; cursor?: string; limit: number },
): Promise<{ rows: SegmentRow[]; nextCursor: string | null }> {
  const staff = await requireStaff(ctx, SEGMENT_ROLES);
  const where = segmentWhere(ctx.db.command, scoped(staff, input.segment), input.cursor) as Filter;
  const res = await ctx.db
    .collection('members')
    .where(where)
    .orderBy('_id', 'asc')
    .field({
      name: true,
      gender: true,
      phone: true,
      level: true,
      homeStoreId: true,
      clerkId: true,
      tagKeys: true,
      manualTags: true,
    })
    .limit(input.limit + 1)
    .get();
  const members = res.data as MemberDoc[];
  const page = members.slice(0, input.limit);
  return {
    rows: page.map((m) => ({
      memberId: m._id,
      displayName: staffDisplayName(m, staff),
      phoneMasked: maskPhone(m.phone),
      level: m.level,
      homeStoreId: m.homeStoreId,
      tagKeys: m.tagKeys ?? [],
      manualTags: m.manualTags ?? [],
    })),
    nextCursor: members.length > input.limit ? page[page.length - 1]._id : null,
  };
}
