/**
 * An automation's `staffReminder` action to the member's clerk or the store's managers: the
 * workbench reminder and the 服务号 template message (sendStaffReminder, written here and
 * sent by the outbox timer), keyed `<action key>:<staff id>` — one per run step and person,
 * however often the step is redone. Recipients: the member's clerk (the store's managers
 * when the member has none or the clerk is gone), or every active manager of the member's
 * store. What it says comes from the step's task when it has one (domain/messages/taskReminder.ts);
 * the customer's name is the ownership rule's for each recipient (staffDisplayName).
 */
import type { Automation } from '@/domain/automations/definitions';
import type { PlannedAction } from '@/domain/automations/plan';
import { planTaskReminder } from '@/domain/messages/taskReminder';
import type { Ctx } from '../_shared/runtime';
import { getById } from '../_shared/db';
import type { MemberDoc } from '../_shared/repos/members';
import type { StaffDoc } from '../_shared/repos/staff';
import type { StoreDoc } from '../_shared/repos/stores';
import { sendStaffReminder } from '../_shared/staffMessaging';
import { REMINDER_PAGE } from '../_shared/remindPreviousClerk';
import { staffDisplayName } from '../staff/till';
import type { RunMember } from './apply';

type Planned<K extends PlannedAction['kind']> = Extract<PlannedAction, { kind: K }>;

async function managersOf(ctx: Ctx, storeId: string | null): Promise<StaffDoc[]> {
  if (!storeId) return [];
  const res = await ctx.db
    .collection('staff')
    .where({ storeId, role: 'manager', active: ctx.db.command.neq(false) })
    .limit(20)
    .get();
  return res.data as StaffDoc[];
}

async function recipients(
  ctx: Ctx,
  to: Planned<'staffReminder'>['to'],
  member: RunMember,
): Promise<StaffDoc[]> {
  if (to === 'clerk' && member.clerkId) {
    const clerk = await getById<StaffDoc>(ctx.db, 'staff', member.clerkId);
    if (clerk && clerk.active !== false) return [clerk];
  }
  return managersOf(ctx, member.homeStoreId);
}

/** Sends the reminders; answers the outcome recorded on the run ('reminded', 'noRecipient'). */
export async function remindStaff(
  ctx: Ctx,
  action: Planned<'staffReminder'>,
  automation: Automation,
  member: RunMember,
  task: Planned<'task'> | undefined,
): Promise<string> {
  if (action.to === 'previousClerk') return 'notSupported'; // the order path's (outbox/crossStore.ts)
  const staff = await recipients(ctx, action.to, member);
  if (staff.length === 0) return 'noRecipient';
  const [doc, store] = await Promise.all([
    getById<MemberDoc>(ctx.db, 'members', member._id),
    member.homeStoreId ? getById<StoreDoc>(ctx.db, 'stores', member.homeStoreId) : null,
  ]);
  if (!doc) return 'noMember';
  for (const s of staff) {
    const plan = planTaskReminder({
      customerName: staffDisplayName(doc, s),
      subject: task?.title ?? automation.name,
      storeName: store?.name ?? member.homeStoreId ?? '',
      dueAt: task?.dueAt ?? null,
      now: ctx.now,
    });
    await sendStaffReminder(
      ctx,
      {
        key: `${action.key}:${s._id}`,
        staffId: s._id,
        kind: 'automationTask',
        title: plan.title,
        body: plan.body,
        fields: plan.fields,
        page: REMINDER_PAGE,
        memberId: member._id,
      },
      { deliver: false, staff: s },
    );
  }
  return 'reminded';
}
