/**
 * 自动化营销 (HQ tunes; managers read): every automation with what it does (trigger and
 * steps), its switch, cap, holdout share and quiet hours — checked by the schema the timer
 * reads them with, previewed before saving, saved as a version with history — and, per
 * automation, the last 30 days' results: treated vs holdout, the lift it caused, coupons
 * and messages (a manager sees their own store's members).
 */
import { useMemo, useState } from 'react';
import { Text, View } from '@tarojs/components';
import type { AutomationResultsView } from '@/contracts/crm';
import type { StaffView } from '@/contracts/staff';
import type { Automation } from '@/domain/automations/definitions';
import { automationChanges } from '@/domain/automations/changes';
import {
  automationDraftOf,
  automationsFromDraft,
  stepsText,
  triggerText,
  type AutomationDraft,
} from '@/domain/automations/form';
import { callFunction } from '@/services/cloud';
import { toCallError } from '@/services/useCall';
import { ErrorView, LoadingView } from '@/components/StatusView';
import { Button, Input, Switch } from '@/components/nut';
import { formatFen } from '@/components/format';
import { StaffGate } from '../../StaffGate';
import { RuleHistory } from '../../RuleHistory';
import { useVersionedRule } from '../../useVersionedRule';
import './index.less';

export default function AutomationsPage() {
  return (
    <StaffGate roles={['manager', 'hq']}>{(staff) => <AutomationsBody staff={staff} />}</StaffGate>
  );
}

function AutomationsBody({ staff }: { staff: StaffView }) {
  const canEdit = staff.role === 'hq';
  const [drafts, setDrafts] = useState<Record<string, AutomationDraft>>({});
  const rule = useVersionedRule({
    rule: 'automations',
    read: () => callFunction('crm', { action: 'listAutomations' }),
    onLoaded: (current) =>
      setDrafts(Object.fromEntries(current.automations.map((a) => [a.key, automationDraftOf(a)]))),
    conflict: '其他同事刚刚修改了自动化，已为你载入最新版本',
  });
  const { view, history, error, saveError, notice, busy } = rule;

  const result = useMemo(
    () => (view ? automationsFromDraft(view.automations, drafts) : null),
    [view, drafts],
  );
  const changes = view && result?.ok ? automationChanges(view.automations, result.automations) : [];

  const save = () => {
    if (!result?.ok) return;
    void rule.save(
      (baseVersion) =>
        callFunction('crm', {
          action: 'saveAutomations',
          automations: result.automations,
          baseVersion,
        }),
      (version) => `已保存为第 ${version} 版，下一次运行起生效`,
    );
  };

  if (error) return <ErrorView message={error} onRetry={() => void rule.load()} />;
  if (!view || !result) return <LoadingView text="正在读取自动化…" />;

  const set = (key: string, patch: Partial<AutomationDraft>) => {
    rule.clearNotice();
    setDrafts((d) => ({ ...d, [key]: { ...d[key], ...patch } }));
  };

  return (
    <View className="page staff autos" data-testid="automations">
      <View className="autos__head">
        <Text className="autos__title">自动化营销</Text>
        <Text className="muted">
          {view.version ? `第 ${view.version} 版` : '默认规则（尚未修改）'}
          {canEdit ? '' : ' · 仅总部可修改'}
        </Text>
      </View>
      {view.automations.map((a) => (
        <AutomationCard
          key={a.key}
          automation={a}
          draft={drafts[a.key]}
          canEdit={canEdit}
          error={!result.ok && result.key === a.key ? result.message : null}
          onChange={(patch) => set(a.key, patch)}
        />
      ))}
      {canEdit ? (
        <View className="section autos__preview" data-testid="automations-preview">
          <View className="section-title">
            <Text>保存前预览</Text>
          </View>
          {!result.ok ? (
            <Text className="error-text">{result.message}</Text>
          ) : changes.length === 0 ? (
            <Text className="muted">尚未修改任何自动化</Text>
          ) : (
            changes.map((c) => (
              <View key={c.path} className="autos__change">
                <Text>{c.label}</Text>
                <Text className="autos__change-value">
                  {c.before} → {c.after}
                </Text>
              </View>
            ))
          )}
          {saveError ? <Text className="error-text">{saveError}</Text> : null}
          {notice ? <Text className="autos__notice">{notice}</Text> : null}
          <Button
            id="automations-save"
            type="primary"
            block
            disabled={busy || !result.ok || changes.length === 0}
            onClick={save}
          >
            {busy ? '正在保存…' : '保存并生效'}
          </Button>
        </View>
      ) : null}
      <RuleHistory entries={history} testId="automations-history" />
    </View>
  );
}

