/**
 * Landing and signup for a shopper who scanned a store's checkout code.
 *
 * Steps: read the privacy promise → agree (WeChat's privacy agreement on weapp) → share
 * the phone number (WeChat phone button; on the local H5 build a typed number becomes the
 * emulator's dev code) → `member.signup` → the new-member gift, then the card.
 * Nothing personal is asked for before the agree step.
 */
import { useCallback, useEffect, useRef, useState } from 'react';
import Taro, { useRouter } from '@tarojs/taro';
import { Text, View } from '@tarojs/components';
import type { CouponView, SceneInfo } from '@/contracts/member';
import { callFunction } from '@/services/cloud';
import { toCallError, useCall } from '@/services/useCall';
import { forgetScene, rememberScene, rememberedScene, sceneFromParams } from '@/services/scene';
import { GiftTicket } from '@/components/GiftTicket';
import { subscribeSummary, useSubscribePrompt } from '@/components/SubscribePrompt';
import { formatDate, formatFen } from '@/components/format';
import { Button, Input, Skeleton } from '@/components/nut';
import { StaffEntryLink } from '@/components/StaffEntryLink';
import './index.less';

/** Version of the privacy text below; recorded with the member's consent. */
const CONSENT_VERSION = '2026-11';
const PROMISE = '绝不推送广告，仅用于生日祝福与专属福利';
const PRIVACY_BUTTON_ID = 'agree-privacy';

type Step = 'consent' | 'phone' | 'done';
type SceneState =
  | { kind: 'loading' }
  | { kind: 'none' }
  | { kind: 'ok'; scene: string; info: SceneInfo }
  | { kind: 'invalid'; message: string };
type Outcome = { created: boolean; gift: CouponView | null };
type PrivacyResolve = (result: { buttonId?: string; event: 'agree' | 'disagree' }) => void;

