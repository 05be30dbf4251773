/**
 * Account deletion (`deleteAccount`, confirmed by typing 「注销」): what is erased and what
 * is kept, and the screen after it, from where the shopper is a visitor again.
 */
import { useState } from 'react';
import { Text, View } from '@tarojs/components';
import { callFunction } from '@/services/cloud';
import { toCallError } from '@/services/useCall';
import { restartApp } from '@/services/nav';
import { forgetScene } from '@/services/scene';
import { Sheet } from '@/components/Sheet';
import { Button, Input } from '@/components/nut';

const CONFIRM_WORD = '注销';
const DELETE_CONSEQUENCES = [
  '手机号、称呼、性别、生日和偏好将被删除',
  '剩余积分和未使用的优惠券将作废',
  '消费与积分账目仅以匿名形式保留，用于门店对账',
  '之后可用同一手机号重新注册，但不再享有新人礼',
];

export function DeleteSection({ onDeleted }: { onDeleted: () => void }) {
  const [confirming, setConfirming] = useState(false);
  return (
    <View className="section">
      <View className="section-title">注销会员</View>
      <Text className="privacy__text">
        注销后，您的手机号、称呼、生日等资料将被删除，积分和优惠券随之作废，无法恢复。
      </Text>
      <Button
        id="delete-account"
        className="privacy__button privacy__danger"
        type="danger"
        fill="outline"
        block
        onClick={() => setConfirming(true)}
      >
        注销会员
      </Button>
      <DeleteSheet open={confirming} onClose={() => setConfirming(false)} onDeleted={onDeleted} />
    </View>
  );
}

function DeleteSheet({
  open,
  onClose,
  onDeleted,
}: {
  open: boolean;
  onClose: () => void;
  onDeleted: () => void;
}) {
  const [typed, setTyped] = useState('');
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const ready = typed.trim() === CONFIRM_WORD;

  const confirm = async () => {
    if (!ready) return;
    setBusy(true);
    setError(null);
    try {
      await callFunction('member', { action: 'deleteAccount', confirm: CONFIRM_WORD });
      forgetScene();
      onDeleted();
    } catch (e) {
      setError(toCallError(e).message);
    } finally {
      setBusy(false);
    }
  };

  return (
    <Sheet open={open} title="确认注销会员？" className="delete-sheet">
      <View className="delete-sheet__list">
        {DELETE_CONSEQUENCES.map((line) => (
          <View key={line} className="delete-sheet__item">
            <View className="delete-sheet__dot" />
            <Text className="delete-sheet__line">{line}</Text>
          </View>
        ))}
      </View>
      <Text className="delete-sheet__ask">请输入「{CONFIRM_WORD}」确认</Text>
      <View className="delete-sheet__input">
        <Input
          // NutUI's default clear icon is an <i>, which weapp cannot render
          clearIcon={<View />}
          placeholder={CONFIRM_WORD}
          maxLength={4}
          value={typed}
          onChange={(v) => setTyped(v)}
        />
      </View>
      {error ? <View className="error-text">{error}</View> : null}
      <View className="delete-sheet__actions">
        <Button
          id="cancel-delete"
          className="delete-sheet__button"
          type="default"
          fill="outline"
          onClick={onClose}
        >
          再想想
        </Button>
        <Button
          id="confirm-delete"
          className="delete-sheet__button"
          type="danger"
          disabled={!ready || busy}
          onClick={() => void confirm()}
        >
          {busy ? '正在注销…' : '确认注销'}
        </Button>
      </View>
    </Sheet>
  );
}

export function Deleted() {
  return (
    <View className="page privacy-deleted" data-testid="account-deleted">
      <View className="privacy-deleted__mark">
        <View className="privacy-deleted__check" />
      </View>
      <Text className="privacy-deleted__title">会员已注销</Text>
      <Text className="privacy-deleted__text">
        您的手机号、称呼和生日已删除。感谢一路相伴，欢迎随时回来。
      </Text>
      <Button
        id="after-delete"
        className="privacy-deleted__button"
        type="primary"
        size="large"
        block
        onClick={restartApp}
      >
        返回首页
      </Button>
    </View>
  );
}
