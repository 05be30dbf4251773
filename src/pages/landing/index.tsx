/**
 * Landing and signup for a shopper who scanned a store's checkout code.
 *
 * Steps: read the privacy notice (`getPrivacyNotice`: the text and version HQ keeps in
 * settings) → agree (on weapp the agree button's `agreeprivacyauthorization` event, which
 * also lets a waiting privacy API go on: services/privacy.ts) → share the phone number
 * (WeChat phone button; on the local H5 build a typed number becomes the emulator's dev
 * code) → `member.signup` with the version read → the new-member gift, then the card.
 * Nothing personal is asked for before the agree step. One signup at a time: the phone
 * button is disabled natively while one is in flight and a second event is ignored (each
 * number WeChat hands over is billed). A notice changed meanwhile (CONSENT.OUTDATED) is
 * shown again to agree to.
 */
import { useCallback, useEffect, useRef, useState } from 'react';
import Taro, { useRouter } from '@tarojs/taro';
import { Text, View } from '@tarojs/components';
import type { SceneInfo } from '@/contracts/member';
import { callFunction } from '@/services/cloud';
import { toCallError, useCall } from '@/services/useCall';
import { forgetScene, rememberScene, rememberedScene, sceneFromParams } from '@/services/scene';
import { agreedByButton, onPrivacyNeeded, privacyApiAvailable } from '@/services/privacy';
import { GiftTicket } from '@/components/GiftTicket';
import { OpenTypeButton } from '@/components/OpenTypeButton';
import { formatFen } from '@/components/format';
import { Button, Input, Skeleton } from '@/components/nut';
import { Done, type Outcome } from './Done';
import { PrivacyNotice } from './PrivacyNotice';
import './index.less';

const PRIVACY_BUTTON_ID = 'agree-privacy';

type Step = 'consent' | 'phone' | 'done';
type SceneState =
  | { kind: 'loading' }
  | { kind: 'none' }
  | { kind: 'ok'; scene: string; info: SceneInfo }
  | { kind: 'invalid'; message: string };

export default function Landing() {
  const router = useRouter();
  const [scene, setScene] = useState<SceneState>({ kind: 'loading' });
  const [step, setStep] = useState<Step>('consent');
  const [submitting, setSubmitting] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const [outcome, setOutcome] = useState<Outcome | null>(null);
  const [phone, setPhone] = useState('');
  // one signup at a time: a second phone event while one is in flight would bill a second number
  const inFlight = useRef(false);
  // what the new-member gift is today (HQ may change it); the function grants it at signup
  const settings = useCall(() => callFunction('member', { action: 'getSettings' }), []);
  // the privacy notice and its version, as HQ keeps them; the version agreed to is sent back
  const notice = useCall(() => callFunction('member', { action: 'getPrivacyNotice' }), []);
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

  // WeChat waits for the agreement before a personal-data API (the app's one listener)
  useEffect(
    () =>
      onPrivacyNeeded(() => {
        setStep('consent');
        setError('请先阅读并同意隐私保护说明');
      }),
    [],
  );

  const advance = useCallback(() => {
    setError(null);
    setStep((s) => (s === 'consent' ? 'phone' : s));
  }, []);
  const version = notice.data?.version ?? null;
  // weapp: only the agree button's own event counts as the agreement WeChat waits for
  const onAgreeEvent = useCallback(() => {
    agreedByButton(PRIVACY_BUTTON_ID);
    advance();
  }, [advance]);
  const onAgreeTap = useCallback(() => {
    if (!privacyApiAvailable()) advance();
  }, [advance]);

  const signup = useCallback(
    async (phoneCode: string) => {
      if (inFlight.current || !version) return;
      inFlight.current = true;
      setSubmitting(true);
      setError(null);
      try {
        const res = await callFunction('member', {
          action: 'signup',
          phoneCode,
          scene: scene.kind === 'ok' ? scene.scene : undefined,
          consentVersion: version,
        });
        forgetScene();
        setOutcome({ created: res.created, gift: res.giftCoupon, refusal: res.giftRefusal });
        setStep('done');
      } catch (e) {
        const err = toCallError(e);
        setError(err.message);
        if (err.code === 'CONSENT.OUTDATED') {
          // HQ changed the notice meanwhile: show the new one, ask again
          setStep('consent');
          void notice.reload();
        }
      } finally {
        inFlight.current = false;
        setSubmitting(false);
      }
    },
    [scene, version, notice],
  );

  const onGetPhoneNumber = useCallback(
    (e: { detail: { code?: string; errMsg?: string } }) => {
      if (inFlight.current) return;
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

      <PrivacyNotice notice={notice} />

      <View className="landing__action" data-testid={`step-${step}`}>
        {step === 'consent' ? (
          // the agree button appears with the notice it agrees to
          version ? (
            <>
              {process.env.TARO_ENV === 'weapp' ? (
                <Button
                  id={PRIVACY_BUTTON_ID}
                  className="landing__cta"
                  type="primary"
                  size="large"
                  block
                  openType="agreePrivacyAuthorization"
                  onAgreePrivacyAuthorization={onAgreeEvent}
                  onClick={onAgreeTap}
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
                  onClick={advance}
                >
                  同意并继续
                </Button>
              )}
              <Text className="landing__fineprint">
                点击即表示您已阅读并同意以上隐私保护说明（{version} 版）
              </Text>
            </>
          ) : null
        ) : process.env.TARO_ENV === 'weapp' ? (
          <>
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
