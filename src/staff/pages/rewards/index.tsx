/**
 * 积分商城 (HQ; managers read): the rewards members redeem points for — a coupon from a
 * template, or a gift picked up in store — with cost, stock, per-member limit and order.
 * HQ creates and edits one in a form checked by the functions' schema (domain/catalogForm.ts
 * → catalog.ts), sees it as the member's mall will show it (the mall's own RewardCard),
 * and takes a reward off the mall or puts it back.
 */
import { useMemo, useState } from 'react';
import { Text, View } from '@tarojs/components';
import type { CouponTemplateView, RewardAdminView } from '@/contracts/catalog';
import type { RewardView } from '@/contracts/mall';
import type { StaffView } from '@/contracts/staff';
import { limitText, stockText, type RewardDef } from '@/domain/catalog';
import {
  draftOfReward,
  emptyRewardDraft,
  rewardFromDraft,
  type RewardDraft,
} from '@/domain/catalogForm';
import { callFunction } from '@/services/cloud';
import { newRequestId } from '@/services/requestId';
import { toCallError, useCall } from '@/services/useCall';
import { RewardCard } from '@/components/RewardCard';
import { ErrorView, LoadingView } from '@/components/StatusView';
import { Button } from '@/components/nut';
import { StaffGate } from '../../StaffGate';
import { Chips, Field } from '../../catalog/FormBits';
import '../../catalog/catalog.less';

export default function RewardsPage() {
  return <StaffGate roles={['manager', 'hq']}>{(staff) => <Rewards staff={staff} />}</StaffGate>;
}

type Editing = {
  id: string | null;
  requestId: string;
  rev: number;
  baseStock: number | null;
  draft: RewardDraft;
};

const KINDS = [
  { key: 'coupon' as const, label: '优惠券' },
  { key: 'gift' as const, label: '到店领取礼品' },
];

/** The reward as a member with enough points would see it in the mall. */
export function previewReward(r: RewardDef, template: CouponTemplateView | undefined): RewardView {
  return {
    id: 'preview',
    title: r.title,
    description: r.description,
    kind: r.kind,
    pointsCost: r.pointsCost,
    stock: r.stock,
    coupon: template ? { title: template.title, conditions: template.conditions } : null,
    perMemberLimit: r.perMemberLimit,
    redeemedByMe: 0,
    available: r.stock === null || r.stock > 0,
    unavailableReason: r.stock === 0 ? '已兑完' : null,
  };
}

