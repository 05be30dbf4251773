/**
 * My checkout code (开卡码): the 小程序码 a shopper scans at the counter to join as a
 * member — the clerk's own code (new members count as the clerk's customers) or, for a
 * manager, the store's. On WeChat it can be saved to the photo album for printing.
 */
import { useCallback, useState } from 'react';
import Taro from '@tarojs/taro';
import { Image, Text, View } from '@tarojs/components';
import type { StaffView } from '@/contracts/staff';
import { callFunction } from '@/services/cloud';
import { useCall } from '@/services/useCall';
import { ErrorView, LoadingView } from '@/components/StatusView';
import { Button } from '@/components/nut';
import { PrivacyGate } from '@/components/PrivacyGate';
import { StaffGate } from '../../StaffGate';
import './index.less';

export default function QrcodePage() {
  return <StaffGate needsStore>{(staff) => <Checkout staff={staff} />}</StaffGate>;
}

/** The image's own type from its first bytes (PNG or JPEG), as a data URI. */
function imageSource(base64: string): { uri: string; ext: 'png' | 'jpg'; data: string } {
  const data = base64.replace(/^data:image\/\w+;base64,/, '');
  const ext = data.startsWith('/9j/') ? 'jpg' : 'png';
  return { uri: `data:image/${ext === 'jpg' ? 'jpeg' : 'png'};base64,${data}`, ext, data };
}

function Checkout({ staff }: { staff: StaffView }) {
  const code = useCall(() => callFunction('staff', { action: 'getCheckoutCode' }), []);
  const [saving, setSaving] = useState(false);
  const [note, setNote] = useState<{ ok: boolean; text: string } | null>(null);

  const save = useCallback(async () => {
    if (!code.data) return;
    setSaving(true);
    setNote(null);
    try {
      const { data, ext } = imageSource(code.data.imageBase64);
      const filePath = `${Taro.env.USER_DATA_PATH}/checkout-${staff.staffId}.${ext}`;
      await new Promise<void>((resolve, reject) =>
        Taro.getFileSystemManager().writeFile({
          filePath,
          data,
          encoding: 'base64',
          success: () => resolve(),
          fail: reject,
        }),
      );
      await Taro.saveImageToPhotosAlbum({ filePath });
      setNote({ ok: true, text: '已保存到相册，可打印后摆在收银台' });
    } catch (e) {
      const msg = String((e as { errMsg?: string })?.errMsg ?? '');
      setNote({
        ok: false,
        text: /auth|deny|denied/i.test(msg)
          ? '没有相册权限：请在右上角「···」→ 设置中允许保存到相册'
          : /cancel/i.test(msg)
            ? '已取消保存'
            : '保存失败，请稍后重试',
      });
    } finally {
      setSaving(false);
    }
  }, [code.data, staff.staffId]);

  if (code.loading && !code.data) {
    return (
      <View className="page">
        <LoadingView text="正在生成开卡码…" />
      </View>
    );
  }
  if (code.error || !code.data) {
    return (
      <View className="page">
        <ErrorView message={code.error?.message ?? '开卡码生成失败'} onRetry={code.reload} />
      </View>
    );
  }
  const c = code.data;
  const img = imageSource(c.imageBase64);
  return (
    <View className="page staff qrcode" data-testid="qrcode">
      <PrivacyGate reason="把收银码保存到相册" />
      <View className="qrcode__card">
        <Text className="qrcode__store">{c.storeName}</Text>
        <Text className="qrcode__who">{c.clerkName ? `导购 ${c.clerkName}` : '门店开卡码'}</Text>
        <Image className="qrcode__image" src={img.uri} mode="aspectFit" showMenuByLongpress />
        <Text className="qrcode__call">微信扫一扫 · 加入会员 · 领新人礼</Text>
      </View>
      <View className="staff-actions">
        {process.env.TARO_ENV === 'weapp' ? (
          <Button
            id="save-qrcode"
            type="primary"
            size="large"
            block
            disabled={saving}
            onClick={() => void save()}
          >
            {saving ? '正在保存…' : '保存到相册'}
          </Button>
        ) : (
          <Text className="qrcode__hint muted">浏览器预览：长按或右键图片即可保存</Text>
        )}
        {note ? (
          <View className={note.ok ? 'qrcode__ok' : 'error-text'} data-testid="qrcode-note">
            {note.text}
          </View>
        ) : null}
      </View>
      <Text className="qrcode__scene muted">
        {c.clerkName ? '顾客通过此码注册，将成为你的专属顾客' : '顾客通过此码注册，计入本店'}
      </Text>
    </View>
  );
}
