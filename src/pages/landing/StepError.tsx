/**
 * A signup step's error, shown where the eye is: right at the control that was tapped
 * (not below the fold under the page), and scrolled into view when it appears, so a
 * refused tap never looks like a dead button.
 */
import { useEffect } from 'react';
import Taro from '@tarojs/taro';
import { View } from '@tarojs/components';

export const STEP_ERROR_ID = 'signup-error';

function reveal(id: string) {
  if (process.env.TARO_ENV === 'h5') {
    document.getElementById(id)?.scrollIntoView({ block: 'center' });
    return;
  }
  try {
    void Taro.pageScrollTo({ selector: `#${id}`, duration: 200 }).catch(() => undefined);
  } catch {
    // an older base library without selector scrolling: the error is still beside the button
  }
}

/** `seq` changes with every refusal, so the same message shown twice is revealed again. */
export function StepError({ message, seq }: { message: string | null; seq: number }) {
  useEffect(() => {
    if (message) reveal(STEP_ERROR_ID);
  }, [message, seq]);
  if (!message) return null;
  return (
    <View id={STEP_ERROR_ID} className="error-text landing__error" data-testid="signup-error">
      {message}
    </View>
  );
}
