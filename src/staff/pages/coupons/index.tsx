/**
 * 优惠券模板 (HQ; managers read): the chain's coupon templates — 无门槛 / 满减 / 折扣, a fixed
 * window or N days from issue, stores and categories, a per-member limit and stock — each
 * with how it reads to a member. HQ creates and edits one in a form checked by the same
 * schema the functions use (domain/catalogForm.ts → catalog.ts), sees the coupon as the
 * member's wallet will draw it before saving, and switches a template off or on.
 */
import { useMemo, useState } from 'react';
import { Text, View } from '@tarojs/components';
import type { CouponTemplateView } from '@/contracts/catalog';
import type { CouponView } from '@/contracts/member';
import type { StaffView } from '@/contracts/staff';
import { limitText, stockText } from '@/domain/catalog';
import {
  KIND_NAMES,
  draftOfTemplate,
  emptyTemplateDraft,
  templateFromDraft,
  type TemplateDraft,
} from '@/domain/catalogForm';
import { issueCoupon } from '@/domain/coupons';
import { couponConditions } from '@/domain/couponText';
import { callFunction } from '@/services/cloud';
import { newRequestId } from '@/services/requestId';
import { toCallError, useCall } from '@/services/useCall';
import { CouponCard } from '@/components/CouponCard';
import { ErrorView, LoadingView } from '@/components/StatusView';
import { Button } from '@/components/nut';
import { StaffGate } from '../../StaffGate';
import { Chips, Field } from '../../catalog/FormBits';
import '../../catalog/catalog.less';

export default function CouponsPage() {
  return <StaffGate roles={['manager', 'hq']}>{(staff) => <Coupons staff={staff} />}</StaffGate>;
}

type Editing = {
  /** null: a new template, created with `requestId` */
  id: string | null;
  requestId: string;
  rev: number;
  baseStock: number | null;
  draft: TemplateDraft;
};

const KINDS = (['amount', 'threshold', 'percent'] as const).map((key) => ({
  key,
  label: KIND_NAMES[key],
}));
const VALIDITY = [
  { key: 'relative' as const, label: '领取后 N 天' },
  { key: 'fixed' as const, label: '固定日期' },
];

/** The coupon a template would give if issued now, as the member's wallet draws it. */
export function previewCoupon(t: Parameters<typeof issueCoupon>[0], now: number): CouponView {
  return {
    ...issueCoupon(t, now),
    id: 'preview',
    code: '',
    conditions: couponConditions({ ...t, capFen: t.capFen ?? null }),
    source: 'campaign',
  };
}

