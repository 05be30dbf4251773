/**
 * The goods of the sale: one line per category with its amount in yuan (and an optional
 * product name). A line's error shows once something is typed in it, or after a submit
 * attempt, and goes as soon as the line is fixed.
 */
import { Text, View } from '@tarojs/components';
import { Input } from '@/components/nut';
import { TILL_CATEGORIES, type DraftLine } from './cart';
import { newLine } from './saleDraft';
import './CartLines.less';

const MAX_LINES = 20;

export function CartLines(props: {
  lines: DraftLine[];
  errors: Record<string, string>;
  attempted: boolean;
  onChange: (lines: DraftLine[]) => void;
  onClear: () => void;
}) {
  const { lines, errors, attempted, onChange, onClear } = props;
  const update = (key: string, patch: Partial<DraftLine>) =>
    onChange(lines.map((l) => (l.key === key ? { ...l, ...patch } : l)));
  return (
    <View className="section">
      <View className="section-title">
        <Text>商品</Text>
        <Text id="clear-sale" className="till-clear" onClick={onClear}>
          清空
        </Text>
      </View>
      {lines.map((line, i) => {
        const lineError = errors[line.key];
        const showError = lineError && (attempted || line.amountText.trim() !== '');
        return (
          <View className="till-line" key={line.key}>
            <View className="till-line__head">
              <Text className="till-line__no">第 {i + 1} 项</Text>
              {lines.length > 1 ? (
                <Text
                  className="till-line__remove"
                  onClick={() => onChange(lines.filter((l) => l.key !== line.key))}
                >
                  删除
                </Text>
              ) : null}
            </View>
            <View className="chips till-line__cats">
              {TILL_CATEGORIES.map((c, ci) => (
                <View
                  key={c}
                  id={`cat-${i}-${ci}`}
                  className={`chip${line.category === c ? ' chip--on' : ''}`}
                  onClick={() => update(line.key, { category: c })}
                >
                  <Text>{c}</Text>
                </View>
              ))}
            </View>
            <View className="till-line__inputs">
              <View className="till-line__money">
                <Text className="till-line__yuan">¥</Text>
                <Input
                  className="till-line__amount"
                  type="digit"
                  maxLength={10}
                  placeholder="金额（元）"
                  value={line.amountText}
                  onChange={(v) => update(line.key, { amountText: v })}
                />
              </View>
              <Input
                className="till-line__name"
                type="text"
                maxLength={40}
                placeholder="商品名（选填）"
                value={line.name}
                onChange={(v) => update(line.key, { name: v })}
              />
            </View>
            {showError ? <Text className="till-line__error">{lineError}</Text> : null}
          </View>
        );
      })}
      {lines.length < MAX_LINES ? (
        <View
          id="add-line"
          className="till-add"
          onClick={() => onChange([...lines, newLine(lines)])}
        >
          <Text>＋ 再加一项</Text>
        </View>
      ) : null}
    </View>
  );
}
