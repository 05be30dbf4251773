import type { PropsWithChildren } from 'react';
import { useLaunch } from '@tarojs/taro';
import { initCloud } from '@/services/cloud';
import { registerPrivacyListener } from '@/services/privacy';
import './app.less';

function App({ children }: PropsWithChildren) {
  useLaunch(() => {
    initCloud();
    // once for the app: WeChat's wait for the privacy agreement (pages/landing resolves it)
    registerPrivacyListener();
  });
  return children;
}

export default App;
