/**
 * Entry page, opened by a store's checkout code (小程序码) or from WeChat.
 * Keeps the code's scene for signup, then sends a member to the card and a visitor to
 * the landing page. Opened without a checkout code by bound staff, it opens the workbench.
 */
import { useCallback, useEffect, useRef, useState } from 'react';
import Taro, { useRouter } from '@tarojs/taro';
import { Text, View } from '@tarojs/components';
import { callFunction } from '@/services/cloud';
import { toCallError } from '@/services/useCall';
import { rememberScene, sceneFromParams } from '@/services/scene';
import { WORKBENCH_URL, rememberStaff, rememberedStaff } from '@/services/staffHint';
import { ErrorView } from '@/components/StatusView';
import './index.less';

/** Asked only when a visitor opens the app without a checkout code (e.g. a clerk on a new phone). */
async function isBoundStaff(): Promise<boolean> {
  try {
    const { staff } = await callFunction('staff', { action: 'whoami' });
    rememberStaff(staff);
    return staff !== null;
  } catch {
    return false;
  }
}

export default function Index() {
  const router = useRouter();
  const [error, setError] = useState<string | null>(null);
  const withScene = useRef(false);

  const route = useCallback(async () => {
    setError(null);
    try {
      if (!withScene.current && rememberedStaff()) {
        await Taro.redirectTo({ url: WORKBENCH_URL });
        return;
      }
      const me = await callFunction('member', { action: 'me' });
      if (me.status !== 'member' && !withScene.current && (await isBoundStaff())) {
        await Taro.redirectTo({ url: WORKBENCH_URL });
        return;
      }
      const url = me.status === 'member' ? '/pages/card/index' : '/pages/landing/index';
      await Taro.redirectTo({ url });
    } catch (e) {
      setError(toCallError(e).message);
    }
  }, []);

  useEffect(() => {
    const scene = sceneFromParams(router.params);
    if (scene) rememberScene(scene);
    withScene.current = Boolean(scene);
    void route();
    // the launch parameters are read once
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, []);

  return (
    <View className="page entry">
      {error ? (
        <ErrorView message={error} onRetry={route} />
      ) : (
        <View className="entry__splash" data-testid="loading">
          <View className="entry__logo">
            <Text className="entry__logo-text">会</Text>
          </View>
          <Text className="entry__title">会员中心</Text>
          <Text className="entry__hint">正在为您打开…</Text>
          <View className="entry__dots">
            <View className="entry__dot" />
            <View className="entry__dot" />
            <View className="entry__dot" />
          </View>
        </View>
      )}
      <Text
        id="staff-entry"
        className="entry__staff"
        onClick={() => void Taro.redirectTo({ url: WORKBENCH_URL })}
      >
        店员入口
      </Text>
    </View>
  );
}
