/**
 * The privacy notice of the landing page, as the server answers it (`getPrivacyNotice`:
 * the text HQ keeps in settings, with its version), so a new version needs no rebuild.
 */
import { Text, View } from '@tarojs/components';
import type { PrivacyNotice as Notice } from '@/contracts/member';
import type { CallState } from '@/services/useCall';
import { Button, Skeleton } from '@/components/nut';

export function PrivacyNotice({ notice }: { notice: CallState<Notice> }) {
  return (
    <View className="section landing__privacy" data-testid="privacy">
      <View className="section-title">隐私保护承诺</View>
      {notice.data ? (
        <>
          <View className="landing__promise">
            <Text className="landing__promise-text">{notice.data.promise}</Text>
          </View>
          <View className="landing__facts">
            {notice.data.facts.map((f) => (
              <View className="landing__fact" key={f.label}>
                <Text className="landing__fact-label">{f.label}</Text>
                <Text className="landing__fact-text">{f.text}</Text>
              </View>
            ))}
          </View>
        </>
      ) : notice.error ? (
        <View className="landing__notice-error" data-testid="notice-error">
          <Text className="error-text">{notice.error.message}</Text>
          <Button size="small" onClick={() => void notice.reload()}>
            重新加载
          </Button>
        </View>
      ) : (
        <Skeleton rows={3} animated />
      )}
    </View>
  );
}
