/**
 * A customer's page: the profile (details in full only for the customer's own clerk; anyone
 * else sees them masked and may 「查看」 one with a reason, audited), tags with reasons,
 * manual tags, notes, and the timeline of purchases in any store, coupons, points, messages,
 * tasks and tickets, newest first.
 */
import { useCallback, useEffect, useState } from 'react';
import { useRouter } from '@tarojs/taro';
import { Text, View } from '@tarojs/components';
import type { CustomerField, CustomerPageView } from '@/contracts/customers';
import type { RevealField, StaffView } from '@/contracts/staff';
import { callFunction } from '@/services/cloud';
import { toCallError } from '@/services/useCall';
import { ErrorView, LoadingView } from '@/components/StatusView';
import { formatDate, formatFen, LEVEL_NAMES } from '@/components/format';
import { Button } from '@/components/nut';
import { StaffGate } from '../../StaffGate';
import { FIELD_NAMES, RevealSheet } from './RevealSheet';
import { ManualTags, Notes } from './Notes';
import { Timeline } from './Timeline';
import { PointsSheet } from './PointsSheet';
import './index.less';

const PAGE = 20;

export default function Customer() {
  return <StaffGate>{(staff) => <CustomerBody staff={staff} />}</StaffGate>;
}

function CustomerBody({ staff }: { staff: StaffView }) {
  /** HQ reads the page; revealing is for the store's staff (staff.revealMemberField) */
  const canReveal = staff.role !== 'hq';
  const memberId = useRouter().params.memberId ?? '';
  const [view, setView] = useState<CustomerPageView | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [more, setMore] = useState(false);
  const [revealed, setRevealed] = useState<Partial<Record<RevealField, string>>>({});
  const [revealing, setRevealing] = useState<RevealField | null>(null);
  const [revealError, setRevealError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const [adjusting, setAdjusting] = useState(false);
  const [adjusted, setAdjusted] = useState<string | null>(null);

  const load = useCallback(async () => {
    setError(null);
    try {
      setView(await callFunction('staff', { action: 'getCustomer', memberId, limit: PAGE }));
    } catch (e) {
      setError(toCallError(e).message);
    }
  }, [memberId]);
  useEffect(() => void load(), [load]);

  const loadMore = async () => {
    if (!view?.nextCursor) return;
    setMore(true);
    try {
      const next = await callFunction('staff', {
        action: 'getCustomer',
        memberId,
        limit: PAGE,
        before: view.nextCursor,
      });
      setView({
        ...view,
        timeline: [...view.timeline, ...next.timeline],
        nextCursor: next.nextCursor,
      });
    } catch (e) {
      setError(toCallError(e).message);
    } finally {
      setMore(false);
    }
  };

  const reveal = async (field: RevealField, reason: string) => {
    setBusy(true);
    setRevealError(null);
    try {
      const r = await callFunction('staff', {
        action: 'revealMemberField',
        memberId,
        field,
        reason,
      });
      setRevealed((s) => ({ ...s, [field]: r.value }));
      setRevealing(null);
    } catch (e) {
      setRevealError(toCallError(e).message);
    } finally {
      setBusy(false);
    }
  };

  if (error && !view) return <ErrorView message={error} onRetry={() => void load()} />;
  if (!view) return <LoadingView text="正在读取顾客…" />;

  const fieldRow = (field: RevealField, f: CustomerField) => {
    const shown = revealed[field];
    return (
      <View className="customer-field" id={`field-${field}`}>
        <Text className="customer-field__label">{FIELD_NAMES[field]}</Text>
        <Text
          className={`customer-field__value${shown !== undefined ? ' customer-field__value--revealed' : f.masked ? ' customer-field__value--masked' : ''}`}
        >
          {shown !== undefined ? shown || '未填写' : f.value || '未填写'}
        </Text>
        {f.masked && shown === undefined && canReveal ? (
          <Button
            className="customer-field__reveal"
            size="small"
            onClick={() => {
              setRevealError(null);
              setRevealing(field);
            }}
          >
            查看
          </Button>
        ) : shown !== undefined ? (
          <Text className="customer-field__audited muted">已记录查看</Text>
        ) : null}
      </View>
    );
  };

  return (
    <View className="page staff customer" id="customer">
      <View className="staff-hero customer__hero">
        <Text className="staff-hero__name customer__name">{view.displayName}</Text>
        <Text className="staff-hero__line">
          {LEVEL_NAMES[view.level]} · 积分 {view.pointsBalance}
          {view.ownCustomer
            ? ' · 我的专属顾客'
            : view.clerkName
              ? ` · 专属店员 ${view.clerkName}`
              : ''}
        </Text>
        <Text className="staff-hero__line">
          {view.homeStoreName ?? '未归属门店'} · 消费 {view.orderCount} 次，共{' '}
          {formatFen(view.totalSpendFen)}
          {view.lastOrderAt ? ` · 最近 ${formatDate(view.lastOrderAt)}` : ''}
        </Text>
        {view.canAdjustPoints ? (
          <Button
            id="points-adjust"
            className="customer__adjust"
            size="small"
            onClick={() => {
              setAdjusted(null);
              setAdjusting(true);
            }}
          >
            调整积分
          </Button>
        ) : null}
        {adjusted ? <Text className="staff-hero__line customer__adjusted">{adjusted}</Text> : null}
      </View>
      <View className="section customer__profile">
        {fieldRow('name', view.name)}
        {fieldRow('phone', view.phone)}
        {fieldRow('birthday', view.birthday)}
      </View>
      <View className="section customer__tags" id="customer-tags">
        <Text className="section__title">标签</Text>
        {view.tags.length === 0 ? <Text className="muted">还没有计算出的标签</Text> : null}
        {view.tags.map((t) => (
          <View key={t.family} className="customer-tagline">
            <Text className="customer-tagline__family">{t.familyName}</Text>
            <Text className="customer-tagline__value">{t.value}</Text>
            <Text className="customer-tagline__reason muted">{t.reason}</Text>
          </View>
        ))}
      </View>
      <ManualTags memberId={memberId} initial={view.manualTags} />
      <Notes memberId={memberId} initial={view.notes} staff={staff} />
      <Timeline
        entries={view.timeline}
        hasMore={view.nextCursor !== null}
        busy={more}
        onMore={() => void loadMore()}
      />
      {error ? <Text className="error-text">{error}</Text> : null}
      {adjusting ? (
        <PointsSheet
          memberId={memberId}
          balance={view.pointsBalance}
          onClose={() => setAdjusting(false)}
          onAdjusted={(balance) => {
            setAdjusting(false);
            setAdjusted(`积分已调整，现有 ${balance} 积分`);
            void load();
          }}
        />
      ) : null}
      {revealing ? (
        <RevealSheet
          field={revealing}
          busy={busy}
          error={revealError}
          onClose={() => setRevealing(null)}
          onReveal={(reason) => void reveal(revealing, reason)}
        />
      ) : null}
    </View>
  );
}
