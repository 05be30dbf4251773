/** The customer's timeline: purchases in any store, coupons, points, messages, tasks, tickets. */
import { Text, View } from '@tarojs/components';
import type { TimelineEntry } from '@/domain/customers/timeline';
import { formatFullDateTime } from '@/components/format';
import { Button } from '@/components/nut';

const MARKS: Record<TimelineEntry['kind'], string> = {
  purchase: '购',
  couponIssued: '券',
  couponUsed: '券',
  points: '积',
  message: '信',
  notice: '知',
  task: '访',
  ticket: '单',
};

export function Timeline({
  entries,
  hasMore,
  busy,
  onMore,
}: {
  entries: TimelineEntry[];
  hasMore: boolean;
  busy: boolean;
  onMore: () => void;
}) {
  return (
    <View className="section customer__timeline" id="timeline">
      <Text className="section__title">顾客动态</Text>
      {entries.length === 0 ? <Text className="muted">还没有动态</Text> : null}
      {entries.map((e) => (
        <View key={e.id} className={`timeline-entry timeline-entry--${e.kind}`}>
          <View className="timeline-entry__mark">
            <Text>{MARKS[e.kind]}</Text>
          </View>
          <View className="timeline-entry__body">
            <Text className="timeline-entry__title">{e.title}</Text>
            {e.detail ? <Text className="timeline-entry__detail">{e.detail}</Text> : null}
            <Text className="timeline-entry__at muted">{formatFullDateTime(e.at)}</Text>
          </View>
        </View>
      ))}
      {hasMore ? (
        <Button id="timeline-more" block disabled={busy} onClick={onMore}>
          {busy ? '正在读取…' : '更早的动态'}
        </Button>
      ) : null}
    </View>
  );
}
