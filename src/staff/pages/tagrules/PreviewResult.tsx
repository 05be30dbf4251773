/** Who would gain and who would lose each tag under the previewed rules, with masked samples. */
import { Text, View } from '@tarojs/components';
import type { TagPreviewView } from '@/contracts/crm';
import type { TagRules } from '@/domain/tags/families';

export function PreviewResult({ view, rules }: { view: TagPreviewView; rules: TagRules }) {
  const families = rules.families.filter((f) => view.counts[f.key]);
  return (
    <View className="tagrules__result" data-testid="tagrules-result">
      <Text className="tagrules__progress">
        {view.done
          ? `已检查全部 ${view.scanned} 位会员`
          : `正在检查会员… 已检查 ${view.scanned} 位`}
      </Text>
      {view.done && families.length === 0 ? (
        <Text className="muted">没有会员的标签会变化</Text>
      ) : null}
      {families.map((f) => (
        <View key={f.key} className="tagrules__family-result" id={`result-${f.key}`}>
          <Text className="tagrules__family-name">{f.name}</Text>
          {Object.entries(view.counts[f.key]).map(([value, c]) => (
            <View key={value} className="tagrules__count">
              <Text>「{value}」</Text>
              <Text className="tagrules__gain">新增 {c.gain} 人</Text>
              <Text className="tagrules__lose">移出 {c.lose} 人</Text>
            </View>
          ))}
          {view.samples
            .filter((s) => s.family === f.key)
            .map((s) => (
              <Text key={`${s.memberId}-${s.family}`} className="muted tagrules__sample">
                {s.displayName}：{s.from ?? '无'} → {s.to ?? '无'}（{s.reason}）
              </Text>
            ))}
        </View>
      ))}
    </View>
  );
}
