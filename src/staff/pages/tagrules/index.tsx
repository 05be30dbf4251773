/**
 * 标签规则 (HQ; managers read): every number of the tag rules — thresholds, windows, the
 * RFM breakpoints, the minimum stay — as a form by family (money in yuan), checked by
 * `tagRulesSchema`, the schema the functions read the rules with (domain/tags/form.ts).
 * 「预览」 walks the members on the server under the edited rules and shows, per tag, how
 * many would gain and lose it with masked samples; 「应用」 saves exactly the previewed
 * rules as the version after the one in force (a colleague's save first: the page reloads
 * and says so) and follows the recompute of every member's tags. The history lists each
 * saved change with who and when.
 */
import { useMemo, useState } from 'react';
import { Text, View } from '@tarojs/components';
import type { StaffView } from '@/contracts/staff';
import type { TagJobView } from '@/contracts/crm';
import {
  tagRuleChanges,
  tagRuleFields,
  tagRulesDraftOf,
  tagRulesFromDraft,
  type TagRuleField,
  type TagRulesDraft,
} from '@/domain/tags/form';
import { callFunction } from '@/services/cloud';
import { ErrorView, LoadingView } from '@/components/StatusView';
import { Button, Input } from '@/components/nut';
import { formatDateTime } from '@/components/format';
import { StaffGate } from '../../StaffGate';
import { RuleHistory } from '../../RuleHistory';
import { useVersionedRule } from '../../useVersionedRule';
import { PreviewResult } from './PreviewResult';
import { useTagRuleRun } from './useTagRuleRun';
import './index.less';

export default function TagRulesPage() {
  return (
    <StaffGate roles={['manager', 'hq']}>{(staff) => <TagRulesBody staff={staff} />}</StaffGate>
  );
}

/** the element id of a field's row (its input is inside) */
const fieldId = (path: string) => `tagfield-${path.replace(/\./g, '-')}`;

