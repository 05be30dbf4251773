/** One row of 我的顾客: name (masked unless mine), phone tail, tags with reasons, next task. */
import { Text, View } from '@tarojs/components';
import type { CustomerRow } from '@/contracts/staff';
import { formatShortDate } from '@/components/format';

export function CustomerRowView({
  row,
  clerkName,
  onOpen,
}: {
  row: CustomerRow;
  /** for a manager: whose customer this is */
  clerkName?: string | null;
  onOpen: () => void;
}) {
  return (
    <View className="customer-row" id={`customer-${row.memberId}`} onClick={onOpen}>
      <View className="customer-row__head">
        <Text className="customer-row__name">{row.displayName}</Text>
        <Text className="customer-row__phone">{row.phoneMasked}</Text>
      </View>
      {row.tags.length || row.manualTags.length ? (
        <View className="customer-row__tags">
          {row.tags.map((t) => (
            <View key={t.family} className="customer-tag">
              <Text className="customer-tag__value">{t.value}</Text>
              <Text className="customer-tag__reason">{t.reason}</Text>
            </View>
          ))}
          {row.manualTags.map((t) => (
            <View key={`m-${t}`} className="customer-tag customer-tag--manual">
              <Text className="customer-tag__value">{t}</Text>
            </View>
          ))}
        </View>
      ) : null}
      {clerkName !== undefined ? (
        <Text className="customer-row__clerk muted">
          {clerkName ? `专属店员：${clerkName}` : '门店顾客（暂无专属店员）'}
        </Text>
      ) : null}
      <Text className="customer-row__task muted">
        {row.nextTask
          ? `下次回访：${row.nextTask.title}（${formatShortDate(row.nextTask.dueAt)}）`
          : '暂无回访任务'}
      </Text>
    </View>
  );
}
