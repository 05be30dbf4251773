/** The per-clerk table of 门店数据: one row per staff member, 业绩 last. */
import { Text, View } from '@tarojs/components';
import type { ClerkFiguresView } from '@/contracts/manager';
import { formatFen } from '@/components/format';
import { ROLE_NAMES } from '../../useStaff';
import { hoursText, percentText, ratingText } from './text';

/** '2 未结 · 3 小时' (open now · average handling of the period's resolved ones), '—' */
function ticketsText(c: ClerkFiguresView): string {
  const parts = [
    c.openTickets ? `${c.openTickets} 未结` : null,
    c.resolvedTickets ? hoursText(c.avgHandlingMs) : null,
  ].filter(Boolean);
  return parts.length ? parts.join(' · ') : '—';
}

export function ClerkTable({ clerks }: { clerks: ClerkFiguresView[] }) {
  if (!clerks.length) return <View className="section muted">这家门店还没有员工</View>;
  return (
    <View className="section clerk-table" data-testid="clerk-table">
      <View className="clerk-table__row clerk-table__row--head">
        <Text className="clerk-table__name">员工</Text>
        <Text className="clerk-table__cell">新会员</Text>
        <Text className="clerk-table__cell">复购率</Text>
        <Text className="clerk-table__cell">回访</Text>
        <Text className="clerk-table__cell">工单</Text>
        <Text className="clerk-table__cell">满意度</Text>
        <Text className="clerk-table__cell clerk-table__cell--wide">业绩</Text>
      </View>
      {clerks.map((c) => (
        <View
          key={c.staffId}
          className={`clerk-table__row${c.active ? '' : ' clerk-table__row--gone'}`}
          data-testid={`clerk-${c.staffId}`}
        >
          <View className="clerk-table__name">
            <Text className="clerk-table__who">{c.name}</Text>
            <Text className="clerk-table__role">{c.active ? ROLE_NAMES[c.role] : '已解绑'}</Text>
          </View>
          <Text className="clerk-table__cell num">{c.newMembers}</Text>
          <Text className="clerk-table__cell num">{percentText(c.repeatRate)}</Text>
          <Text className="clerk-table__cell num">
            {c.tasksDue ? `${c.tasksDone}/${c.tasksDue}` : '—'}
          </Text>
          <Text className="clerk-table__cell num">{ticketsText(c)}</Text>
          <Text className="clerk-table__cell num">{ratingText(c.avgRating)}</Text>
          <View className="clerk-table__cell clerk-table__cell--wide clerk-table__bonus">
            <Text className="num">{formatFen(c.repeatFen)}</Text>
            <Text className="clerk-table__sub">复购 {c.repeatOrders} 笔</Text>
          </View>
        </View>
      ))}
    </View>
  );
}
