/**
 * Privacy and data rights: the promise, what we keep and why, the agreement on record,
 * the separate marketing consent (`setMarketingConsent`), message reminders, a copy of
 * everything stored (`exportData`: clipboard on weapp, also a file download on H5) and
 * account deletion (`deleteAccount`, confirmed by typing 「注销」), after which the shopper
 * is a visitor again.
 */
import { useEffect, useState } from 'react';
import Taro from '@tarojs/taro';
import { Text, View } from '@tarojs/components';
import type { ProfileView } from '@/contracts/member';
import { callFunction } from '@/services/cloud';
import { toCallError, useCall } from '@/services/useCall';
import { restartApp } from '@/services/nav';
import { forgetScene } from '@/services/scene';
import { ErrorView, LoadingView } from '@/components/StatusView';
import { Sheet } from '@/components/Sheet';
import { subscribeSummary, useSubscribePrompt } from '@/components/SubscribePrompt';
import { formatFullDateTime } from '@/components/format';
import { Button, Input, Switch } from '@/components/nut';
import { PrivacyGate } from '@/components/PrivacyGate';
import './index.less';

const CONFIRM_WORD = '注销';
const DELETE_CONSEQUENCES = [
  '手机号、称呼、性别、生日和偏好将被删除',
  '剩余积分和未使用的优惠券将作废',
  '消费与积分账目仅以匿名形式保留，用于门店对账',
  '之后可用同一手机号重新注册，但不再享有新人礼',
];

const STORED: { what: string; why: string }[] = [
  { what: '手机号', why: '识别您的会员身份，一人一个会员账号' },
  { what: '称呼、性别、生日', why: '选填，用于称呼您、送上生日祝福和礼券' },
  { what: '偏好品类', why: '选填，用于为您挑选更合适的会员福利' },
  { what: '消费记录', why: '累计积分、计算会员等级，方便您查询' },
  { what: '积分与优惠券', why: '您的会员权益，结账时使用' },
  { what: '微信身份标识', why: '无需密码即可打开您的会员卡' },
  { what: '同意记录', why: '记下您同意的版本和时间，您可随时撤回' },
];

/** Names of the exported collections, in the order the summary lists them. */
const EXPORT_LABELS: Record<string, string> = {
  member: '会员资料',
  orders: '消费记录',
  refunds: '退款记录',
  coupons: '优惠券',
  pointsLedger: '积分明细',
  pointLots: '积分批次',
  redemptions: '兑换记录',
  consents: '同意记录',
  subscriptions: '消息订阅',
  outbox: '消息记录',
  identities: '微信身份',
};

/** '会员资料 1 条，消费记录 23 条，…' (empty parts left out) */
function exportSummary(data: Record<string, unknown>): string {
  const count = (v: unknown) => (Array.isArray(v) ? v.length : v ? 1 : 0);
  const known = Object.keys(EXPORT_LABELS).filter((k) => count(data[k]) > 0);
  const others = Object.keys(data)
    .filter((k) => !(k in EXPORT_LABELS))
    .reduce((n, k) => n + count(data[k]), 0);
  const parts = known.map((k) => `${EXPORT_LABELS[k]} ${count(data[k])} 条`);
  if (others > 0) parts.push(`其他记录 ${others} 条`);
  return parts.join('，');
}

type Exported = { json: string; summary: string; url: string | null };

export default function Privacy() {
  const loaded = useCall(() => callFunction('member', { action: 'getProfile' }), []);
  // the promise as HQ keeps it in settings (the same text the landing page shows)
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
    <PrivacyBody
      profile={loaded.data}
      promise={notice.data?.promise ?? ''}
      onDeleted={() => setDeleted(true)}
    />
  );
}

