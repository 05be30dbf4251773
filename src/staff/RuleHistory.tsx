/** 修改记录: the saved versions of a rule, newest first — who, when, and each change. */
import { Text, View } from '@tarojs/components';
import type { RuleHistoryEntryView } from '@/contracts/crm';
import { formatDateTime } from '@/components/format';
import './RuleHistory.less';

export function RuleHistory({
  entries,
  testId,
}: {
  entries: readonly RuleHistoryEntryView[];
  testId: string;
}) {
  return (
    <View className="section rule-history" data-testid={testId}>
      <View className="section-title">
        <Text>修改记录</Text>
      </View>
      {entries.length === 0 ? <Text className="muted">还没有修改记录</Text> : null}
      {entries.map((h) => (
        <View key={h.version} className="rule-history__entry">
          <Text className="rule-history__head">
            第 {h.version} 版 · {h.byName} · {formatDateTime(h.at)}
          </Text>
          {h.changes.map((c) => (
            <Text key={c.path} className="muted rule-history__line">
              {c.label}：{c.before} → {c.after}
            </Text>
          ))}
        </View>
      ))}
    </View>
  );
}
