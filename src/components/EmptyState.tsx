/**
 * An empty list, drawn with our own art (NutUI's default pictures load from the internet):
 * a soft circle with one character for what is missing, a title, a line of help and an
 * optional action.
 */
import type { ReactNode } from 'react';
import { Text, View } from '@tarojs/components';
import { Empty } from './nut';
import './EmptyState.less';

type Props = {
  /** one character, e.g. '券' */
  mark: string;
  title: string;
  description?: string;
  className?: string;
  children?: ReactNode;
};

export function EmptyState({ mark, title, description, className, children }: Props) {
  return (
    <View className={`empty-state ${className ?? ''}`}>
      <Empty
        size="small"
        image={
          <View className="empty-state__art">
            <Text className="empty-state__mark">{mark}</Text>
          </View>
        }
        title={title}
        description={description}
      />
      {children ? <View className="empty-state__action">{children}</View> : null}
    </View>
  );
}