function PrivacyBody({
  profile: initial,
  promise,
  onDeleted,
}: {
  profile: ProfileView;
  promise: string;
  onDeleted: () => void;
}) {
  const [profile, setProfile] = useState(initial);
  const [consentBusy, setConsentBusy] = useState(false);
  const [consentError, setConsentError] = useState<string | null>(null);
  const [exporting, setExporting] = useState(false);
  const [exported, setExported] = useState<Exported | null>(null);
  const [exportError, setExportError] = useState<string | null>(null);
  const [confirming, setConfirming] = useState(false);
  const subscribe = useSubscribePrompt();

  const setMarketing = async (granted: boolean) => {
    setConsentBusy(true);
    setConsentError(null);
    try {
      setProfile(await callFunction('member', { action: 'setMarketingConsent', granted }));
    } catch (e) {
      setConsentError(toCallError(e).message);
    } finally {
      setConsentBusy(false);
    }
  };

  const exportData = async () => {
    setExporting(true);
    setExportError(null);
    try {
      const res = await callFunction('member', { action: 'exportData' });
      const json = JSON.stringify(res, null, 2);
      const summary = `导出时间 ${formatFullDateTime(res.exportedAt)}：${exportSummary(res.data)}`;
      let url: string | null = null;
      if (process.env.TARO_ENV === 'h5') {
        if (exported?.url) URL.revokeObjectURL(exported.url);
        url = URL.createObjectURL(new Blob([json], { type: 'application/json' }));
      }
      // weapp: the clipboard is how a member takes the data out; H5 also has the file
      // (the summary below says it was copied, so WeChat's own toast is hidden)
      await Taro.setClipboardData({ data: json }).then(
        () => void Taro.hideToast(),
        () => undefined,
      );
      setExported({ json, summary, url });
    } catch (e) {
      setExportError(toCallError(e).message);
    } finally {
      setExporting(false);
    }
  };

  return (
    <View className="page privacy" data-testid="privacy-page">
      <PrivacyGate reason="复制您的数据到剪贴板" />
      {promise ? (
        <View className="privacy__promise">
          <Text className="privacy__promise-label">我们的承诺</Text>
          <Text className="privacy__promise-text">{promise}</Text>
        </View>
      ) : null}

      <View className="section">
        <View className="section-title">我们保存的信息</View>
        {STORED.map((s) => (
          <View key={s.what} className="privacy__row">
            <Text className="privacy__what">{s.what}</Text>
            <Text className="privacy__why">{s.why}</Text>
          </View>
        ))}
        <Text className="privacy__consent" data-testid="consent-record">
          {profile.privacyConsent
            ? `您已于 ${formatFullDateTime(profile.privacyConsent.at)} 同意《隐私保护说明》（${profile.privacyConsent.version} 版）`
            : '暂无同意记录'}
        </Text>
      </View>

      <View className="section">
        <View className="section-title">消息与提醒</View>
        <View className="privacy__setting">
          <View className="privacy__setting-text">
            <Text className="privacy__setting-name">接收会员专属福利</Text>
            <Text className="privacy__setting-desc">
              开启后，我们可能为您发送会员专属优惠；关闭不影响生日祝福、积分和优惠券提醒
            </Text>
          </View>
          <Switch
            className="marketing-switch"
            checked={profile.marketingConsent}
            disabled={consentBusy}
            loadingIcon={null}
            onChange={(on) => void setMarketing(on)}
          />
        </View>
        {consentError ? <View className="error-text">{consentError}</View> : null}
        <View className="privacy__setting">
          <View className="privacy__setting-text">
            <Text className="privacy__setting-name">生日祝福与到期提醒</Text>
            <Text className="privacy__setting-desc">
              {subscribe.state.status === 'done'
                ? subscribeSummary(subscribe.state.outcome)
                : subscribe.state.status === 'error'
                  ? subscribe.state.message
                  : '微信每次允许只发一条提醒，用完后可以在这里再次开启'}
            </Text>
          </View>
          <Button
            id="privacy-subscribe"
            type="primary"
            fill="outline"
            size="small"
            disabled={subscribe.state.status === 'busy'}
            onClick={subscribe.ask}
          >
            开启
          </Button>
        </View>
        {subscribe.sheet}
      </View>

      <View className="section">
        <View className="section-title">我的数据</View>
        <Text className="privacy__text">
          您可以随时获取我们保存的关于您的全部数据（JSON 格式）。
        </Text>
        <Button
          id="export-data"
          className="privacy__button"
          type="primary"
          fill="outline"
          block
          disabled={exporting}
          onClick={() => void exportData()}
        >
          {exporting ? '正在导出…' : '导出我的数据'}
        </Button>
        {exported ? (
          <View className="privacy__exported" data-testid="export-summary">
            <Text className="privacy__exported-title">已复制到剪贴板</Text>
            <Text className="privacy__exported-text">{exported.summary}</Text>
            {process.env.TARO_ENV === 'h5' && exported.url ? (
              <a className="privacy__download" href={exported.url} download="我的会员数据.json">
                下载 JSON 文件
              </a>
            ) : null}
          </View>
        ) : null}
        {exportError ? <View className="error-text">{exportError}</View> : null}
      </View>

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
      </View>

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

function Deleted() {
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