function TagRulesBody({ staff }: { staff: StaffView }) {
  const canEdit = staff.role === 'hq';
  const [draft, setDraft] = useState<TagRulesDraft>({});
  const runs = useTagRuleRun();
  const rule = useVersionedRule({
    rule: 'tags',
    read: () => callFunction('crm', { action: 'getTagRules' }),
    onLoaded: (current) => setDraft(tagRulesDraftOf(current.rules)),
    conflict: '其他同事刚刚修改了标签规则，已为你载入最新版本，请重新预览',
  });
  const { view, history, error, saveError, notice, busy } = rule;

  const fields = useMemo(() => (view ? tagRuleFields(view.rules) : []), [view]);
  const result = useMemo(() => (view ? tagRulesFromDraft(view.rules, draft) : null), [view, draft]);
  const changes = view && result?.ok ? tagRuleChanges(view.rules, result.rules) : [];
  const key = result?.ok ? JSON.stringify(result.rules) : '';
  const preview = runs.preview?.key === key ? runs.preview : null;
  const previewing = Boolean(preview && !preview.error && !preview.view?.done);

  if (error) return <ErrorView message={error} onRetry={() => void rule.load()} />;
  if (!view || !result) return <LoadingView text="正在读取标签规则…" />;

  const set = (path: string, value: string) => {
    rule.clearNotice();
    setDraft((d) => ({ ...d, [path]: value }));
  };
  const apply = () => {
    if (!result.ok || !preview?.view?.done) return;
    const previewId = preview.view.previewId;
    let started: TagJobView | null = null;
    void rule
      .save(
        async (baseVersion) => {
          started = await callFunction('crm', {
            action: 'applyTagRules',
            rules: result.rules,
            previewId,
            baseVersion,
          });
          return started;
        },
        (version) => `已应用为第 ${version} 版，正在按新规则更新会员标签`,
      )
      .then(() => {
        if (started) void runs.followJob(started);
        else runs.clearPreview();
      });
  };

  const groups = groupFields(fields);

  return (
    <View className="page staff rules tagrules" data-testid="tagrules">
      <View className="rules__head">
        <Text className="rules__title">标签规则</Text>
        <Text className="muted">
          {view.updatedAt
            ? `第 ${view.version} 版 · ${view.updatedByName ?? ''} ${formatDateTime(view.updatedAt)}`
            : '默认规则（尚未修改）'}
          {canEdit ? '' : ' · 仅总部可修改'}
        </Text>
      </View>
      {view.rules.families.map((f) => (
        <View key={f.key} className="section rules__section" id={`family-${f.key}`}>
          <View className="section-title">
            <Text>{f.name}</Text>
          </View>
          {(groups.get(f.key) ?? []).map(([group, list]) => (
            <FieldGroup
              key={group}
              title={group === f.name ? null : group.replace(`${f.name} · `, '')}
              fields={list}
              draft={draft}
              canEdit={canEdit}
              error={!result.ok ? result : null}
              onChange={set}
            />
          ))}
        </View>
      ))}
      <View className="section rules__section" id="family-general">
        <View className="section-title">
          <Text>通用</Text>
        </View>
        <FieldGroup
          title={null}
          fields={groups.get('')?.[0]?.[1] ?? []}
          draft={draft}
          canEdit={canEdit}
          error={!result.ok ? result : null}
          onChange={set}
        />
      </View>

      {canEdit ? (
        <View className="section rules__preview" data-testid="tagrules-preview">
          <View className="section-title">
            <Text>应用前预览</Text>
          </View>
          {!result.ok ? (
            <Text className="error-text" data-testid="tagrules-invalid">
              {result.message}
            </Text>
          ) : changes.length === 0 ? (
            <Text className="muted">尚未修改任何规则</Text>
          ) : (
            changes.map((c) => (
              <View key={c.path} className="rules__change">
                <Text className="rules__change-label">{c.label}</Text>
                <Text className="rules__change-value">
                  {c.before} → {c.after}
                </Text>
              </View>
            ))
          )}
          {result.ok && changes.length > 0 ? (
            <Button
              id="tagrules-preview"
              block
              disabled={previewing || busy}
              onClick={() => void runs.startPreview(result.rules)}
            >
              {previewing ? '正在预览…' : preview?.view?.done ? '重新预览' : '预览'}
            </Button>
          ) : null}
          {preview?.view ? <PreviewResult view={preview.view} rules={view.rules} /> : null}
          {preview?.error ? <Text className="error-text">{preview.error}</Text> : null}
          {saveError ? <Text className="error-text">{saveError}</Text> : null}
          {notice ? <Text className="rules__notice">{notice}</Text> : null}
          {runs.job ? (
            <Text className="tagrules__job" data-testid="tagrules-job">
              {runs.job.done
                ? `第 ${runs.job.version} 版已生效：检查 ${runs.job.scanned} 位会员，更新 ${runs.job.written} 位的标签`
                : `正在更新会员标签… 已检查 ${runs.job.scanned} 位`}
            </Text>
          ) : null}
          <Button
            id="tagrules-apply"
            type="primary"
            block
            disabled={busy || !result.ok || changes.length === 0 || !preview?.view?.done}
            onClick={apply}
          >
            {busy ? '正在应用…' : '应用'}
          </Button>
          {result.ok && changes.length > 0 && !preview?.view?.done ? (
            <Text className="muted rules__hint">先预览，看清谁会得到、谁会失去标签，再应用</Text>
          ) : null}
        </View>
      ) : null}

      <RuleHistory entries={history} testId="tagrules-history" />
    </View>
  );
}

/** fields by family key, then by group, in the rules' order */
function groupFields(fields: readonly TagRuleField[]) {
  const byFamily = new Map<string, [string, TagRuleField[]][]>();
  for (const f of fields) {
    const groups = byFamily.get(f.family) ?? [];
    const last = groups[groups.length - 1];
    if (last && last[0] === f.group) last[1].push(f);
    else groups.push([f.group, [f]]);
    byFamily.set(f.family, groups);
  }
  return byFamily;
}

function FieldGroup(props: {
  title: string | null;
  fields: readonly TagRuleField[];
  draft: TagRulesDraft;
  canEdit: boolean;
  error: { path: string; message: string } | null;
  onChange: (path: string, value: string) => void;
}) {
  const { title, fields, draft, canEdit, error, onChange } = props;
  return (
    <View className="tagrules__group">
      {title ? <Text className="tagrules__group-title">{title}</Text> : null}
      {fields.map((f) => (
        <View key={f.path} className="rules__field" id={fieldId(f.path)}>
          <View className="rules__row">
            <Text className="rules__label">{f.label}</Text>
            <View className="rules__input">
              {f.kind === 'fen' ? <Text className="rules__unit">¥</Text> : null}
              <Input
                className="rules__value"
                type="digit"
                disabled={!canEdit}
                value={draft[f.path] ?? ''}
                onChange={(v) => onChange(f.path, v)}
              />
              {f.unit ? <Text className="rules__unit">{f.unit}</Text> : null}
            </View>
          </View>
          {error?.path === f.path ? (
            <Text className="error-text rules__error">{error.message}</Text>
          ) : null}
        </View>
      ))}
    </View>
  );
}
