/**
 * Opening another page from a tap. A page that is not in this build (e.g. the points mall
 * while it is being built) tells the shopper so instead of failing silently.
 */
import Taro from '@tarojs/taro';

export function openPage(url: string): void {
  Taro.navigateTo({ url }).catch(() => {
    void Taro.showToast({ title: '该功能即将开放', icon: 'none' }).catch(() => undefined);
  });
}

/** Start over from the entry page (it routes a visitor to signup, a member to the card). */
export function restartApp(): void {
  void Taro.reLaunch({ url: '/pages/index/index' });
}
