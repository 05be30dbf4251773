/**
 * 营销活动 (HQ creates and launches; managers read): a campaign is a segment (tags of the
 * rules in force, levels), a coupon template, an optional message and a holdout share; the
 * audience is counted before launching, the launch asks for confirmation, and each campaign
 * shows its results — treated vs holdout in the attribution window, the lift it caused
 * (a manager's cover their own store's members).
 */
import { useMemo, useRef, useState } from 'react';
import { Text, View } from '@tarojs/components';
import type { CampaignResultsView, CampaignView } from '@/contracts/crm';
import type { StaffView } from '@/contracts/staff';
import { LEVELS, LEVEL_SHORT_NAMES, type Level } from '@/domain/levels';
import {
  campaignFromDraft,
  emptyCampaignDraft,
  tagChoices,
  type CampaignDraft,
} from '@/domain/campaigns/form';
import { callFunction } from '@/services/cloud';
import { toCallError, useCall } from '@/services/useCall';
import { ErrorView, LoadingView } from '@/components/StatusView';
import { ConfirmSheet } from '@/components/ConfirmSheet';
import { Button, Input } from '@/components/nut';
import { formatDateTime, formatFen } from '@/components/format';
import { StaffGate } from '../../StaffGate';
import './index.less';

export default function CampaignsPage() {
  return (
    <StaffGate roles={['manager', 'hq']}>{(staff) => <CampaignsBody staff={staff} />}</StaffGate>
  );
}

const toggle = <T,>(list: T[], x: T): T[] =>
  list.includes(x) ? list.filter((y) => y !== x) : [...list, x];

function CampaignsBody({ staff }: { staff: StaffView }) {
  const isHq = staff.role === 'hq';
  const list = useCall(() => callFunction('crm', { action: 'listCampaigns' }), []);
  const [notice, setNotice] = useState<string | null>(null);
  const [launching, setLaunching] = useState<CampaignView | null>(null);
  const [launchError, setLaunchError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);

  const launch = async (c: CampaignView) => {
    setBusy(true);
    setLaunchError(null);
    try {
      const out = await callFunction('crm', { action: 'launchCampaign', id: c.id });
      setLaunching(null);
      setNotice(
        `「${out.campaign.name}」已发布，目标人群 ${out.campaign.audienceAtLaunch ?? 0} 人`,
      );
      await list.reload();
    } catch (e) {
      setLaunchError(toCallError(e).message);
    } finally {
      setBusy(false);
    }
  };

  if (list.error)
    return <ErrorView message={list.error.message} onRetry={() => void list.reload()} />;
  if (!list.data) return <LoadingView text="正在读取营销活动…" />;

  return (
    <View className="page staff cmp" data-testid="campaigns">
      <View className="cmp__head">
        <Text className="cmp__title">营销活动</Text>
        <Text className="muted">
          {isHq ? '选人群、发券、留对照组，看活动带来的增量' : '仅总部可新建和发布'}
        </Text>
      </View>
      {notice ? <Text className="cmp__notice">{notice}</Text> : null}
      {isHq ? (
        <CreateForm
          onCreated={(c) => {
            setNotice(`已保存草稿「${c.name}」`);
            void list.reload();
          }}
        />
      ) : null}
      {list.data.campaigns.length === 0 ? (
        <View className="section">
          <Text className="muted">还没有营销活动</Text>
        </View>
      ) : null}
      {list.data.campaigns.map((c) => (
        <CampaignCard
          key={c.id}
          campaign={c}
          canLaunch={isHq}
          onLaunch={() => {
            setLaunchError(null);
            setLaunching(c);
          }}
        />
      ))}
      <ConfirmSheet
        open={launching !== null}
        id="campaign-launch"
        title="发布营销活动"
        confirmText="确认发布"
        busy={busy}
        busyText="正在发布…"
        error={launchError}
        onConfirm={() => launching && void launch(launching)}
        onCancel={() => setLaunching(null)}
      >
        {launching ? (
          <View>
            <Text className="cmp__cname">发布「{launching.name}」？</Text>
            <Text className="muted">
              {' '}
              发布后目标人群中 {100 - launching.holdoutPercent}% 的会员会收到「
              {launching.couponTemplateName ?? launching.couponTemplateId}」
              {launching.message ? '和消息' : ''}，{launching.holdoutPercent}%
              作为对照组不发放；发布后不能撤回。
            </Text>
          </View>
        ) : null}
      </ConfirmSheet>
    </View>
  );
}

