/**
 * A bottom sheet over the page: a dimmed mask (tap to close) and a rounded panel. Drawn
 * with plain views so it behaves the same on weapp and H5 (no portal, no icon font).
 */
import type { ReactNode } from 'react';
import { Text, View } from '@tarojs/components';
import './Sheet.less';

type Props = {
  open: boolean;
  title?: string;
  /** closing by the mask; omit to keep the sheet until an action inside closes it */
  onClose?: () => void;
  className?: string;
  children: ReactNode;
};

export function Sheet({ open, title, onClose, className, children }: Props) {
  if (!open) return null;
  return (
    <View className={`sheet ${className ?? ''}`} catchMove>
      <View className="sheet__mask" onClick={onClose} />
      <View className="sheet__panel">
        {title ? <Text className="sheet__title">{title}</Text> : null}
        {children}
      </View>
    </View>
  );
}
