/**
 * The cross-store purchase reminder's sender (decision: domain/messages/crossStoreReminder.ts).
 * Called with an order once its effects are applied — by the outbox timer's scan of recent
 * orders (cloudfunctions/outbox/crossStore.ts), and safe to call from the order path too:
 * the reminder is keyed `crossStore:<clerk>:<order>` (one per order, ever).
 *
 * An order without `previousClerkId` costs nothing. Otherwise: the previous clerk, the
 * member and the store in one round (3 reads, in parallel), then sendStaffReminder. The
 * customer's name is the ownership rule's (staffDisplayName) for the member as they were
 * before this order moved them — the previous clerk's own customer.
 */
import { planCrossStoreReminder } from '@/domain/messages/crossStoreReminder';
import type { Ctx } from './runtime';
import { getById } from './db';
import { opKeys } from './keys';
import type { MemberDoc } from './repos/members';
import type { OrderDoc } from './repos/orders';
import type { StaffDoc } from './repos/staff';
import type { StoreDoc } from './repos/stores';
import { sendStaffReminder, type StaffSendOutcome } from './staffMessaging';
import { staffDisplayName } from '../staff/till';

/** where the reminder leads in the mini-program (the staff workbench) */
export const REMINDER_PAGE = 'staff/pages/home/index';

export type CrossStoreOrderFacts = Pick<
  OrderDoc,
  '_id' | 'storeId' | 'memberId' | 'createdAt' | 'previousClerkId' | 'previousHomeStoreId'
>;

export async function remindPreviousClerk(
  ctx: Ctx,
  order: CrossStoreOrderFacts,
  opts: { deliver?: boolean } = {},
): Promise<StaffSendOutcome | { status: 'none'; reason: string }> {
  if (!order.previousClerkId) return { status: 'none', reason: 'noPreviousClerk' };
  const { db } = ctx;
  const [clerk, member, store] = await Promise.all([
    getById<StaffDoc>(db, 'staff', order.previousClerkId),
    getById<MemberDoc>(db, 'members', order.memberId),
    getById<StoreDoc>(db, 'stores', order.storeId),
  ]);
  if (!member) return { status: 'none', reason: 'noMember' };
  const customerName = clerk
    ? staffDisplayName(
        {
          ...member,
          clerkId: order.previousClerkId,
          homeStoreId: order.previousHomeStoreId ?? member.homeStoreId,
        },
        clerk,
      )
    : '';
  const plan = planCrossStoreReminder({
    order,
    previousClerk: clerk && { ...clerk, active: clerk.active !== false },
    customerName,
    storeName: store?.name ?? order.storeId,
    now: ctx.now,
  });
  if (plan.kind === 'none') return { status: 'none', reason: plan.reason };
  return sendStaffReminder(
    ctx,
    {
      key: opKeys.crossStore(plan.staffId, order._id),
      staffId: plan.staffId,
      kind: 'crossStorePurchase',
      title: plan.title,
      body: plan.body,
      fields: plan.fields,
      page: REMINDER_PAGE,
      memberId: order.memberId,
    },
    { ...opts, staff: clerk },
  );
}
