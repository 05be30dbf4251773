/**
 * Privacy and data rights: the notice as HQ keeps it in settings (`getPrivacyNotice`, the
 * same text the landing page shows), what we keep and why, the consents on record and their
 * withdrawal (ConsentSection.tsx), the reminders as they are (RemindersSection.tsx), a copy
 * of everything stored (ExportSection.tsx) and account deletion (DeleteSection.tsx), after
 * which the shopper is a visitor again.
 */
import { useEffect, useState } from 'react';
import Taro from '@tarojs/taro';
import { Text, View } from '@tarojs/components';
import type { PrivacyNotice, ProfileView, SubscriptionCredits } from '@/contracts/member';
import { callFunction } from '@/services/cloud';
import { useCall } from '@/services/useCall';
import { ErrorView, LoadingView } from '@/components/StatusView';
import { PrivacyGate } from '@/components/PrivacyGate';
import { ConsentSection } from './ConsentSection';
import { DeleteSection, Deleted } from './DeleteSection';
import { ExportSection } from './ExportSection';
import { RemindersSection } from './RemindersSection';
import './index.less';

/** What the page adds to the notice: each thing kept, and what for. */
const STORED: { what: string; why: string }[] = [
  { what: '手机号', why: '识别您的会员身份，一人一个会员账号' },
  { what: '称呼、性别、生日', why: '选填，用于称呼您、送上生日祝福和生日礼券' },
  { what: '偏好品类', why: '选填，用于为您挑选更合适的会员福利' },
  { what: '消费记录', why: '累计积分、计算会员等级，方便您查询' },
  { what: '积分与优惠券', why: '您的会员权益，结账时使用' },
  { what: '微信身份标识', why: '无需密码即可打开您的会员卡' },
  { what: '消息订阅', why: '您开启的提醒还可发送几次（微信每开启一次只允许发送一次）' },
  { what: '同意记录', why: '每次同意和撤回的版本与时间' },
];

export default function Privacy() {
  const loaded = useCall(() => callFunction('member', { action: 'getProfile' }), []);
  const notice = useCall(() => callFunction('member', { action: 'getPrivacyNotice' }), []);
  const [deleted, setDeleted] = useState(false);

  const notMember = loaded.error?.code === 'AUTH.NOT_MEMBER';
  useEffect(() => {
    if (notMember && !deleted) void Taro.redirectTo({ url: '/pages/landing/index' });
  }, [notMember, deleted]);

  if (deleted) return <Deleted />;
  if (loaded.error && !notMember) {
    return (
      <View className="page">
        <ErrorView message={loaded.error.message} onRetry={loaded.reload} />
      </View>
    );
  }
  if (!loaded.data) {
    return (
      <View className="page">
        <LoadingView />
      </View>
    );
  }
  return (
    <PrivacyBody profile={loaded.data} notice={notice.data} onDeleted={() => setDeleted(true)} />
  );
}

function PrivacyBody({
  profile: initial,
  notice,
  onDeleted,
}: {
  profile: ProfileView;
  notice: PrivacyNotice | null;
  onDeleted: () => void;
}) {
  const [profile, setProfile] = useState(initial);
  const subscriptions = useCall(() => callFunction('member', { action: 'getSubscriptions' }), []);
  const [credits, setCredits] = useState<SubscriptionCredits | null>(null);
  const shownCredits = credits ?? subscriptions.data?.credits ?? null;
  const consented = profile.privacyConsent !== null;

  const onProfile = (next: ProfileView) => {
    setProfile(next);
    // a withdrawal drops the unused reminders: show what the server now holds
    if (next.privacyConsent === null) setCredits(null);
    void subscriptions.reload();
  };

  return (
    <View className="page privacy" data-testid="privacy-page">
      <PrivacyGate reason="复制您的数据到剪贴板" />
      {notice ? (
        <>
          <View className="privacy__promise">
            <Text className="privacy__promise-label">我们的承诺</Text>
            <Text className="privacy__promise-text">{notice.promise}</Text>
          </View>
          <View className="section" data-testid="privacy-notice">
            <View className="section-title">隐私保护说明（{notice.version} 版）</View>
            <Rows rows={notice.facts.map((f) => ({ what: f.label, why: f.text }))} />
          </View>
        </>
      ) : null}

      <View className="section">
        <View className="section-title">我们保存的信息</View>
        <Rows rows={STORED} />
      </View>

      <ConsentSection profile={profile} version={notice?.version ?? null} onProfile={onProfile} />
      <RemindersSection credits={shownCredits} consented={consented} onCredits={setCredits} />
      <ExportSection />
      <DeleteSection onDeleted={onDeleted} />
    </View>
  );
}

function Rows({ rows }: { rows: { what: string; why: string }[] }) {
  return (
    <>
      {rows.map((s) => (
        <View key={s.what} className="privacy__row">
          <Text className="privacy__what">{s.what}</Text>
          <Text className="privacy__why">{s.why}</Text>
        </View>
      ))}
    </>
  );
}
