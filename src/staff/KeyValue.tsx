/**
 * One labelled figure of the workbench (styles `.kv` in staff.less): a label with an
 * optional note on the left, the value on the right. `emphasis`: `total` draws a rule above
 * (a sum, e.g. 应付), `headline` enlarges the value (e.g. 本次退款).
 */
import { Text, View } from '@tarojs/components';

export function KeyValue(props: {
  label: string;
  value: string;
  note?: string;
  emphasis?: 'total' | 'headline';
  tone?: 'brand' | 'gold' | 'danger';
  testId?: string;
}) {
  const { label, value, note, emphasis, tone, testId } = props;
  const rowClass =
    emphasis === 'total' ? ' kv--strong' : emphasis === 'headline' ? ' kv--strong-top' : '';
  return (
    <View className={`kv${rowClass}`}>
      <View className="kv__left">
        <Text className="kv__label">{label}</Text>
        {note ? <Text className="kv__note">{note}</Text> : null}
      </View>
      <Text className={`kv__value num${tone ? ` kv__value--${tone}` : ''}`} data-testid={testId}>
        {value}
      </Text>
    </View>
  );
}
