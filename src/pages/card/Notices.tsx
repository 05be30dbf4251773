/**
 * The card's notices: what the chain told the member in the app (a level change, 好久不见,
 * 感谢光临 …), newest first, unread ones marked; 「全部已读」 clears the marks. Shown only when
 * there is something to show.
 */
import { useState } from 'react';
import { Text, View } from '@tarojs/components';
import type { NoticeView } from '@/contracts/member';
import { callFunction } from '@/services/cloud';
import { toCallError } from '@/services/useCall';
import { formatDateTime } from '@/components/format';

export function Notices({ notices }: { notices: NoticeView[] }) {
  const [readNow, setReadNow] = useState(false);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  if (notices.length === 0) return null;
  const unread = readNow ? 0 : notices.filter((n) => n.unread).length;
  const markRead = async () => {
    setBusy(true);
    setError(null);
    try {
      await callFunction('member', { action: 'markNoticesRead' });
      setReadNow(true);
    } catch (e) {
      setError(toCallError(e).message);
    } finally {
      setBusy(false);
    }
  };
  return (
    <View className="section notices" data-testid="notices">
      <View className="section-title">
        <Text>消息{unread ? `（${unread} 条未读）` : ''}</Text>
        {unread ? (
          <Text
            id="notices-read"
            className="section-link"
            onClick={() => (busy ? undefined : void markRead())}
          >
            全部已读
          </Text>
        ) : null}
      </View>
      {error ? <Text className="error-text">{error}</Text> : null}
      {notices.map((n) => (
        <View key={n.id} className="notice">
          <View className="notice__head">
            {n.unread && !readNow ? <View className="notice__dot" /> : null}
            <Text className="notice__title">{n.title}</Text>
            <Text className="muted notice__time">{formatDateTime(n.at)}</Text>
          </View>
          <Text className="notice__text">{n.text}</Text>
        </View>
      ))}
    </View>
  );
}
