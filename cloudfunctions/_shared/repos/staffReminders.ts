/**
 * Reminders to staff as the workbench lists them: one document per reminder (`_id` = the
 * reminder's key, the same as its outbox message), written BEFORE any message is sent, so
 * a reminder exists whether or not WeChat delivers the service-account message. `delivery`
 * tells how the message went: 'pending' (being sent or retried), 'sent', or 'fallback'
 * (no message will come: not a follower, refused, retries exhausted — the workbench is
 * where the clerk reads it).
 */
import type { StaffReminderView } from '@/contracts/staff';
import type { Database } from '../db';
import { addOrGet } from '../db';

export type ReminderDelivery = 'pending' | 'sent' | 'fallback';
export type StaffReminderKind = 'crossStorePurchase' | 'automationTask' | 'overdueTasks';

export type StaffReminderDoc = {
  _id: string;
  staffId: string;
  storeId: string | null;
  kind: StaffReminderKind;
  title: string;
  body: string;
  /** the mini-program page it opens (without a leading '/') */
  page: string;
  memberId: string | null;
  createdAt: number;
  readAt: number | null;
  delivery: ReminderDelivery;
  deliveredAt: number | null;
};

/** Insert the reminder; answers the stored one when its key was used before. */
export function createReminder(
  db: Database,
  doc: StaffReminderDoc,
): Promise<{ doc: StaffReminderDoc; created: boolean }> {
  return addOrGet(db, 'staffReminders', doc);
}

/** Record how the message went (only from 'pending': a settled delivery is not reopened). */
export async function settleDelivery(
  db: Database,
  id: string,
  delivery: Exclude<ReminderDelivery, 'pending'>,
  now: number,
): Promise<void> {
  await db
    .collection('staffReminders')
    .where({ _id: id, delivery: 'pending' })
    .update({ data: { delivery, deliveredAt: now } });
}

export const reminderView = (r: StaffReminderDoc): StaffReminderView => ({
  id: r._id,
  kind: r.kind,
  title: r.title,
  body: r.body,
  page: r.page,
  createdAt: r.createdAt,
  readAt: r.readAt,
  delivery: r.delivery,
});