function Rewards({ staff }: { staff: StaffView }) {
  const canEdit = staff.role === 'hq';
  const list = useCall(() => callFunction('crm', { action: 'listMallRewards' }), []);
  const templates = useCall(() => callFunction('crm', { action: 'listCouponTemplates' }), [], {
    enabled: canEdit,
  });
  const [editing, setEditing] = useState<Editing | null>(null);
  const [notice, setNotice] = useState<string | null>(null);
  const [saveError, setSaveError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const result = useMemo(() => (editing ? rewardFromDraft(editing.draft) : null), [editing]);
  const usable = (templates.data?.templates ?? []).filter(
    (t) => t.active || t.id === editing?.draft.couponTemplateId,
  );

  const open = (r: RewardAdminView | null) => {
    setNotice(null);
    setSaveError(null);
    setEditing(
      r
        ? { id: r.id, requestId: '', rev: r.rev, baseStock: r.stock, draft: draftOfReward(r) }
        : {
            id: null,
            requestId: newRequestId(),
            rev: 0,
            baseStock: null,
            draft: emptyRewardDraft(),
          },
    );
  };
  const set = <K extends keyof RewardDraft>(key: K, value: RewardDraft[K]) =>
    setEditing((e) => (e ? { ...e, draft: { ...e.draft, [key]: value } } : e));

  const save = async () => {
    if (!editing || !result?.ok) return;
    setBusy(true);
    setSaveError(null);
    try {
      const saved = editing.id
        ? await callFunction('crm', {
            action: 'updateMallReward',
            id: editing.id,
            reward: result.value,
            baseRev: editing.rev,
            baseStock: editing.baseStock,
          })
        : await callFunction('crm', {
            action: 'createMallReward',
            reward: result.value,
            requestId: editing.requestId,
          });
      setEditing(null);
      setNotice(`已保存「${saved.reward.title}」，会员在积分商城立即可见`);
      await list.reload();
    } catch (e) {
      const err = toCallError(e);
      setSaveError(err.message);
      if (err.code === 'COMMON.CONFLICT' || err.code === 'CATALOG.STOCK_CHANGED') {
        const fresh = await callFunction('crm', { action: 'listMallRewards' }).catch(() => null);
        const r = fresh?.rewards.find((x) => x.id === editing.id);
        if (r) setEditing({ ...editing, rev: r.rev, baseStock: r.stock, draft: draftOfReward(r) });
        if (err.code === 'COMMON.CONFLICT')
          setSaveError('其他同事刚刚修改了这个兑换项目，已为你载入最新内容');
        await list.reload();
      }
    } finally {
      setBusy(false);
    }
  };

  const toggle = async (r: RewardAdminView) => {
    setNotice(null);
    try {
      await callFunction('crm', {
        action: 'setMallRewardActive',
        id: r.id,
        active: !r.active,
        baseRev: r.rev,
      });
      setNotice(r.active ? `已下架「${r.title}」` : `已上架「${r.title}」`);
    } catch (e) {
      setNotice(toCallError(e).message);
    }
    await list.reload();
  };

  if (list.error) return <ErrorView message={list.error.message} onRetry={list.reload} />;
  if (!list.data) return <LoadingView text="正在读取积分商城…" />;

  const err = (field: string) =>
    result && !result.ok && result.field === field ? result.message : null;
  const d = editing?.draft;
  const chosenTemplate = usable.find((t) => t.id === d?.couponTemplateId);

  return (
    <View className="page staff catalog" data-testid="rewards-page">
      <View className="catalog__head">
        <Text className="catalog__title">积分商城</Text>
        {canEdit ? (
          !editing ? (
            <Button id="rwd-new" size="small" type="primary" onClick={() => open(null)}>
              新建兑换项目
            </Button>
          ) : null
        ) : (
          <Text className="muted">仅总部可修改</Text>
        )}
      </View>
      {notice ? (
        <Text className="catalog__notice" data-testid="rwd-notice">
          {notice}
        </Text>
      ) : null}

      {editing && d ? (
        <View className="section" data-testid="rwd-form">
          <View className="section-title">
            <Text>{editing.id ? '编辑兑换项目' : '新建兑换项目'}</Text>
          </View>
          <Field
            id="rwd-field-title"
            label="名称"
            value={d.title}
            onChange={(v) => set('title', v)}
            error={err('title')}
          />
          <Field
            id="rwd-field-description"
            label="说明（可不填）"
            value={d.description}
            onChange={(v) => set('description', v)}
            error={err('description')}
          />
          <Chips
            id="rwd-kind"
            label="兑换内容"
            options={KINDS}
            chosen={[d.kind]}
            onToggle={(k) => set('kind', k)}
          />
          {d.kind === 'coupon' ? (
            <Chips
              id="rwd-template"
              label="兑换的优惠券模板"
              options={usable.map((t) => ({ key: t.id, label: `${t.name}（${t.title}）` }))}
              chosen={d.couponTemplateId ? [d.couponTemplateId] : []}
              onToggle={(k) => set('couponTemplateId', k)}
              error={err('couponTemplateId')}
            />
          ) : (
            <Text className="muted catalog__hint">会员兑换后凭会员卡到所属门店领取</Text>
          )}
          <Field
            id="rwd-field-pointsCost"
            label="所需积分"
            unit="分"
            type="digit"
            value={d.pointsCost}
            onChange={(v) => set('pointsCost', v)}
            error={err('pointsCost')}
          />
          <Field
            id="rwd-field-stock"
            label={editing.id ? '剩余库存（可不填）' : '库存（可不填）'}
            unit="份"
            type="digit"
            value={d.stock}
            onChange={(v) => set('stock', v)}
            error={err('stock')}
            hint="留空为不限量；兑换中修改时，按你改动的差额加减"
          />
          <Field
            id="rwd-field-perMemberLimit"
            label="每人限兑（可不填）"
            unit="次"
            type="digit"
            value={d.perMemberLimit}
            onChange={(v) => set('perMemberLimit', v)}
            error={err('perMemberLimit')}
          />
          <Field
            id="rwd-field-sort"
            label="排序（小的在前）"
            type="digit"
            value={d.sort}
            onChange={(v) => set('sort', v)}
            error={err('sort')}
          />
          <View className="catalog__preview" data-testid="rwd-preview">
            <Text className="catalog__preview-title">会员在积分商城看到的样子</Text>
            {result?.ok ? (
              <RewardCard reward={previewReward(result.value, chosenTemplate)} />
            ) : (
              <Text className="error-text" data-testid="rwd-invalid">
                {result && !result.ok ? result.message : ''}
              </Text>
            )}
          </View>
          {saveError ? (
            <Text className="error-text" data-testid="rwd-save-error">
              {saveError}
            </Text>
          ) : null}
          <View className="catalog__actions">
            <Button
              id="rwd-save"
              type="primary"
              disabled={busy || !result?.ok}
              onClick={() => void save()}
            >
              {busy ? '正在保存…' : '保存'}
            </Button>
            <Button id="rwd-cancel" onClick={() => setEditing(null)}>
              取消
            </Button>
          </View>
        </View>
      ) : null}

      <View className="section" data-testid="rwd-list">
        {list.data.rewards.length === 0 ? <Text className="muted">还没有兑换项目</Text> : null}
        {list.data.rewards.map((r) => (
          <View
            key={r.id}
            id={`rwd-${r.id}`}
            className={`catalog__item${r.active ? '' : ' catalog__item--off'}`}
          >
            <View className="catalog__item-head">
              <Text className="catalog__item-name">{r.title}</Text>
              {r.active ? null : <Text className="catalog__badge">已下架</Text>}
            </View>
            <Text className="catalog__item-line">
              {r.pointsCost} 积分 ·{' '}
              {r.kind === 'coupon'
                ? `优惠券：${r.template ? `${r.template.name}（${r.template.title}）` : '模板缺失'}`
                : '到店领取'}
            </Text>
            <Text className="catalog__item-line">
              {stockText(r.stock)} · {limitText(r.perMemberLimit, '次')} · 已兑 {r.redeemedCount} ·
              排序 {r.sort}
            </Text>
            {canEdit ? (
              <View className="catalog__actions">
                <Button className="rwd-edit" size="small" onClick={() => open(r)}>
                  编辑
                </Button>
                <Button className="rwd-toggle" size="small" onClick={() => void toggle(r)}>
                  {r.active ? '下架' : '上架'}
                </Button>
              </View>
            ) : null}
          </View>
        ))}
      </View>
    </View>
  );
}
