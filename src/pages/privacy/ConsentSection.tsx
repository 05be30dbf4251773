/**
 * The member's consents, each withdrawable here (domain/consent.ts):
 * - the privacy notice agreed to at signup — the basis for the birthday greeting and the
 *   level change notice. Withdrawn (`setPrivacyConsent`, after saying what it does), no
 *   message is sent and unused reminders lapse; the membership stays. Given again, or to a
 *   newer version, with the version of the notice shown;
 * - promotions (`setMarketingConsent`), which need the privacy consent as well.
 */
import { useState } from 'react';
import { Text, View } from '@tarojs/components';
import type { ProfileView } from '@/contracts/member';
import { callFunction } from '@/services/cloud';
import { toCallError } from '@/services/useCall';
import { ConfirmSheet } from '@/components/ConfirmSheet';
import { formatFullDateTime } from '@/components/format';
import { Button, Switch } from '@/components/nut';

const WITHDRAW_CONSEQUENCES =
  '撤回后，我们不再向您发送生日祝福、等级变动通知和优惠活动信息，已开启的提醒一并作废。' +
  '您仍是会员，积分、优惠券和消费记录照常可用；如需删除这些资料，请注销会员。您可以随时重新同意。';

type Props = {
  profile: ProfileView;
  /** the current notice's version (getPrivacyNotice); null while loading */
  version: string | null;
  onProfile: (profile: ProfileView) => void;
};

export function ConsentSection({ profile, version, onProfile }: Props) {
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const [asking, setAsking] = useState(false);
  const consent = profile.privacyConsent;
  const outdated = consent !== null && version !== null && consent.version !== version;

  const run = async (call: () => Promise<ProfileView>) => {
    setBusy(true);
    setError(null);
    try {
      onProfile(await call());
      setAsking(false);
    } catch (e) {
      setError(toCallError(e).message);
    } finally {
      setBusy(false);
    }
  };
  const setPrivacy = (granted: boolean) =>
    run(() =>
      callFunction(
        'member',
        granted
          ? { action: 'setPrivacyConsent', granted, consentVersion: version ?? undefined }
          : { action: 'setPrivacyConsent', granted },
      ),
    );
  const setMarketing = (granted: boolean) =>
    run(() => callFunction('member', { action: 'setMarketingConsent', granted }));

  return (
    <View className="section">
      <View className="section-title">您的同意</View>
      <View className="privacy__setting">
        <View className="privacy__setting-text">
          <Text className="privacy__setting-name">隐私保护说明</Text>
          <Text
            className="privacy__setting-desc privacy__consent-record"
            data-testid="consent-record"
          >
            {consent
              ? `您已于 ${formatFullDateTime(consent.at)} 同意（${consent.version} 版）`
              : '您已撤回同意：不发送生日祝福和会员通知，积分与优惠券照常可用'}
          </Text>
        </View>
        {consent && !outdated ? (
          <Button
            id="withdraw-privacy"
            size="small"
            fill="outline"
            disabled={busy}
            onClick={() => setAsking(true)}
          >
            撤回同意
          </Button>
        ) : (
          <Button
            id="grant-privacy"
            type="primary"
            size="small"
            disabled={busy || !version}
            onClick={() => void setPrivacy(true)}
          >
            {outdated ? '同意新版本' : '重新同意'}
          </Button>
        )}
      </View>
      {outdated ? (
        <Text className="privacy__text" data-testid="consent-outdated">
          隐私保护说明已更新为 {version} 版（见上方），同意后继续为您发送生日祝福和会员通知。
        </Text>
      ) : null}

      <View className="privacy__setting">
        <View className="privacy__setting-text">
          <Text className="privacy__setting-name">接收优惠活动信息</Text>
          <Text className="privacy__setting-desc">
            开启后，我们才会向您发送促销活动和优惠信息，可随时关闭；关闭不影响生日祝福和等级变动提醒
          </Text>
        </View>
        <Switch
          className="marketing-switch"
          checked={profile.marketingConsent}
          disabled={busy || !consent}
          loadingIcon={null}
          onChange={(on) => void setMarketing(on)}
        />
      </View>
      {error && !asking ? <View className="error-text">{error}</View> : null}

      <ConfirmSheet
        id="withdraw-privacy"
        open={asking}
        title="撤回对隐私保护说明的同意？"
        confirmText="撤回同意"
        busy={busy}
        busyText="正在撤回…"
        error={asking ? error : null}
        danger
        onConfirm={() => void setPrivacy(false)}
        onCancel={() => setAsking(false)}
      >
        <Text className="privacy__text">{WITHDRAW_CONSEQUENCES}</Text>
      </ConfirmSheet>
    </View>
  );
}
