/**
 * A birthday date field: WeChat's date picker around the row on weapp; on H5 a transparent
 * date input over it. Values are 'YYYY-MM-DD' (the pickers' format).
 */
import type { ReactNode } from 'react';
import { Picker, View } from '@tarojs/components';
import { shanghaiParts } from '@/domain/calendar';
import './BirthdayField.less';

export type Birthday = { month: number; day: number; year: number | null };

const pad = (n: number) => String(n).padStart(2, '0');
/** '1990-05-20' (the pickers' format) */
export function birthdayValue(b: Birthday | null): string {
  return b ? `${b.year ?? 2000}-${pad(b.month)}-${pad(b.day)}` : '';
}
/** today in Shanghai as a picker value: the latest date a birthday can be */
export function todayValue(now: number): string {
  const t = shanghaiParts(now);
  return `${t.year}-${pad(t.month)}-${pad(t.day)}`;
}
export function parseBirthday(value: string): Birthday | null {
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(value);
  return m ? { year: Number(m[1]), month: Number(m[2]), day: Number(m[3]) } : null;
}
export function birthdayText(b: Birthday): string {
  return b.year ? `${b.year}年${b.month}月${b.day}日` : `${b.month}月${b.day}日`;
}

/** weapp: WeChat's date picker around the row; H5: a transparent date input over it. */
export function BirthdayField({
  value,
  max,
  onChange,
  children,
}: {
  value: string;
  max: string;
  onChange: (value: string) => void;
  children: ReactNode;
}) {
  if (process.env.TARO_ENV === 'h5') {
    return (
      <View className="birthday-field">
        {children}
        <input
          className="birthday-field__input"
          type="date"
          min="1920-01-01"
          max={max}
          value={value}
          onChange={(e) => onChange(e.currentTarget.value)}
        />
      </View>
    );
  }
  return (
    <Picker
      id="birthday-picker"
      mode="date"
      value={value || '1990-01-01'}
      start="1920-01-01"
      end={max}
      onChange={(e) => onChange(String(e.detail.value))}
    >
      {children}
    </Picker>
  );
}