function Coupons({ staff }: { staff: StaffView }) {
  const canEdit = staff.role === 'hq';
  const list = useCall(() => callFunction('crm', { action: 'listCouponTemplates' }), []);
  const stores = useCall(() => callFunction('staff', { action: 'listStores' }), [], {
    enabled: canEdit,
  });
  const [editing, setEditing] = useState<Editing | null>(null);
  const [notice, setNotice] = useState<string | null>(null);
  const [saveError, setSaveError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);

  const result = useMemo(() => (editing ? templateFromDraft(editing.draft) : null), [editing]);
  const now = Date.now();

  const open = (t: CouponTemplateView | null) => {
    setNotice(null);
    setSaveError(null);
    setEditing(
      t
        ? {
            id: t.id,
            requestId: '',
            rev: t.rev,
            baseStock: t.stock ?? null,
            draft: draftOfTemplate(t),
          }
        : {
            id: null,
            requestId: newRequestId(),
            rev: 0,
            baseStock: null,
            draft: emptyTemplateDraft(),
          },
    );
  };
  const set = <K extends keyof TemplateDraft>(key: K, value: TemplateDraft[K]) =>
    setEditing((e) => (e ? { ...e, draft: { ...e.draft, [key]: value } } : e));

  const save = async () => {
    if (!editing || !result?.ok) return;
    setBusy(true);
    setSaveError(null);
    try {
      const saved = editing.id
        ? await callFunction('crm', {
            action: 'updateCouponTemplate',
            id: editing.id,
            template: result.value,
            baseRev: editing.rev,
            baseStock: editing.baseStock,
          })
        : await callFunction('crm', {
            action: 'createCouponTemplate',
            template: result.value,
            requestId: editing.requestId,
          });
      setEditing(null);
      setNotice(`已保存「${saved.template.name}」，立即生效`);
      await list.reload();
    } catch (e) {
      const err = toCallError(e);
      setSaveError(err.message);
      if (err.code === 'COMMON.CONFLICT' || err.code === 'CATALOG.STOCK_CHANGED') {
        // a colleague or the issues moved it: start again from what is saved now
        const fresh = await callFunction('crm', { action: 'listCouponTemplates' }).catch(
          () => null,
        );
        const t = fresh?.templates.find((x) => x.id === editing.id);
        if (t)
          setEditing({
            ...editing,
            rev: t.rev,
            baseStock: t.stock ?? null,
            draft: draftOfTemplate(t),
          });
        if (err.code === 'COMMON.CONFLICT')
          setSaveError('其他同事刚刚修改了这个模板，已为你载入最新内容');
        await list.reload();
      }
    } finally {
      setBusy(false);
    }
  };

  const toggle = async (t: CouponTemplateView) => {
    setNotice(null);
    try {
      await callFunction('crm', {
        action: 'setCouponTemplateActive',
        id: t.id,
        active: !t.active,
        baseRev: t.rev,
      });
      setNotice(t.active ? `已停用「${t.name}」，不再发放` : `已启用「${t.name}」`);
    } catch (e) {
      setNotice(toCallError(e).message);
    }
    await list.reload();
  };

  if (list.error) return <ErrorView message={list.error.message} onRetry={list.reload} />;
  if (!list.data) return <LoadingView text="正在读取优惠券模板…" />;

  const err = (field: string) =>
    result && !result.ok && result.field === field ? result.message : null;
  const d = editing?.draft;

  return (
    <View className="page staff catalog" data-testid="coupons-page">
      <View className="catalog__head">
        <Text className="catalog__title">优惠券模板</Text>
        {canEdit ? (
          !editing ? (
            <Button id="tpl-new" size="small" type="primary" onClick={() => open(null)}>
              新建模板
            </Button>
          ) : null
        ) : (
          <Text className="muted">仅总部可修改</Text>
        )}
      </View>
      {notice ? (
        <Text className="catalog__notice" data-testid="tpl-notice">
          {notice}
        </Text>
      ) : null}

      {editing && d ? (
        <View className="section" data-testid="tpl-form">
          <View className="section-title">
            <Text>{editing.id ? '编辑模板' : '新建模板'}</Text>
          </View>
          <Field
            id="tpl-field-name"
            label="模板名称"
            value={d.name}
            onChange={(v) => set('name', v)}
            error={err('name')}
            placeholder="如 年终 满100减20"
          />
          <Chips
            id="tpl-kind"
            label="类型"
            options={KINDS}
            chosen={[d.kind]}
            onToggle={(k) => set('kind', k)}
          />
          {d.kind !== 'percent' ? (
            <Field
              id="tpl-field-amount"
              label="优惠金额"
              prefix="¥"
              type="digit"
              value={d.amount}
              onChange={(v) => set('amount', v)}
              error={err('amount')}
            />
          ) : (
            <>
              <Field
                id="tpl-field-discount"
                label="折扣"
                unit="折"
                type="digit"
                value={d.discount}
                onChange={(v) => set('discount', v)}
                error={err('discount')}
                placeholder="如 8.5"
              />
              <Field
                id="tpl-field-cap"
                label="最高优惠（可不填）"
                prefix="¥"
                type="digit"
                value={d.cap}
                onChange={(v) => set('cap', v)}
                error={err('cap')}
              />
            </>
          )}
          {d.kind !== 'amount' ? (
            <Field
              id="tpl-field-threshold"
              label={d.kind === 'threshold' ? '满多少可用' : '满多少可用（可不填）'}
              prefix="¥"
              type="digit"
              value={d.threshold}
              onChange={(v) => set('threshold', v)}
              error={err('threshold')}
            />
          ) : null}
          <Chips
            id="tpl-validity"
            label="有效期"
            options={VALIDITY}
            chosen={[d.validityType]}
            onToggle={(k) => set('validityType', k)}
          />
          {d.validityType === 'relative' ? (
            <Field
              id="tpl-field-days"
              label="领取后有效"
              unit="天"
              type="digit"
              value={d.days}
              onChange={(v) => set('days', v)}
              error={err('days')}
              hint="领取当天算第 1 天，到第 N 天 24:00（北京时间）"
            />
          ) : (
            <>
              <Field
                id="tpl-field-from"
                label="开始日期"
                value={d.from}
                onChange={(v) => set('from', v)}
                error={err('from')}
                placeholder="2026-12-01"
              />
              <Field
                id="tpl-field-until"
                label="结束日期"
                value={d.until}
                onChange={(v) => set('until', v)}
                error={err('until')}
                placeholder="2026-12-31"
                hint="北京时间，含结束当天"
              />
            </>
          )}
          <Chips
            id="tpl-store"
            label="适用门店（不选为全部门店）"
            options={(stores.data?.stores ?? []).map((s) => ({ key: s.id, label: s.name }))}
            chosen={d.storeIds}
            onToggle={(k) =>
              set(
                'storeIds',
                d.storeIds.includes(k) ? d.storeIds.filter((x) => x !== k) : [...d.storeIds, k],
              )
            }
            error={err('storeIds')}
          />
          <Field
            id="tpl-field-categories"
            label="适用品类（不填为全部）"
            value={d.categories}
            onChange={(v) => set('categories', v)}
            error={err('categories')}
            placeholder="家居清洁、个人护理"
          />
          <Field
            id="tpl-field-perMemberLimit"
            label="每人限领（可不填）"
            unit="张"
            type="digit"
            value={d.perMemberLimit}
            onChange={(v) => set('perMemberLimit', v)}
            error={err('perMemberLimit')}
          />
          <Field
            id="tpl-field-stock"
            label={editing.id ? '剩余库存（可不填）' : '库存（可不填）'}
            unit="张"
            type="digit"
            value={d.stock}
            onChange={(v) => set('stock', v)}
            error={err('stock')}
            hint="留空为不限量；发放中修改时，按你改动的差额加减"
          />

          <View className="catalog__preview" data-testid="tpl-preview">
            <Text className="catalog__preview-title">会员看到的优惠券</Text>
            {result?.ok ? (
              <CouponCard coupon={previewCoupon(result.value, now)} now={now} />
            ) : (
              <Text className="error-text" data-testid="tpl-invalid">
                {result && !result.ok ? result.message : ''}
              </Text>
            )}
            {result?.ok ? (
              <Text className="muted">
                {limitText(result.value.perMemberLimit, '张')} · {stockText(result.value.stock)}
              </Text>
            ) : null}
          </View>
          {saveError ? (
            <Text className="error-text" data-testid="tpl-save-error">
              {saveError}
            </Text>
          ) : null}
          <View className="catalog__actions">
            <Button
              id="tpl-save"
              type="primary"
              disabled={busy || !result?.ok}
              onClick={() => void save()}
            >
              {busy ? '正在保存…' : '保存'}
            </Button>
            <Button id="tpl-cancel" onClick={() => setEditing(null)}>
              取消
            </Button>
          </View>
        </View>
      ) : null}

      <View className="section" data-testid="tpl-list">
        {list.data.templates.length === 0 ? <Text className="muted">还没有优惠券模板</Text> : null}
        {list.data.templates.map((t) => (
          <View
            key={t.id}
            id={`tpl-${t.id}`}
            className={`catalog__item${t.active ? '' : ' catalog__item--off'}`}
          >
            <View className="catalog__item-head">
              <Text className="catalog__item-name">{t.name}</Text>
              {t.active ? null : <Text className="catalog__badge">已停用</Text>}
            </View>
            <Text className="catalog__item-line">
              {KIND_NAMES[t.kind]} · {t.title} · {t.conditions.join(' · ')}
            </Text>
            <Text className="catalog__item-line">
              {t.validityText} · {limitText(t.perMemberLimit, '张')} · {stockText(t.stock)}
            </Text>
            {canEdit ? (
              <View className="catalog__actions">
                <Button className="tpl-edit" size="small" onClick={() => open(t)}>
                  编辑
                </Button>
                <Button className="tpl-toggle" size="small" onClick={() => void toggle(t)}>
                  {t.active ? '停用' : '启用'}
                </Button>
              </View>
            ) : null}
          </View>
        ))}
      </View>
    </View>
  );
}
