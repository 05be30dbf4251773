/**
 * The points mall (积分商城): rewards (coupons, gifts) the member can redeem for points.
 *
 * A tap on 「兑换」 asks first (what it costs, what is left); 「确认兑换」 sends
 * `mall.redeemReward` with a `requestId` made for that tap, so a retry after a network
 * failure redeems once. The server decides everything (points, stock, limits); the page
 * shows its Chinese message when it says no.
 */
import { useCallback, useRef, useState } from 'react';
import Taro, { usePullDownRefresh } from '@tarojs/taro';
import { Text, View } from '@tarojs/components';
import type { RewardView } from '@/contracts/mall';
import type { CouponView } from '@/contracts/member';
import { callFunction } from '@/services/cloud';
import { newRequestId } from '@/services/requestId';
import { toCallError, useCall } from '@/services/useCall';
import { ConfirmSheet } from '@/components/ConfirmSheet';
import { ErrorView, LoadingView } from '@/components/StatusView';
import { formatDate } from '@/components/format';
import { Button } from '@/components/nut';
import { RewardCard } from '@/components/RewardCard';
import './index.less';

type Done = {
  reward: RewardView;
  coupon: CouponView | null;
  pointsSpent: number;
  balance: number;
  duplicate: boolean;
};

export default function Mall() {
  const mall = useCall(() => callFunction('mall', { action: 'listRewards' }), []);
  const [asking, setAsking] = useState<RewardView | null>(null);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const [done, setDone] = useState<Done | null>(null);
  const requestId = useRef('');

  const notMember = mall.error?.code === 'AUTH.NOT_MEMBER';
  usePullDownRefresh(() => {
    void mall.reload().finally(() => Taro.stopPullDownRefresh());
  });

  const ask = useCallback((reward: RewardView) => {
    requestId.current = newRequestId(); // one per tap on 「兑换」
    setError(null);
    setAsking(reward);
  }, []);

  const redeem = useCallback(async () => {
    if (!asking) return;
    setBusy(true);
    setError(null);
    try {
      const r = await callFunction('mall', {
        action: 'redeemReward',
        rewardId: asking.id,
        requestId: requestId.current,
      });
      setDone({
        reward: asking,
        coupon: r.coupon,
        pointsSpent: r.pointsSpent,
        balance: r.balance,
        duplicate: r.duplicate,
      });
      setAsking(null);
      void mall.reload();
    } catch (e) {
      setError(toCallError(e).message);
    } finally {
      setBusy(false);
    }
  }, [asking, mall]);

  if (mall.loading && !mall.data) {
    return (
      <View className="page">
        <LoadingView text="正在打开积分商城…" />
      </View>
    );
  }
  if (mall.error && !mall.data) {
    return (
      <View className="page">
        <ErrorView message={mall.error.message} onRetry={notMember ? undefined : mall.reload} />
        {notMember ? (
          <View className="mall__join">
            <Button
              type="primary"
              block
              onClick={() => void Taro.redirectTo({ url: '/pages/landing/index' })}
            >
              加入会员
            </Button>
          </View>
        ) : null}
      </View>
    );
  }
  if (!mall.data) return <View className="page" />;
  const { rewards, balance } = mall.data;

  return (
    <View className="page mall" data-testid="mall">
      <View className="mall__head">
        <View className="mall__balance">
          <Text className="mall__balance-label">我的积分</Text>
          <Text className="mall__balance-value num" data-testid="mall-balance">
            {balance}
          </Text>
        </View>
        <View
          id="to-points"
          className="mall__history"
          onClick={() => void Taro.navigateTo({ url: '/pages/points/index' })}
        >
          <Text>积分明细 ›</Text>
        </View>
      </View>

      {rewards.length === 0 ? (
        <View className="section">
          <Text className="muted">暂时没有可兑换的礼品，敬请期待</Text>
        </View>
      ) : (
        <View className="mall__list">
          {rewards.map((r) => (
            <RewardCard key={r.id} reward={r} onRedeem={() => ask(r)} />
          ))}
        </View>
      )}

      <ConfirmSheet
        open={asking !== null}
        id="redeem"
        title="确认兑换"
        confirmText="确认兑换"
        busy={busy}
        busyText="正在兑换…"
        error={error}
        onConfirm={() => void redeem()}
        onCancel={() => setAsking(null)}
      >
        {asking ? (
          <View className="redeem" data-testid="redeem-sheet">
            <Text className="redeem__title">{asking.title}</Text>
            <View className="redeem__math">
              <View className="redeem__cell">
                <Text className="redeem__num num">{balance}</Text>
                <Text className="redeem__label">当前积分</Text>
              </View>
              <Text className="redeem__op">−</Text>
              <View className="redeem__cell">
                <Text className="redeem__num redeem__num--cost num">{asking.pointsCost}</Text>
                <Text className="redeem__label">本次使用</Text>
              </View>
              <Text className="redeem__op">=</Text>
              <View className="redeem__cell">
                <Text className="redeem__num num">{Math.max(0, balance - asking.pointsCost)}</Text>
                <Text className="redeem__label">兑换后剩余</Text>
              </View>
            </View>
            <Text className="redeem__note">
              {asking.kind === 'coupon' ? '优惠券兑换后立即放入券包。' : '礼品兑换后请到门店领取。'}
              积分兑换后不可撤销。
            </Text>
          </View>
        ) : null}
      </ConfirmSheet>

      <ConfirmSheet
        open={done !== null}
        id="redeem-done"
        title="兑换成功"
        confirmText="好的"
        cancelText={done?.coupon ? '去券包查看' : null}
        onConfirm={() => setDone(null)}
        onCancel={() => {
          setDone(null);
          void Taro.navigateTo({ url: '/pages/wallet/index' });
        }}
      >
        {done ? (
          <View className="redeem" data-testid="redeem-done">
            <Text className="redeem__title">{done.reward.title}</Text>
            <Text className="redeem__spent">
              使用 {done.pointsSpent} 积分，剩余 {done.balance} 积分
            </Text>
            {done.duplicate ? (
              <Text className="redeem__note">这次兑换此前已经成功，没有重复扣分</Text>
            ) : null}
            {done.coupon ? (
              <Text className="redeem__note">
                「{done.coupon.title}」已放入券包，{formatDate(done.coupon.validUntil)}前有效
              </Text>
            ) : (
              <Text className="redeem__note">请凭会员卡到门店领取礼品，领取状态见积分明细</Text>
            )}
          </View>
        ) : null}
      </ConfirmSheet>
    </View>
  );
}
