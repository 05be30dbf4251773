/**
 * Points history (积分明细): the balance, points expiring soon, and every change —
 * earned, spent in the mall, expired, reversed by a refund — newest first, paged. On the
 * first open a banner offers the points-change reminder with the level change
 * (POINTS_PURPOSES, one dialog at the member's tap).
 */
import Taro from '@tarojs/taro';
import { Text, View } from '@tarojs/components';
import type { PointsEntryView } from '@/contracts/mall';
import { PICKUP_STATUS_TEXT } from '@/domain/pickups';
import { callFunction } from '@/services/cloud';
import { POINTS_PURPOSES } from '@/services/subscriptions';
import { usePaged } from '@/services/usePaged';
import { ErrorView, LoadingView } from '@/components/StatusView';
import { ReminderBanner } from '@/components/ReminderBanner';
import { formatDate, formatDateTime } from '@/components/format';
import { Button } from '@/components/nut';
import './index.less';

const PAGE_SIZE = 20;

const KIND_LABEL: Record<PointsEntryView['kind'], string> = {
  earn: '获得',
  spend: '兑换',
  expire: '过期',
  reverse: '退款扣回',
  adjust: '调整',
};

export default function Points() {
  const history = usePaged({
    fetch: (before) =>
      callFunction('mall', {
        action: 'pointsHistory',
        limit: PAGE_SIZE,
        ...(before !== undefined ? { before } : {}),
      }),
    items: (page) => page.entries,
    cursor: (entry) => entry.at,
  });
  const { page: state, loading, loadMore } = history;
  const error = history.error?.message ?? null;
  const load = history.reload;

  if (!state && loading) {
    return (
      <View className="page">
        <LoadingView text="正在读取积分明细…" />
      </View>
    );
  }
  if (!state) {
    return (
      <View className="page">
        <ErrorView message={error ?? '积分明细读取失败'} onRetry={() => void load()} />
      </View>
    );
  }

  return (
    <View className="page points" data-testid="points">
      <View className="points__head">
        <Text className="points__label">可用积分</Text>
        <Text className="points__balance num" data-testid="points-balance">
          {state.balance}
        </Text>
        <View
          id="to-mall"
          className="points__mall"
          onClick={() => void Taro.navigateTo({ url: '/pages/mall/index' })}
        >
          <Text>去积分商城兑换 ›</Text>
        </View>
      </View>

      <ReminderBanner place="points" purposes={POINTS_PURPOSES} buttonId="points-subscribe" />

      {state.expiringSoon && state.expiringSoon.points > 0 ? (
        <View className="points__expiring" data-testid="points-expiring">
          <Text className="points__expiring-mark">!</Text>
          <Text className="points__expiring-text">
            {state.expiringSoon.points} 积分将于 {formatDate(state.expiringSoon.at)}{' '}
            过期，记得及时兑换
          </Text>
        </View>
      ) : null}

      <View className="section points__list">
        <View className="section-title">
          <Text>积分明细</Text>
          <Text className="muted">先到期的积分先使用</Text>
        </View>
        {history.items.length === 0 ? (
          <Text className="muted">还没有积分记录，到店消费即可获得积分</Text>
        ) : (
          history.items.map((e) => (
            <View className="entry" key={e.id} data-testid="points-entry">
              <View className="entry__main">
                <Text className="entry__title">
                  {e.title}
                  {e.pickup ? (
                    <Text className={`entry__pickup entry__pickup--${e.pickup}`}>
                      {PICKUP_STATUS_TEXT[e.pickup]}
                    </Text>
                  ) : null}
                </Text>
                <Text className="entry__meta">
                  {KIND_LABEL[e.kind]} · {formatDateTime(e.at)}
                </Text>
              </View>
              <Text className={`entry__delta num${e.delta > 0 ? ' entry__delta--plus' : ''}`}>
                {e.delta > 0 ? `+${e.delta}` : String(e.delta)}
              </Text>
            </View>
          ))
        )}
      </View>
      {state.hasMore ? (
        <View className="points__more">
          <Button id="load-more" fill="outline" block disabled={loading} onClick={loadMore}>
            {loading ? '正在加载…' : '加载更多'}
          </Button>
        </View>
      ) : null}
      {error ? <View className="error-text points__error">{error}</View> : null}
    </View>
  );
}
