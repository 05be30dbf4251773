/**
 * NutUI's primary block button drawn on Taro's own `Button`, for open-type buttons whose
 * native `disabled` must hold: NutUI's Button keeps `disabled` to itself (it only guards
 * `onClick`), so an open-type event such as `getphonenumber` still fires on a "disabled"
 * NutUI button — and every phone number WeChat hands over is billed.
 */
import type { ComponentProps } from 'react';
import { Button as TaroButton, View } from '@tarojs/components';

type Props = Omit<ComponentProps<typeof TaroButton>, 'className'> & {
  className?: string;
  disabled: boolean;
};

export function OpenTypeButton({ className = '', disabled, children, ...rest }: Props) {
  const off = disabled ? ' nut-button-disabled nut-button-primary-disabled' : '';
  return (
    <TaroButton
      {...rest}
      disabled={disabled}
      className={`nut-button nut-button-primary nut-button-primary-solid nut-button-large nut-button-round nut-button-round-large nut-button-block${off} ${className}`}
    >
      <View className="nut-button-wrap">
        <View
          className={`nut-button-children nut-button-large-children nut-button-primary-children${disabled ? ' nut-button-primary-disabled' : ''}`}
        >
          {children}
        </View>
      </View>
    </TaroButton>
  );
}
