/**
 * The agree step: 「同意并继续」 under the notice it agrees to (PrivacyNotice.tsx).
 * On weapp only the agree button's own `agreeprivacyauthorization` event counts as the
 * agreement WeChat waits for before a personal-data API (services/privacy.ts); on H5 a tap.
 */
import { useCallback } from 'react';
import { Text } from '@tarojs/components';
import { agreedByButton, privacyApiAvailable } from '@/services/privacy';
import { Button } from '@/components/nut';

const PRIVACY_BUTTON_ID = 'agree-privacy';

export function ConsentStep({ version, onAgreed }: { version: string; onAgreed: () => void }) {
  const onAgreeEvent = useCallback(() => {
    agreedByButton(PRIVACY_BUTTON_ID);
    onAgreed();
  }, [onAgreed]);
  const onAgreeTap = useCallback(() => {
    if (!privacyApiAvailable()) onAgreed();
  }, [onAgreed]);

  return (
    <>
      {process.env.TARO_ENV === 'weapp' ? (
        <Button
          id={PRIVACY_BUTTON_ID}
          className="landing__cta"
          type="primary"
          size="large"
          block
          openType="agreePrivacyAuthorization"
          onAgreePrivacyAuthorization={onAgreeEvent}
          onClick={onAgreeTap}
        >
          同意并继续
        </Button>
      ) : (
        <Button
          id={PRIVACY_BUTTON_ID}
          className="landing__cta"
          type="primary"
          size="large"
          block
          onClick={onAgreed}
        >
          同意并继续
        </Button>
      )}
      <Text className="landing__fineprint">
        点击即表示您已阅读并同意以上隐私保护说明（{version} 版）
      </Text>
    </>
  );
}