function CreateForm({ onCreated }: { onCreated: (c: CampaignView) => void }) {
  const rules = useCall(() => callFunction('crm', { action: 'getTagRules' }), []);
  const templates = useCall(() => callFunction('crm', { action: 'listCouponTemplates' }), []);
  const [draft, setDraft] = useState<CampaignDraft>(emptyCampaignDraft);
  const [count, setCount] = useState<number | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const requestId = useRef(`cmp-${Date.now()}-${Math.random().toString(36).slice(2, 10)}`);
  const groups = useMemo(() => (rules.data ? tagChoices(rules.data.rules) : []), [rules.data]);
  // starts at launch (0: any instant already past; the phone's clock is not the server's)
  const result = useMemo(() => campaignFromDraft(draft, 0), [draft]);
  const [touched, setTouched] = useState(false);
  const set = (patch: Partial<CampaignDraft>) => {
    setTouched(true);
    setError(null);
    setCount(null);
    setDraft((d) => ({ ...d, ...patch }));
  };

  const countAudience = async () => {
    if (!result.ok) return;
    try {
      const out = await callFunction('crm', {
        action: 'segmentCount',
        segment: result.campaign.segment,
      });
      setCount(out.total);
    } catch (e) {
      setError(toCallError(e).message);
    }
  };

  const create = async () => {
    if (!result.ok) return;
    setBusy(true);
    setError(null);
    try {
      const out = await callFunction('crm', {
        action: 'createCampaign',
        campaign: result.campaign,
        requestId: requestId.current,
      });
      requestId.current = `cmp-${Date.now()}-${Math.random().toString(36).slice(2, 10)}`;
      setDraft(emptyCampaignDraft());
      setTouched(false);
      setCount(null);
      onCreated(out.campaign);
    } catch (e) {
      setError(toCallError(e).message);
    } finally {
      setBusy(false);
    }
  };

  const text = (label: string, name: keyof CampaignDraft, max: number) => (
    <View className="cmp__field">
      <Text className="cmp__label">{label}</Text>
      <Input
        className={`cmp__input cmp__${name}`}
        maxLength={max}
        value={draft[name] as string}
        onChange={(v) => set({ [name]: v })}
      />
    </View>
  );

  return (
    <View className="section cmp__form" data-testid="campaign-form">
      <View className="section-title">
        <Text>新建活动</Text>
      </View>
      {text('活动名称', 'name', 20)}
      <View className="cmp__field">
        <Text className="cmp__label">目标人群：同时具备这些标签（不选为全部会员）</Text>
        {groups.map((g) => (
          <View key={g.family} className="cmp__family">
            <Text className="muted cmp__family-name">{g.name}</Text>
            <View className="chips cmp__tags">
              {g.choices.map((t) => (
                <View
                  key={t.key}
                  id={`tag-${t.key.replace(':', '-')}`}
                  className={`chip${draft.tagKeys.includes(t.key) ? ' chip--on' : ''}`}
                  onClick={() => set({ tagKeys: toggle(draft.tagKeys, t.key) })}
                >
                  <Text>{t.label}</Text>
                </View>
              ))}
            </View>
          </View>
        ))}
        <Text className="muted cmp__family-name">会员等级（不选为全部等级）</Text>
        <View className="chips cmp__levels">
          {LEVELS.map((l: Level) => (
            <View
              key={l}
              id={`level-${l}`}
              className={`chip${draft.levels.includes(l) ? ' chip--on' : ''}`}
              onClick={() => set({ levels: toggle(draft.levels, l) })}
            >
              <Text>{LEVEL_SHORT_NAMES[l]}</Text>
            </View>
          ))}
        </View>
      </View>
      <View className="cmp__field">
        <Text className="cmp__label">优惠券模板</Text>
        <View className="chips cmp__templates">
          {(templates.data?.templates ?? [])
            .filter((t) => t.active)
            .map((t) => (
              <View
                key={t.id}
                id={`template-${t.id}`}
                className={`chip${draft.couponTemplateId === t.id ? ' chip--on' : ''}`}
                onClick={() => set({ couponTemplateId: t.id })}
              >
                <Text>{t.name}</Text>
              </View>
            ))}
        </View>
      </View>
      {text('消息标题（可不填）', 'messageTitle', 20)}
      {text('消息内容', 'messageBody', 60)}
      {text('对照组（%，不发放，用于比较）', 'holdoutPercent', 2)}
      {text('归因天数', 'attributionDays', 2)}
      {touched && !result.ok ? (
        <Text className="error-text cmp__problem">{result.message}</Text>
      ) : null}
      {error ? <Text className="error-text">{error}</Text> : null}
      <View className="cmp__actions">
        <Button id="campaign-count" disabled={!result.ok} onClick={() => void countAudience()}>
          {count === null ? '预估人数' : `目标人群 ${count} 人`}
        </Button>
        <Button
          id="campaign-create"
          type="primary"
          disabled={busy || !result.ok}
          onClick={() => void create()}
        >
          {busy ? '正在保存…' : '保存草稿'}
        </Button>
      </View>
    </View>
  );
}

