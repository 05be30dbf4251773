/**
 * Bind this WeChat identity to a staff profile with a one-time invite code from a
 * manager or HQ (`staff.bindInvite`). Opened from the workbench or from an invite a
 * manager shared (`?code=…` fills the code in).
 */
import { useCallback, useState } from 'react';
import Taro, { useRouter } from '@tarojs/taro';
import { Text, View } from '@tarojs/components';
import type { StaffView } from '@/contracts/staff';
import { callFunction } from '@/services/cloud';
import { WORKBENCH_URL, rememberStaff } from '@/services/staffHint';
import { toCallError } from '@/services/useCall';
import { Button, Input } from '@/components/nut';
import { staffLine } from '../../useStaff';
import '../../staff.less';
import './index.less';

export default function Bind() {
  const router = useRouter();
  const [code, setCode] = useState(() =>
    router.params.code ? decodeURIComponent(router.params.code) : '',
  );
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const [bound, setBound] = useState<StaffView | null>(null);

  const bind = useCallback(async () => {
    const value = code.replace(/\s/g, '');
    if (value.length < 6 || value.length > 16) {
      setError('请输入 6–16 位邀请码');
      return;
    }
    setBusy(true);
    setError(null);
    try {
      const { staff } = await callFunction('staff', { action: 'bindInvite', code: value });
      rememberStaff(staff);
      setBound(staff);
    } catch (e) {
      setError(toCallError(e).message);
    } finally {
      setBusy(false);
    }
  }, [code]);

  if (bound) {
    return (
      <View className="page staff">
        <View className="staff-block" data-testid="bind-done">
          <View className="staff-block__badge">
            <Text>✓</Text>
          </View>
          <Text className="staff-block__title bind__welcome">欢迎你，{bound.name}</Text>
          <Text className="staff-block__text bind__role">已绑定为 {staffLine(bound)}</Text>
          <Button
            id="go-workbench"
            className="staff-block__action"
            type="primary"
            size="large"
            block
            onClick={() => void Taro.redirectTo({ url: WORKBENCH_URL })}
          >
            进入工作台
          </Button>
        </View>
      </View>
    );
  }

  return (
    <View className="page staff bind">
      <View className="staff-hero">
        <Text className="staff-hero__eyebrow">员工绑定</Text>
        <Text className="staff-hero__name">输入邀请码</Text>
        <Text className="staff-hero__line">邀请码由店长或总部生成，只能使用一次</Text>
      </View>
      <View className="section">
        <View className="bind__field">
          <Input
            className="bind__input"
            type="text"
            maxLength={16}
            placeholder="请输入邀请码"
            value={code}
            onChange={(v) => setCode(v)}
            onConfirm={() => void bind()}
          />
        </View>
        <Button
          id="bind-submit"
          className="bind__submit"
          type="primary"
          size="large"
          block
          disabled={busy}
          onClick={() => void bind()}
        >
          {busy ? '正在绑定…' : '绑定员工身份'}
        </Button>
        {error ? (
          <View className="error-text" data-testid="bind-error">
            {error}
          </View>
        ) : null}
        <Text className="bind__note muted">
          绑定后，此微信号即可使用收银台等店员功能。如需解绑请联系总部。
        </Text>
      </View>
    </View>
  );
}
