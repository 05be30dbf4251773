/**
 * The pieces HQ's catalogue forms are made of (coupon templates, rewards): a labelled input
 * with its unit and the message of the field the check pointed at, and a row of chips to
 * pick one (or several) of a few choices.
 */
import type { ReactNode } from 'react';
import { Text, View } from '@tarojs/components';
import { Input } from '@/components/nut';
import './catalog.less';

export function Field(props: {
  id: string;
  label: string;
  value: string;
  onChange: (v: string) => void;
  /** the form's complaint about this field, if any */
  error?: string | null;
  unit?: string;
  prefix?: string;
  placeholder?: string;
  hint?: string;
  type?: 'text' | 'digit';
}) {
  return (
    <View className="catalog__field" id={props.id}>
      <View className="catalog__row">
        <Text className="catalog__label">{props.label}</Text>
        <View className="catalog__input">
          {props.prefix ? <Text className="catalog__unit">{props.prefix}</Text> : null}
          <Input
            className="catalog__value"
            type={props.type ?? 'text'}
            value={props.value}
            placeholder={props.placeholder}
            onChange={(v) => props.onChange(v)}
          />
          {props.unit ? <Text className="catalog__unit">{props.unit}</Text> : null}
        </View>
      </View>
      {props.hint ? <Text className="muted catalog__hint">{props.hint}</Text> : null}
      {props.error ? <Text className="error-text catalog__error">{props.error}</Text> : null}
    </View>
  );
}

export function Chips<K extends string>(props: {
  id: string;
  label: string;
  options: readonly { key: K; label: string }[];
  /** chosen keys (one for a single choice) */
  chosen: readonly K[];
  onToggle: (key: K) => void;
  error?: string | null;
  children?: ReactNode;
}) {
  return (
    <View className="catalog__field" id={props.id}>
      <Text className="catalog__label">{props.label}</Text>
      <View className="chips catalog__chips">
        {props.options.map((o) => (
          <View
            key={o.key}
            id={`${props.id}-${o.key}`}
            className={`chip${props.chosen.includes(o.key) ? ' chip--on' : ''}`}
            onClick={() => props.onToggle(o.key)}
          >
            <Text>{o.label}</Text>
          </View>
        ))}
      </View>
      {props.children}
      {props.error ? <Text className="error-text catalog__error">{props.error}</Text> : null}
    </View>
  );
}
