/**
 * The coupons wallet: 未使用 / 已使用 / 已过期, one `member.listCoupons` per tab in the
 * function's order (unused: expiring soonest first). Tapping an unused coupon shows its
 * code large for the till. On the first open a banner offers the coupon-expiry reminder
 * with the birthday gift and offers (WALLET_PURPOSES, one dialog at the member's tap).
 */
import { useEffect, useState } from 'react';
import Taro, { usePullDownRefresh, useRouter } from '@tarojs/taro';
import { Text, View } from '@tarojs/components';
import type { CouponView } from '@/contracts/member';
import { callFunction } from '@/services/cloud';
import { useCall } from '@/services/useCall';
import { openPage } from '@/services/nav';
import { WALLET_PURPOSES } from '@/services/subscriptions';
import { CouponCard } from '@/components/CouponCard';
import { EmptyState } from '@/components/EmptyState';
import { ErrorView, LoadingView } from '@/components/StatusView';
import { Sheet } from '@/components/Sheet';
import { ReminderBanner } from '@/components/ReminderBanner';
import { formatDate, groupCouponCode } from '@/components/format';
import { Button } from '@/components/nut';
import './index.less';

type Tab = CouponView['status'];
const TABS: { key: Tab; label: string }[] = [
  { key: 'unused', label: '未使用' },
  { key: 'used', label: '已使用' },
  { key: 'expired', label: '已过期' },
];
const EMPTY: Record<Tab, { title: string; description: string }> = {
  unused: { title: '暂无可用的优惠券', description: '积分可以兑换优惠券，生日当天还有专属礼券' },
  used: { title: '还没有用过优惠券', description: '结账时出示券码，店员为您核销' },
  expired: { title: '没有过期的优惠券', description: '优惠券快到期时，我们会提醒您' },
};

export default function Wallet() {
  const router = useRouter();
  const initial = TABS.some((t) => t.key === router.params.tab)
    ? (router.params.tab as Tab)
    : 'unused';
  const [tab, setTab] = useState<Tab>(initial);
  const [counts, setCounts] = useState<Partial<Record<Tab, number>>>({});
  const [shown, setShown] = useState<CouponView | null>(null);
  const list = useCall(
    () =>
      callFunction('member', { action: 'listCoupons', status: tab }).then((r) => ({
        tab,
        coupons: r.coupons,
      })),
    [tab],
  );

  const notMember = list.error?.code === 'AUTH.NOT_MEMBER';
  useEffect(() => {
    if (notMember) void Taro.redirectTo({ url: '/pages/landing/index' });
  }, [notMember]);

  useEffect(() => {
    if (list.data) setCounts((c) => ({ ...c, [list.data!.tab]: list.data!.coupons.length }));
  }, [list.data]);

  usePullDownRefresh(() => {
    void list.reload().finally(() => Taro.stopPullDownRefresh());
  });

  const current = list.data && list.data.tab === tab ? list.data.coupons : null;
  const now = Date.now();

  return (
    <View className="page wallet" data-testid="wallet">
      <View className="wallet__tabs">
        {TABS.map((t) => (
          <View
            key={t.key}
            className={`wallet__tab wallet-tab-${t.key} ${t.key === tab ? 'wallet__tab--active' : ''}`}
            onClick={() => setTab(t.key)}
          >
            <Text>
              {t.label}
              {counts[t.key] ? ` ${counts[t.key]}` : ''}
            </Text>
          </View>
        ))}
      </View>

      <ReminderBanner place="wallet" purposes={WALLET_PURPOSES} buttonId="wallet-subscribe" />

      <View className="wallet__list">
        {list.error && !notMember ? (
          <ErrorView message={list.error.message} onRetry={list.reload} />
        ) : !current ? (
          <LoadingView text="正在打开券包…" />
        ) : current.length === 0 ? (
          <EmptyState
            mark="券"
            className="wallet__empty"
            title={EMPTY[tab].title}
            description={EMPTY[tab].description}
          >
            {tab === 'unused' ? (
              <Button
                id="go-mall"
                type="primary"
                fill="outline"
                size="small"
                onClick={() => openPage('/pages/mall/index')}
              >
                去积分商城看看
              </Button>
            ) : null}
          </EmptyState>
        ) : (
          current.map((c) => <CouponCard key={c.id} coupon={c} now={now} onShowCode={setShown} />)
        )}
      </View>

      <CodeSheet coupon={shown} onClose={() => setShown(null)} />
    </View>
  );
}

function CodeSheet({ coupon, onClose }: { coupon: CouponView | null; onClose: () => void }) {
  return (
    <Sheet open={coupon !== null} title={coupon?.title} onClose={onClose} className="code-sheet">
      {coupon ? (
        <View className="code-sheet__body" data-testid="coupon-code">
          <Text className="code-sheet__label">券码</Text>
          <Text className="code-sheet__code num">{groupCouponCode(coupon.code)}</Text>
          <Text className="code-sheet__tip">结账时请出示给店员，由店员为您核销</Text>
          <View className="code-sheet__rules">
            <Text className="code-sheet__rule">{coupon.conditions.join(' · ')}</Text>
            <Text className="code-sheet__rule">有效期至 {formatDate(coupon.validUntil)}</Text>
          </View>
          <Button
            id="close-code"
            className="code-sheet__close"
            type="primary"
            size="large"
            block
            onClick={onClose}
          >
            我知道了
          </Button>
        </View>
      ) : null}
    </Sheet>
  );
}
