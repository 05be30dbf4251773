/**
 * The privacy agreement on a page that uses a privacy-scoped API (clipboard, album) but is
 * not the landing page: when WeChat waits for the agreement (services/privacy.ts), a sheet
 * asks for it with WeChat's own agree button; only that button's
 * `agreeprivacyauthorization` event lets the waiting call go on, 「不同意」 lets it fail.
 * Renders nothing on H5 and while nothing waits.
 */
import { useCallback, useEffect, useState } from 'react';
import { Text, View } from '@tarojs/components';
import { agreedByButton, declined, onPrivacyNeeded, privacyApiAvailable } from '@/services/privacy';
import { Button } from './nut';
import { Sheet } from './Sheet';
import './PrivacyGate.less';

const BUTTON_ID = 'agree-privacy-gate';

export function PrivacyGate({ reason }: { reason: string }) {
  const [open, setOpen] = useState(false);
  useEffect(() => (privacyApiAvailable() ? onPrivacyNeeded(() => setOpen(true)) : undefined), []);
  const agree = useCallback(() => {
    agreedByButton(BUTTON_ID);
    setOpen(false);
  }, []);
  const decline = useCallback(() => {
    declined();
    setOpen(false);
  }, []);
  return (
    <Sheet open={open} title="隐私保护指引">
      <View className="privacy-gate" data-testid="privacy-gate">
        <Text className="privacy-gate__text">
          {reason}，需要您先阅读并同意《用户隐私保护指引》。
        </Text>
        <Button
          id={BUTTON_ID}
          type="primary"
          block
          openType="agreePrivacyAuthorization"
          onAgreePrivacyAuthorization={agree}
        >
          同意并继续
        </Button>
        <Button id="decline-privacy-gate" fill="none" block onClick={decline}>
          不同意
        </Button>
      </View>
    </Sheet>
  );
}
