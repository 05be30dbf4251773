/**
 * Full-area states shared by pages: a calm loading indicator and an error with a retry.
 */
import { Text, View } from '@tarojs/components';
import { Button } from './nut';
import './StatusView.less';

export function LoadingView({ text = '正在加载…' }: { text?: string }) {
  return (
    <View className="status-view" data-testid="loading">
      <View className="status-view__spinner" />
      <Text className="status-view__text">{text}</Text>
    </View>
  );
}

export function ErrorView({ message, onRetry }: { message: string; onRetry?: () => void }) {
  return (
    <View className="status-view" data-testid="error">
      <View className="status-view__badge">!</View>
      <Text className="status-view__title">出了点小问题</Text>
      <Text className="status-view__text error-message">{message}</Text>
      {onRetry ? (
        <Button
          id="retry"
          className="status-view__retry"
          type="primary"
          fill="outline"
          size="small"
          onClick={onRetry}
        >
          重新加载
        </Button>
      ) : null}
    </View>
  );
}
