/**
 * Landing and signup for a shopper who scanned a store's checkout code.
 *
 * Steps: the pitch (Pitch.tsx) → read the privacy notice (PrivacyNotice.tsx:
 * `getPrivacyNotice`, the text and version HQ keeps in settings) → agree (ConsentStep.tsx)
 * → share the phone number (PhoneStep.tsx) → `member.signup` with the version read
 * (useSignup.ts) → the done screen with the new-member gift (Done.tsx), then the card.
 * Nothing personal is asked for before the agree step; a refusal is shown at the control
 * that was tapped (StepError.tsx). A member opening this page (a reload right after signup
 * included) never sees the pitch again: the kept done screen, or the card (signupDone.ts).
 */
import { useCallback, useEffect, useState } from 'react';
import Taro, { useRouter } from '@tarojs/taro';
import { View } from '@tarojs/components';
import { callFunction } from '@/services/cloud';
import { toCallError, useCall } from '@/services/useCall';
import { rememberScene, rememberedScene, sceneFromParams } from '@/services/scene';
import { onPrivacyNeeded } from '@/services/privacy';
import { LoadingView } from '@/components/StatusView';
import { ConsentStep } from './ConsentStep';
import { Done, type Outcome } from './Done';
import { PhoneStep } from './PhoneStep';
import { Pitch, type SceneState } from './Pitch';
import { PrivacyNotice } from './PrivacyNotice';
import { StaffEntryLink } from '@/components/StaffEntryLink';
import { StepError } from './StepError';
import { forgetSignupDone, rememberSignupDone, signupDoneOf } from './signupDone';
import { useSignup, type SignupDone } from './useSignup';
import './index.less';

type Step = 'consent' | 'phone';
/** who opened the page: asked first, so a member is never shown the join pitch */
type Visitor = { kind: 'checking' } | { kind: 'visitor' } | { kind: 'done'; outcome: Outcome };

const CARD_URL = '/pages/card/index';

export default function Landing() {
  const router = useRouter();
  const [visitor, setVisitor] = useState<Visitor>({ kind: 'checking' });
  const [scene, setScene] = useState<SceneState>({ kind: 'loading' });
  const [step, setStep] = useState<Step>('consent');
  // what the new-member gift is today (HQ may change it); the function grants it at signup
  const settings = useCall(() => callFunction('member', { action: 'getSettings' }), []);
  // the privacy notice and its version, as HQ keeps them; the version agreed to is sent back
  const notice = useCall(() => callFunction('member', { action: 'getPrivacyNotice' }), []);
  const gift = settings.data?.newMemberGift;
  const version = notice.data?.version ?? null;

  useEffect(() => {
    // a member (a reload right after signup, a back button) sees their done screen or card;
    // if the question fails, the page goes on as for a visitor (signup links a member anyway)
    callFunction('member', { action: 'me' })
      .then((me) => {
        if (me.status !== 'member') return setVisitor({ kind: 'visitor' });
        const outcome = signupDoneOf(me.memberId);
        if (outcome) return setVisitor({ kind: 'done', outcome });
        void Taro.redirectTo({ url: CARD_URL });
      })
      .catch(() => setVisitor({ kind: 'visitor' }));

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

  const onDone = useCallback(({ memberId, outcome }: SignupDone) => {
    rememberSignupDone(memberId, outcome);
    setVisitor({ kind: 'done', outcome });
  }, []);
  const onOutdated = useCallback(() => {
    // HQ changed the notice meanwhile: show the new one, ask again
    setStep('consent');
    void notice.reload();
  }, [notice]);
  const signup = useSignup({
    scene: scene.kind === 'ok' ? scene.scene : undefined,
    version,
    onDone,
    onOutdated,
  });
  const { fail } = signup;

  // WeChat waits for the agreement before a personal-data API (the app's one listener)
  useEffect(
    () =>
      onPrivacyNeeded(() => {
        setStep('consent');
        fail('请先阅读并同意隐私保护说明');
      }),
    [fail],
  );

  const agreed = useCallback(() => {
    fail(null);
    setStep('phone');
  }, [fail]);
  const goCard = useCallback(() => {
    forgetSignupDone();
    void Taro.redirectTo({ url: CARD_URL });
  }, []);

  if (visitor.kind === 'done') return <Done outcome={visitor.outcome} onNext={goCard} />;
  if (visitor.kind === 'checking') {
    return (
      <View className="page landing" data-testid="landing-checking">
        <LoadingView />
      </View>
    );
  }

  return (
    <View className="page landing">
      <Pitch scene={scene} gift={gift} />
      <PrivacyNotice notice={notice} />
      <View className="landing__action" data-testid={`step-${step}`}>
        {step === 'consent' ? (
          // the agree button appears with the notice it agrees to
          version ? (
            <>
              <StepError message={signup.error.message} seq={signup.error.seq} />
              <ConsentStep version={version} onAgreed={agreed} />
            </>
          ) : null
        ) : (
          <PhoneStep
            submitting={signup.submitting}
            giftOn={gift ? gift.enabled : true}
            error={signup.error}
            onRefused={fail}
            onPhoneCode={(code) => void signup.submit(code)}
          />
        )}
      </View>
      <StaffEntryLink />
    </View>
  );
}
