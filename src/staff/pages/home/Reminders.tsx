/**
 * The workbench's reminders: what the system told me (a customer I served bought in another
 * store …), newest first — every staff reminder is here whether or not the service-account
 * message arrived. Unread ones are marked; tapping one marks it read.
 */
import { useState } from 'react';
import { Text, View } from '@tarojs/components';
import { callFunction } from '@/services/cloud';
import { toCallError, useCall } from '@/services/useCall';
import { formatDateTime } from '@/components/format';

const SHOWN = 5;

export function Reminders() {
  const list = useCall(() => callFunction('staff', { action: 'listReminders', limit: SHOWN }), []);
  const [read, setRead] = useState<Set<string>>(new Set());
  const [error, setError] = useState<string | null>(null);
  const reminders = list.data?.reminders ?? [];
  if (list.error) return <Text className="error-text reminders__error">{list.error.message}</Text>;
  if (reminders.length === 0) return null;
  const isUnread = (r: (typeof reminders)[number]) => r.readAt === null && !read.has(r.id);
  const unread = reminders.filter(isUnread).length;
  const markRead = async (id: string) => {
    setError(null);
    try {
      await callFunction('staff', { action: 'markReminderRead', id });
      setRead((s) => new Set(s).add(id));
    } catch (e) {
      setError(toCallError(e).message);
    }
  };
  return (
    <View className="reminders" data-testid="reminders">
      <View className="reminders__head">
        <Text className="reminders__title">提醒</Text>
        {unread ? <Text className="reminders__count">{unread} 条未读</Text> : null}
      </View>
      {error ? <Text className="error-text">{error}</Text> : null}
      {reminders.map((r) => (
        <View
          key={r.id}
          className={`reminder${isUnread(r) ? ' reminder--unread' : ''}`}
          onClick={() => (isUnread(r) ? void markRead(r.id) : undefined)}
        >
          <View className="reminder__head">
            {isUnread(r) ? <View className="reminder__dot" /> : null}
            <Text className="reminder__title">{r.title}</Text>
            <Text className="reminder__time">{formatDateTime(r.createdAt)}</Text>
          </View>
          <Text className="reminder__body">{r.body}</Text>
        </View>
      ))}
    </View>
  );
}
