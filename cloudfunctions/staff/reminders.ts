/**
 * The caller's reminders (repos/staffReminders.ts): every message to staff is also one of
 * these, so the workbench shows it whether or not the service-account message arrived.
 * Only one's own: the staff id comes from the caller's bound identity, never the request;
 * another's reminder reads as not found.
 */
import { AppError } from '@/contracts/errors';
import type { StaffReminderView } from '@/contracts/staff';
import type { Ctx } from '../_shared/runtime';
import { getById } from '../_shared/db';
import { requireStaff } from '../_shared/repos/staff';
import { reminderView, type StaffReminderDoc } from '../_shared/repos/staffReminders';

const STAFF_ROLES = ['clerk', 'manager', 'hq'] as const;

export async function listReminders(
  ctx: Ctx,
  input: { before?: { createdAt: number; id: string }; limit: number; unreadOnly: boolean },
): Promise<{ reminders: StaffReminderView[]; hasMore: boolean; unread: number }> {
  const { db } = ctx;
  const _ = db.command;
  const me = await requireStaff(ctx, STAFF_ROLES);
  const mine: Record<string, unknown> = { staffId: me._id };
  if (input.unreadOnly) mine.readAt = null;
  const { before } = input;
  const filter = before
    ? _.and([
        mine,
        _.or([
          { createdAt: _.lt(before.createdAt) },
          { createdAt: before.createdAt, _id: _.lt(before.id) },
        ]),
      ])
    : mine;
  const [page, unread] = await Promise.all([
    db
      .collection('staffReminders')
      .where(filter)
      .orderBy('createdAt', 'desc')
      .orderBy('_id', 'desc')
      .limit(input.limit + 1)
      .get(),
    db.collection('staffReminders').where({ staffId: me._id, readAt: null }).count(),
  ]);
  const docs = page.data as StaffReminderDoc[];
  return {
    reminders: docs.slice(0, input.limit).map(reminderView),
    hasMore: docs.length > input.limit,
    unread: unread.total,
  };
}

export async function markReminderRead(
  ctx: Ctx,
  input: { id: string },
): Promise<{ readAt: number }> {
  const { db, now } = ctx;
  const me = await requireStaff(ctx, STAFF_ROLES);
  const res = await db
    .collection('staffReminders')
    .where({ _id: input.id, staffId: me._id, readAt: null })
    .update({ data: { readAt: now } });
  if (res.stats.updated === 1) return { readAt: now };
  const doc = await getById<StaffReminderDoc>(db, 'staffReminders', input.id);
  if (!doc || doc.staffId !== me._id) throw new AppError('COMMON.NOT_FOUND', '找不到这条提醒');
  return { readAt: doc.readAt ?? now };
}