function AutomationCard(props: {
  automation: Automation;
  draft: AutomationDraft;
  canEdit: boolean;
  error: string | null;
  onChange: (patch: Partial<AutomationDraft>) => void;
}) {
  const { automation: a, draft, canEdit, error, onChange } = props;
  const [results, setResults] = useState<AutomationResultsView | null>(null);
  const [resultsError, setResultsError] = useState<string | null>(null);
  const [loading, setLoading] = useState(false);

  const loadResults = async () => {
    setLoading(true);
    setResultsError(null);
    try {
      setResults(await callFunction('crm', { action: 'automationResults', key: a.key }));
    } catch (e) {
      setResultsError(toCallError(e).message);
    } finally {
      setLoading(false);
    }
  };

  const field = (label: string, name: 'capDays' | 'holdoutPercent', unit: string) => (
    <View className="autos__field">
      <Text className="autos__label">{label}</Text>
      <View className="autos__input">
        <Input
          className={`autos__value autos__${name}`}
          type="digit"
          disabled={!canEdit}
          value={draft[name]}
          onChange={(v) => onChange({ [name]: v })}
        />
        <Text className="autos__unit">{unit}</Text>
      </View>
    </View>
  );

  return (
    <View className="section autos__card" id={`auto-${a.key}`}>
      <View className="autos__card-head">
        <View className="autos__name-block">
          <Text className="autos__name">{a.name}</Text>
          <Text className="muted">触发：{triggerText(a.trigger)}</Text>
        </View>
        <Switch
          className="autos__switch"
          checked={draft.enabled}
          disabled={!canEdit}
          onChange={(v) => onChange({ enabled: v })}
        />
      </View>
      <Text className="muted autos__steps">{stepsText(a)}</Text>
      {field('频次上限（天，0 为不限）', 'capDays', '天')}
      {field('对照组（不发放，用于比较）', 'holdoutPercent', '%')}
      <View className="autos__field">
        <Text className="autos__label">会员消息免打扰</Text>
        <View className="autos__quiet">
          <Input
            className="autos__time autos__quiet-start"
            disabled={!canEdit}
            maxLength={5}
            value={draft.quietStart}
            onChange={(v) => onChange({ quietStart: v })}
          />
          <Text className="autos__unit">至</Text>
          <Input
            className="autos__time autos__quiet-end"
            disabled={!canEdit}
            maxLength={5}
            value={draft.quietEnd}
            onChange={(v) => onChange({ quietEnd: v })}
          />
        </View>
      </View>
      {error ? <Text className="error-text">{error}</Text> : null}
      <View className="autos__results-toggle" onClick={() => void loadResults()}>
        <Text>{loading ? '正在计算…' : results ? '刷新近 30 天效果' : '查看近 30 天效果'}</Text>
      </View>
      {resultsError ? <Text className="error-text">{resultsError}</Text> : null}
      {results ? <Results r={results} /> : null}
    </View>
  );
}

function Results({ r }: { r: AutomationResultsView }) {
  const rows: [string, (g: AutomationResultsView['treated']) => string][] = [
    ['会员', (g) => String(g.members)],
    ['回店', (g) => `${g.responded}（${g.rate}%）`],
    ['订单', (g) => String(g.orders)],
    ['销售额', (g) => formatFen(g.revenueFen)],
  ];
  const max = Math.max(r.treated.rate, r.holdout.rate, 1);
  return (
    <View className="autos__results">
      <View className="autos__row autos__row--head">
        <Text className="autos__cell" />
        <Text className="autos__cell">触达组</Text>
        <Text className="autos__cell">对照组</Text>
      </View>
      {rows.map(([label, value]) => (
        <View key={label} className="autos__row">
          <Text className="autos__cell autos__cell--label">{label}</Text>
          <Text className="autos__cell">{value(r.treated)}</Text>
          <Text className="autos__cell">{value(r.holdout)}</Text>
        </View>
      ))}
      <View className="autos__bars">
        <View
          className="autos__bar autos__bar--treated"
          style={{ width: `${(r.treated.rate / max) * 100}%` }}
        >
          <Text>触达 {r.treated.rate}%</Text>
        </View>
        <View
          className="autos__bar autos__bar--holdout"
          style={{ width: `${(r.holdout.rate / max) * 100}%` }}
        >
          <Text>对照 {r.holdout.rate}%</Text>
        </View>
      </View>
      <Text className="autos__lift">
        {r.liftPoints === null
          ? '没有对照组，无法计算提升'
          : `回店率提升 ${r.liftPoints} 个百分点，约多带来 ${r.incrementalResponders ?? 0} 位回店会员`}
      </Text>
      <Text className="muted">
        发券 {r.couponsIssued} 张 · 已使用 {r.couponsUsed} 张 · 消息 {r.messages} 条（其中{' '}
        {r.messagesFellBack} 条改为卡内通知）· 归因 {r.attributionDays} 天
        {r.truncated ? ' · 数据量较大，仅统计前 5000 次' : ''}
      </Text>
    </View>
  );
}
