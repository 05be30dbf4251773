/**
 * The phone step. weapp: WeChat's phone button (`getPhoneNumber`: a one-time code the
 * function exchanges; each number handed over is billed, so the button is disabled while a
 * signup is in flight). H5 (local only): a typed number stands in for it — read the one way
 * (domain/phone.ts: normalised before the length limit, so a pasted 「139 1234 5678」 stays
 * whole) and becomes the emulator's dev code.
 */
import { useCallback, useState } from 'react';
import { Text, View } from '@tarojs/components';
import { checkPhone, phoneInputValue, PHONE_INPUT_MAX } from '@/domain/phone';
import { OpenTypeButton } from '@/components/OpenTypeButton';
import { Button, Input } from '@/components/nut';
import { StepError } from './StepError';

type Props = {
  submitting: boolean;
  giftOn: boolean;
  error: { message: string | null; seq: number };
  /** a refusal on this side (bad number, authorisation declined) */
  onRefused: (message: string) => void;
  onPhoneCode: (code: string) => void;
};

export function PhoneStep(props: Props) {
  return process.env.TARO_ENV === 'weapp' ? <WeChatPhone {...props} /> : <TypedPhone {...props} />;
}

function WeChatPhone({ submitting, error, onRefused, onPhoneCode }: Props) {
  const onGetPhoneNumber = useCallback(
    (e: { detail: { code?: string; errMsg?: string } }) => {
      if (submitting) return;
      const code = e.detail?.code;
      if (!code) {
        onRefused('需要授权手机号才能注册会员，请再点一次');
        return;
      }
      onPhoneCode(code);
    },
    [submitting, onRefused, onPhoneCode],
  );
  return (
    <>
      <StepError message={error.message} seq={error.seq} />
      <OpenTypeButton
        id="get-phone"
        className="landing__cta"
        disabled={submitting}
        openType="getPhoneNumber"
        onGetPhoneNumber={onGetPhoneNumber}
      >
        {submitting ? '正在注册…' : '微信手机号一键注册'}
      </OpenTypeButton>
      <Text className="landing__fineprint">仅获取手机号，用于识别您的会员身份</Text>
    </>
  );
}

function TypedPhone({ submitting, giftOn, error, onRefused, onPhoneCode }: Props) {
  const [phone, setPhone] = useState('');
  const submit = useCallback(() => {
    const checked = checkPhone(phone);
    if (!checked.ok) {
      onRefused(checked.message);
      return;
    }
    // The local emulator's stand-in for WeChat's one-time phone code.
    onPhoneCode(`dev_${checked.phone}_${Math.random().toString(36).slice(2, 8)}`);
  }, [phone, onRefused, onPhoneCode]);
  return (
    <>
      <View className={`landing__phone${error.message ? ' landing__phone--error' : ''}`}>
        <Input
          className="landing__phone-input"
          type="tel"
          // generous: the value is normalised (and cut) on every change, a paste included
          maxLength={PHONE_INPUT_MAX + 10}
          placeholder="请输入手机号"
          value={phone}
          onChange={(v) => setPhone(phoneInputValue(v))}
        />
      </View>
      <StepError message={error.message} seq={error.seq} />
      <Button
        id="submit-phone"
        className="landing__cta"
        type="primary"
        size="large"
        block
        disabled={submitting}
        onClick={submit}
      >
        {submitting ? '正在注册…' : giftOn ? '注册并领取新人礼' : '注册会员'}
      </Button>
      <Text className="landing__fineprint">本地预览：输入的手机号将代替微信授权</Text>
    </>
  );
}