function CampaignCard(props: { campaign: CampaignView; canLaunch: boolean; onLaunch: () => void }) {
  const { campaign: c, canLaunch, onLaunch } = props;
  const [results, setResults] = useState<CampaignResultsView | null>(null);
  const [error, setError] = useState<string | null>(null);
  const load = async () => {
    setError(null);
    try {
      setResults(await callFunction('crm', { action: 'campaignResults', id: c.id }));
    } catch (e) {
      setError(toCallError(e).message);
    }
  };
  return (
    <View className="section cmp__card" id={`campaign-${c.id}`}>
      <View className="cmp__card-head">
        <Text className="cmp__cname">{c.name}</Text>
        <Text className={`cmp__status cmp__status--${c.status}`}>{c.statusName}</Text>
      </View>
      <Text className="muted">
        {c.couponTemplateName ?? c.couponTemplateId} · 对照组 {c.holdoutPercent}% · 归因{' '}
        {c.attributionDays} 天
        {c.launchedAt
          ? ` · ${formatDateTime(c.launchedAt)} 发布，目标 ${c.audienceAtLaunch ?? 0} 人`
          : ''}
      </Text>
      <View className="cmp__actions">
        {canLaunch && c.status === 'draft' ? (
          <Button className="cmp__launch" type="primary" size="small" onClick={onLaunch}>
            发布
          </Button>
        ) : null}
        {c.status !== 'draft' ? (
          <View className="cmp__results-toggle" onClick={() => void load()}>
            <Text className="cmp__link">{results ? '刷新效果' : '查看效果'}</Text>
          </View>
        ) : null}
      </View>
      {error ? <Text className="error-text">{error}</Text> : null}
      {results ? <Results r={results} /> : null}
    </View>
  );
}

function Results({ r }: { r: CampaignResultsView }) {
  const rows: [string, (g: CampaignResultsView['treated']) => string][] = [
    ['会员', (g) => String(g.members)],
    ['回店', (g) => `${g.responded}（${g.rate}%）`],
    ['订单', (g) => String(g.orders)],
    ['销售额', (g) => formatFen(g.revenueFen)],
  ];
  return (
    <View className="cmp__results">
      <View className="cmp__row">
        <Text className="cmp__cell" />
        <Text className="cmp__cell">触达组</Text>
        <Text className="cmp__cell">对照组</Text>
      </View>
      {rows.map(([label, value]) => (
        <View key={label} className="cmp__row">
          <Text className="cmp__cell cmp__cell--label">{label}</Text>
          <Text className="cmp__cell">{value(r.treated)}</Text>
          <Text className="cmp__cell">{value(r.holdout)}</Text>
        </View>
      ))}
      <Text className="cmp__lift">
        {r.liftPoints === null
          ? '没有对照组，无法计算提升'
          : `回店率提升 ${r.liftPoints} 个百分点，约多带来 ${r.incrementalResponders ?? 0} 位回店会员`}
      </Text>
      <Text className="muted">
        发券 {r.couponsIssued} 张 · 已使用 {r.couponsUsed} 张 · 消息 {r.messages} 条 · 归因{' '}
        {r.attributionDays} 天{r.truncated ? ' · 数据量较大，仅统计前 5000 位' : ''}
      </Text>
    </View>
  );
}
