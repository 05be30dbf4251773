/** A Shanghai date ('YYYY-MM-DD') picker: the native date input in H5, Picker in WeChat. */
import { Picker, Text, View } from '@tarojs/components';

export function DateField(props: {
  id: string;
  label: string;
  value: string;
  onChange: (v: string) => void;
}) {
  const face = (
    <View className="date-field__face">
      <Text className="date-field__label">{props.label}</Text>
      <Text className="date-field__value num">{props.value}</Text>
    </View>
  );
  if (process.env.TARO_ENV === 'h5') {
    return (
      <View className="date-field">
        {face}
        <input
          id={props.id}
          className="date-field__input"
          type="date"
          value={props.value}
          onChange={(e) => e.currentTarget.value && props.onChange(e.currentTarget.value)}
        />
      </View>
    );
  }
  return (
    <Picker
      id={props.id}
      className="date-field"
      mode="date"
      value={props.value}
      onChange={(e) => props.onChange(String(e.detail.value))}
    >
      {face}
    </Picker>
  );
}
