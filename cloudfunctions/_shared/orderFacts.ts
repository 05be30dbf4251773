/**
 * What a purchase decides on (recordOrder.ts), read in ONE request.
 */
import type { Settings } from '@/domain/settings';
import type { TagRules } from '@/domain/tags/families';
import type { Ctx } from './runtime';
import type { Doc } from './db';
import type { CouponDoc } from './repos/coupons';
import type { MemberDoc } from './repos/members';
import { rulesFromJoined, rulesLookup } from './repos/settings';
import type { StaffDoc } from './repos/staff';
import type { OrderRequest } from './recordOrder';

export type OrderFacts = {
  member: MemberDoc | null;
  coupon: CouponDoc | null;
  staff: StaffDoc | null;
  settings: Settings;
  tagRules: TagRules;
};

/**
 * Everything the purchase decides on, in ONE request: an aggregate on the member with a
 * `$lookup` sub-pipeline per other document (CloudBase supports `lookup({from, pipeline,
 * as})`; each sub-pipeline matches one document by a unique field). No member → all null.
 */
export async function loadOrderFacts(ctx: Ctx, req: OrderRequest): Promise<OrderFacts> {
  const _ = ctx.db.command;
  const one = (match: Doc) => _.aggregate.pipeline().match(match).limit(1).done();
  const memberMatch =
    'id' in req.member
      ? { _id: req.member.id }
      : 'phone' in req.member
        ? { phone: req.member.phone }
        : { memberNo: req.member.memberNo };
  let q = ctx.db.collection('members').aggregate().match(memberMatch).limit(1);
  if (req.coupon)
    q = q.lookup({
      from: 'coupons',
      pipeline: one('id' in req.coupon ? { _id: req.coupon.id } : { code: req.coupon.code }),
      as: 'coupon',
    });
  if (req.staff)
    q = q.lookup({
      from: 'staff',
      pipeline: one(
        'openid' in req.staff ? { openid: req.staff.openid } : { _id: req.staff.clerkId },
      ),
      as: 'staff',
    });
  q = q.lookup(rulesLookup(ctx.db));
  const row = ((await q.end()) as { list: Doc[] }).list[0];
  if (!row) return { member: null, coupon: null, staff: null, ...rulesFromJoined(undefined) };
  const { coupon, staff, rules, ...member } = row;
  return {
    member: member as MemberDoc,
    coupon: (coupon?.[0] as CouponDoc | undefined) ?? null,
    staff: (staff?.[0] as StaffDoc | undefined) ?? null,
    ...rulesFromJoined(rules),
  };
}
