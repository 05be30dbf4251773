/**
 * 规则设置 (HQ; managers read): the loyalty settings — points, levels, the new-member gift,
 * the birthday gift, the privacy notice and its version, follow-up tasks — edited field by
 * field, checked by the same schema the cloud functions read them with, previewed (what
 * changes, and what it does to example orders, levels and gifts) before saving, and the
 * history of every saved change with who and when.
 */
import { useMemo, useState } from 'react';
import { Text, View } from '@tarojs/components';
import type { StaffView } from '@/contracts/staff';
import type { Settings } from '@/domain/settings';
import {
  SETTINGS_SECTIONS,
  draftOf,
  settingsChanges,
  settingsEffects,
  settingsFromDraft,
  type SettingsDraft,
  type SettingsField,
} from '@/domain/settingsForm';
import { callFunction } from '@/services/cloud';
import { ErrorView, LoadingView } from '@/components/StatusView';
import { Button, Input, Switch } from '@/components/nut';
import { formatDateTime } from '@/components/format';
import { StaffGate } from '../../StaffGate';
import { RuleHistory } from '../../RuleHistory';
import { useVersionedRule } from '../../useVersionedRule';
import './index.less';

export default function SettingsPage() {
  return (
    <StaffGate roles={['manager', 'hq']}>{(staff) => <SettingsBody staff={staff} />}</StaffGate>
  );
}

type Facts = Settings['privacy']['facts'];

function SettingsBody({ staff }: { staff: StaffView }) {
  const canEdit = staff.role === 'hq';
  const [draft, setDraft] = useState<SettingsDraft>({});
  const [facts, setFacts] = useState<Facts>([]);
  const rule = useVersionedRule({
    rule: 'loyalty',
    read: () => callFunction('crm', { action: 'getLoyaltySettings' }),
    onLoaded: (current) => {
      setDraft(draftOf(current.settings));
      setFacts(current.settings.privacy.facts);
    },
    conflict: '其他同事刚刚修改了设置，已为你载入最新版本',
  });
  const { view, history, error, saveError, notice, busy } = rule;

  const result = useMemo(
    () => (view ? settingsFromDraft(view.settings, draft, facts) : null),
    [view, draft, facts],
  );
  const changes = view && result?.ok ? settingsChanges(view.settings, result.settings) : [];
  const effects = view && result?.ok ? settingsEffects(view.settings, result.settings) : [];

  const save = () => {
    if (!result?.ok) return;
    void rule.save(
      (baseVersion) =>
        callFunction('crm', {
          action: 'saveLoyaltySettings',
          settings: result.settings,
          baseVersion,
        }),
      (version) => `已保存为第 ${version} 版，立即生效`,
    );
  };

  if (error) return <ErrorView message={error} onRetry={() => void rule.load()} />;
  if (!view || !result) return <LoadingView text="正在读取规则…" />;

  const set = (path: string, value: string | boolean) => {
    rule.clearNotice();
    setDraft((d) => ({ ...d, [path]: value }));
  };
  const fieldError = (f: SettingsField) => (!result.ok && result.path === f.path ? result : null);

  return (
    <View className="page staff rules" data-testid="settings">
      <View className="rules__head">
        <Text className="rules__title">会员规则</Text>
        <Text className="muted">
          {view.version
            ? `第 ${view.version} 版 · ${view.updatedByName ?? ''} ${view.updatedAt ? formatDateTime(view.updatedAt) : ''}`
            : '默认规则（尚未修改）'}
          {canEdit ? '' : ' · 仅总部可修改'}
        </Text>
      </View>
      {SETTINGS_SECTIONS.map((section) => (
        <View key={section.key} className="section rules__section" id={`section-${section.key}`}>
          <View className="section-title">
            <Text>{section.title}</Text>
          </View>
          {section.fields.map((f) => (
            <View key={f.path} className="rules__field" id={`field-${f.path.replace(/\./g, '-')}`}>
              <View className={`rules__row${f.kind === 'text' ? ' rules__row--stack' : ''}`}>
                <Text className="rules__label">{f.label}</Text>
                {f.kind === 'bool' ? (
                  <Switch
                    checked={Boolean(draft[f.path])}
                    disabled={!canEdit}
                    onChange={(v) => set(f.path, v)}
                  />
                ) : (
                  <View className={`rules__input${f.kind === 'text' ? ' rules__input--wide' : ''}`}>
                    {f.kind === 'fen' ? <Text className="rules__unit">¥</Text> : null}
                    <Input
                      className="rules__value"
                      type={f.kind === 'text' ? 'text' : 'digit'}
                      disabled={!canEdit}
                      value={String(draft[f.path] ?? '')}
                      onChange={(v) => set(f.path, v)}
                    />
                    {f.unit ? <Text className="rules__unit">{f.unit}</Text> : null}
                  </View>
                )}
              </View>
              {f.hint ? <Text className="muted rules__hint">{f.hint}</Text> : null}
              {fieldError(f) ? (
                <Text className="error-text rules__error">{fieldError(f)?.message}</Text>
              ) : null}
            </View>
          ))}
          {section.key === 'privacy' ? (
            <View className="rules__facts">
              <Text className="rules__label">说明条目</Text>
              {facts.map((fact, i) => (
                <View key={i} className="rules__fact">
                  <Input
                    className="rules__fact-label"
                    disabled={!canEdit}
                    maxLength={8}
                    value={fact.label}
                    onChange={(v) =>
                      setFacts((list) => list.map((x, j) => (j === i ? { ...x, label: v } : x)))
                    }
                  />
                  <Input
                    className="rules__fact-text"
                    disabled={!canEdit}
                    maxLength={80}
                    value={fact.text}
                    onChange={(v) =>
                      setFacts((list) => list.map((x, j) => (j === i ? { ...x, text: v } : x)))
                    }
                  />
                </View>
              ))}
              {!result.ok && result.path.startsWith('privacy.facts') ? (
                <Text className="error-text rules__error">说明条目：标签 1–8 字，内容 1–80 字</Text>
              ) : null}
            </View>
          ) : null}
        </View>
      ))}

      {canEdit ? (
        <View className="section rules__preview" data-testid="settings-preview">
          <View className="section-title">
            <Text>保存前预览</Text>
          </View>
          {!result.ok ? (
            <Text className="error-text" data-testid="settings-invalid">
              {result.message}
            </Text>
          ) : changes.length === 0 ? (
            <Text className="muted">尚未修改任何规则</Text>
          ) : (
            <>
              {changes.map((c) => (
                <View key={c.path} className="rules__change">
                  <Text className="rules__change-label">{c.label}</Text>
                  <Text className="rules__change-value">
                    {c.before} → {c.after}
                  </Text>
                </View>
              ))}
              {effects.length ? <Text className="rules__effects-title">生效后</Text> : null}
              {effects.map((e) => (
                <View key={e.title} className="rules__effect">
                  <Text className="muted">{e.title}</Text>
                  <Text className="rules__change-value">
                    {e.before} → {e.after}
                  </Text>
                </View>
              ))}
            </>
          )}
          {saveError ? <Text className="error-text">{saveError}</Text> : null}
          {notice ? <Text className="rules__notice">{notice}</Text> : null}
          <Button
            id="settings-save"
            type="primary"
            block
            disabled={busy || !result.ok || changes.length === 0}
            onClick={save}
          >
            {busy ? '正在保存…' : '保存并生效'}
          </Button>
        </View>
      ) : null}

      <RuleHistory entries={history} testId="settings-history" />
    </View>
  );
}
