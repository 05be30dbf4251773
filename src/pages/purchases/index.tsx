/**
 * Purchase history across all stores, newest first, 20 at a time (`member.listPurchases`
 * with `before` = the last createdAt shown). Each receipt: store, time, lines, what was
 * paid, points earned and refunds. More loads at the bottom of the page or on the button.
 */
import { useEffect } from 'react';
import Taro from '@tarojs/taro';
import { Text, View } from '@tarojs/components';
import type { PurchaseView } from '@/contracts/member';
import { callFunction } from '@/services/cloud';
import { usePaged } from '@/services/usePaged';
import { EmptyState } from '@/components/EmptyState';
import { ErrorView, LoadingView } from '@/components/StatusView';
import { formatFen, formatFullDateTime } from '@/components/format';
import { Button, Tag } from '@/components/nut';
import './index.less';

const PAGE_SIZE = 20;

export default function Purchases() {
  const paged = usePaged({
    fetch: (before) =>
      callFunction('member', {
        action: 'listPurchases',
        limit: PAGE_SIZE,
        ...(before !== undefined ? { before } : {}),
      }),
    items: (page) => page.purchases,
    cursor: (purchase) => purchase.createdAt,
  });
  const notMember = paged.error?.code === 'AUTH.NOT_MEMBER';
  useEffect(() => {
    if (notMember) void Taro.redirectTo({ url: '/pages/landing/index' });
  }, [notMember]);

  const { items } = paged;
  if (!items.length) {
    if (paged.error && !notMember) {
      return (
        <View className="page">
          <ErrorView message={paged.error.message} onRetry={() => void paged.reload()} />
        </View>
      );
    }
    if (paged.loading || notMember) {
      return (
        <View className="page">
          <LoadingView text="正在读取消费记录…" />
        </View>
      );
    }
    return (
      <View className="page purchases-page">
        <EmptyState
          mark="单"
          title="还没有消费记录"
          description="在任一门店结账时出示会员码，消费和积分都会记在这里"
        />
      </View>
    );
  }

  return (
    <View className="page purchases-page" data-testid="purchases">
      <Text className="purchases-page__note">全部门店的消费记录</Text>
      {items.map((p) => (
        <Receipt key={p.id} purchase={p} />
      ))}
      <View className="purchases-page__more">
        {paged.error ? <View className="error-text">{paged.error.message}</View> : null}
        {paged.hasMore ? (
          <Button
            id="load-more"
            type="default"
            fill="outline"
            size="small"
            disabled={paged.loading}
            onClick={paged.loadMore}
          >
            {paged.loading ? '正在加载…' : '加载更多'}
          </Button>
        ) : (
          <Text className="muted">没有更多了</Text>
        )}
      </View>
    </View>
  );
}

function Receipt({ purchase: p }: { purchase: PurchaseView }) {
  return (
    <View className="section receipt">
      <View className="receipt__head">
        <View className="receipt__who">
          <Text className="receipt__store">{p.storeName}</Text>
          <Text className="receipt__time muted num">
            {formatFullDateTime(p.createdAt)} · 小票 {p.receiptNo}
          </Text>
        </View>
        <View className="receipt__paid-box">
          <Text className="receipt__paid num">{formatFen(p.paidFen)}</Text>
          <Text className="receipt__paid-label">实付</Text>
        </View>
      </View>
      <View className="receipt__lines">
        {p.lines.map((l, i) => (
          <View key={i} className="receipt__line">
            <Text className="receipt__line-name">
              {l.name ? `${l.name}` : l.category}
              {l.quantity > 1 ? ` ×${l.quantity}` : ''}
            </Text>
            {l.name ? <Text className="receipt__line-cat">{l.category}</Text> : null}
            <Text className="receipt__line-amount num">{formatFen(l.amountFen)}</Text>
          </View>
        ))}
      </View>
      <View className="receipt__foot">
        <Text className="receipt__sum num">
          合计 {formatFen(p.amountFen)}
          {p.discountFen > 0 ? ` · 优惠 ${formatFen(p.discountFen)}` : ''}
        </Text>
        <View className="receipt__tags">
          {p.status === 'refunded' ? (
            <Tag className="refund-tag" plain>
              已退款
            </Tag>
          ) : p.status === 'partially_refunded' ? (
            <Tag className="refund-tag" plain>
              部分退款 {formatFen(p.refundedFen)}
            </Tag>
          ) : null}
          {/* a full refund takes the points back with it */}
          {p.pointsEarned > 0 && p.status !== 'refunded' ? (
            <Tag type="primary">+{p.pointsEarned} 积分</Tag>
          ) : null}
        </View>
      </View>
    </View>
  );
}