export default function Landing() {
  const router = useRouter();
  const [scene, setScene] = useState<SceneState>({ kind: 'loading' });
  const [step, setStep] = useState<Step>('consent');
  const [submitting, setSubmitting] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const [outcome, setOutcome] = useState<Outcome | null>(null);
  const [phone, setPhone] = useState('');
  const pendingPrivacy = useRef<PrivacyResolve | null>(null);
  // what the new-member gift is today (HQ may change it); the function grants it at signup
  const settings = useCall(() => callFunction('member', { action: 'getSettings' }), []);
  const gift = settings.data?.newMemberGift;
  const giftOn = gift ? gift.enabled : true;

  useEffect(() => {
    const fromUrl = sceneFromParams(router.params);
    if (fromUrl) rememberScene(fromUrl);
    const value = fromUrl ?? rememberedScene();
    if (!value) {
      setScene({ kind: 'none' });
      return;
    }
    callFunction('member', { action: 'resolveScene', scene: value })
      .then((info) => setScene({ kind: 'ok', scene: value, info }))
      .catch((e) => setScene({ kind: 'invalid', message: toCallError(e).message }));
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, []);

  // WeChat asks before any personal-data API when the user has not agreed yet.
  useEffect(() => {
    if (process.env.TARO_ENV !== 'weapp') return;
    if (typeof Taro.onNeedPrivacyAuthorization !== 'function') return;
    try {
      Taro.onNeedPrivacyAuthorization((resolve) => {
        pendingPrivacy.current = resolve as PrivacyResolve;
        setStep('consent');
        setError('请先阅读并同意隐私保护说明');
      });
    } catch {
      // base library without the privacy API: the agree step below still gates signup
    }
  }, []);

  const agree = useCallback(() => {
    pendingPrivacy.current?.({ buttonId: PRIVACY_BUTTON_ID, event: 'agree' });
    pendingPrivacy.current = null;
    setError(null);
    setStep((s) => (s === 'consent' ? 'phone' : s));
  }, []);

  const signup = useCallback(
    async (phoneCode: string) => {
      setSubmitting(true);
      setError(null);
      try {
        const res = await callFunction('member', {
          action: 'signup',
          phoneCode,
          scene: scene.kind === 'ok' ? scene.scene : undefined,
          consentVersion: CONSENT_VERSION,
        });
        forgetScene();
        setOutcome({ created: res.created, gift: res.giftCoupon });
        setStep('done');
      } catch (e) {
        setError(toCallError(e).message);
      } finally {
        setSubmitting(false);
      }
    },
    [scene],
  );

  const onGetPhoneNumber = useCallback(
    (e: { detail: { code?: string; errMsg?: string } }) => {
      const code = e.detail?.code;
      if (!code) {
        setError('需要授权手机号才能注册会员，请再点一次');
        return;
      }
      void signup(code);
    },
    [signup],
  );

  const onSubmitPhone = useCallback(() => {
    const digits = phone.replace(/\s/g, '');
    if (!/^1[3-9]\d{9}$/.test(digits)) {
      setError('请输入 11 位手机号');
      return;
    }
    // The local emulator's stand-in for WeChat's one-time phone code.
    void signup(`dev_${digits}_${Math.random().toString(36).slice(2, 8)}`);
  }, [phone, signup]);

  const goCard = useCallback(() => {
    void Taro.redirectTo({ url: '/pages/card/index' });
  }, []);

  if (step === 'done' && outcome) return <Done outcome={outcome} onNext={goCard} />;

  return (
    <View className="page landing">
      <View className="landing__hero">
        <SceneHeader scene={scene} />
      </View>

      {giftOn ? (
        <View className="landing__gift" data-testid="gift-preview">
          {gift ? (
            <GiftTicket
              amount={formatFen(gift.amountFen)}
              title="新人礼 · 无门槛券"
              note={`注册即到账，${gift.validDays} 天内全场可用`}
              badge="限新会员"
            />
          ) : (
            <View className="landing__gift-loading">
              <Skeleton rows={2} animated />
            </View>
          )}
        </View>
      ) : (
        <View className="landing__gift landing__gift--none" />
      )}

      <View className="section">
        <View className="section-title">会员可享</View>
        <View className="landing__perks">
          <Perk mark="积" title="消费积分" text="积分可兑换好礼" />
          <Perk mark="寿" title="生日福利" text="生日月专属礼遇" />
          <Perk mark="惠" title="会员专享" text="不定期专属优惠券" />
        </View>
      </View>

      <View className="section landing__privacy" data-testid="privacy">
        <View className="section-title">隐私保护承诺</View>
        <View className="landing__promise">
          <Text className="landing__promise-text">{PROMISE}</Text>
        </View>
        <View className="landing__facts">
          <Fact label="只收集" text="您的手机号（由微信授权，不需要填写其他资料）" />
          <Fact label="用于" text="识别会员身份、记录积分与优惠券、发送生日祝福" />
          <Fact label="您可以" text="随时撤回同意或注销会员，我们会删除您的资料" />
        </View>
      </View>

      <View className="landing__action" data-testid={`step-${step}`}>
        {step === 'consent' ? (
          <>
            {process.env.TARO_ENV === 'weapp' ? (
              <Button
                id={PRIVACY_BUTTON_ID}
                className="landing__cta"
                type="primary"
                size="large"
                block
                openType="agreePrivacyAuthorization"
                onAgreePrivacyAuthorization={agree}
                onClick={agree}
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
                onClick={agree}
              >
                同意并继续
              </Button>
            )}
            <Text className="landing__fineprint">
              点击即表示您已阅读并同意以上隐私保护说明（{CONSENT_VERSION} 版）
            </Text>
          </>
        ) : process.env.TARO_ENV === 'weapp' ? (
          <>
            <Button
              id="get-phone"
              className="landing__cta"
              type="primary"
              size="large"
              block
              disabled={submitting}
              openType="getPhoneNumber"
              onGetPhoneNumber={onGetPhoneNumber}
            >
              {submitting ? '正在注册…' : '微信手机号一键注册'}
            </Button>
            <Text className="landing__fineprint">仅获取手机号，用于识别您的会员身份</Text>
          </>
        ) : (
          <>
            <View className="landing__phone">
              <Input
                className="landing__phone-input"
                type="tel"
                maxLength={11}
                placeholder="请输入手机号"
                value={phone}
                onChange={(v) => setPhone(v)}
              />
            </View>
            <Button
              id="submit-phone"
              className="landing__cta"
              type="primary"
              size="large"
              block
              disabled={submitting}
              onClick={onSubmitPhone}
            >
              {submitting ? '正在注册…' : giftOn ? '注册并领取新人礼' : '注册会员'}
            </Button>
            <Text className="landing__fineprint">本地预览：输入的手机号将代替微信授权</Text>
          </>
        )}
        {error ? (
          <View className="error-text" data-testid="signup-error">
            {error}
          </View>
        ) : null}
      </View>
      <StaffEntryLink />
    </View>
  );
}

function SceneHeader({ scene }: { scene: SceneState }) {
  if (scene.kind === 'loading') {
    return (
      <View className="landing__welcome">
        <Skeleton rows={2} animated className="landing__skeleton" />
      </View>
    );
  }
  if (scene.kind === 'ok') {
    return (
      <View className="landing__welcome" data-testid="welcome">
        <Text className="landing__eyebrow">欢迎光临</Text>
        <Text className="landing__store" data-testid="store-name">
          {scene.info.storeName}
        </Text>
        {scene.info.clerkName ? (
          <Text className="landing__clerk" data-testid="clerk-name">
            导购 {scene.info.clerkName} 为您服务
          </Text>
        ) : (
          <Text className="landing__clerk">加入会员，每次购物都有回馈</Text>
        )}
      </View>
    );
  }
  return (
    <View className="landing__welcome" data-testid="welcome">
      <Text className="landing__eyebrow">欢迎加入</Text>
      <Text className="landing__store">门店会员</Text>
      {scene.kind === 'invalid' ? (
        <Text className="landing__scene-warning" data-testid="scene-error">
          {scene.message}
        </Text>
      ) : (
        <Text className="landing__clerk">加入会员，每次购物都有回馈</Text>
      )}
    </View>
  );
}

function Perk({ mark, title, text }: { mark: string; title: string; text: string }) {
  return (
    <View className="landing__perk">
      <View className="landing__perk-mark">
        <Text>{mark}</Text>
      </View>
      <Text className="landing__perk-title">{title}</Text>
      <Text className="landing__perk-text">{text}</Text>
    </View>
  );
}

function Fact({ label, text }: { label: string; text: string }) {
  return (
    <View className="landing__fact">
      <Text className="landing__fact-label">{label}</Text>
      <Text className="landing__fact-text">{text}</Text>
    </View>
  );
}

function Done({ outcome, onNext }: { outcome: Outcome; onNext: () => void }) {
  const gift = outcome.gift;
  const subscribe = useSubscribePrompt();
  const headline = gift
    ? `${formatFen(gift.amountFen)} 无门槛券已到账`
    : outcome.created
      ? '注册成功'
      : '欢迎回来';
  return (
    <View className="page landing landing--done" data-testid="signup-done">
      <View className="landing__done-head">
        <View className="landing__check">
          <View className="landing__check-mark" />
        </View>
        <Text className="landing__done-title">{outcome.created ? '欢迎成为会员' : '欢迎回来'}</Text>
        <Text className="landing__done-headline" data-testid="gift-headline">
          {headline}
        </Text>
        {!outcome.created ? (
          <Text className="landing__done-sub">已为您关联原有会员账号</Text>
        ) : null}
      </View>
      {gift ? (
        <View className="landing__done-gift">
          <GiftTicket
            amount={formatFen(gift.amountFen)}
            title={gift.title}
            note={`有效期至 ${formatDate(gift.validUntil)}`}
            badge="新人礼"
          />
          <Text className="landing__done-tip">结账时出示会员卡，店员为您核销</Text>
        </View>
      ) : null}
      <View className="landing__action">
        <View className="landing__subscribe">
          {subscribe.state.status === 'done' ? (
            <Text className="landing__subscribe-done" data-testid="subscribe-result">
              {subscribeSummary(subscribe.state.outcome)}
            </Text>
          ) : (
            <>
              <Button
                id="subscribe"
                className="landing__cta"
                type="primary"
                fill="outline"
                size="large"
                block
                disabled={subscribe.state.status === 'busy'}
                onClick={subscribe.ask}
              >
                开启生日祝福与到期提醒
              </Button>
              <Text className="landing__fineprint">
                {subscribe.state.status === 'error'
                  ? subscribe.state.message
                  : '只在生日、优惠券快到期和积分变动时提醒您'}
              </Text>
            </>
          )}
        </View>
        <Button
          id="go-card"
          className="landing__cta"
          type="primary"
          size="large"
          block
          onClick={onNext}
        >
          查看我的会员卡
        </Button>
      </View>
      {subscribe.sheet}
    </View>
  );
}
