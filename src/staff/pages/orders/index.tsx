/**
 * The store's recent orders (newest first, paged) and refunds (src/staff/orders: OrderRow,
 * RefundSheet).
 *
 * A refund is full (the rest of the order) or partial (an amount in yuan). Each refund
 * attempt gets one `requestId` when the clerk opens the sheet (and a new one when the
 * amount is changed), so tapping 「确认退款」 again after a network failure refunds once.
 * The result says what happened to the points (reversed, or already spent and written
 * off) and to the coupon (restored only when the whole order is refunded).
 */
import { useCallback, useState } from 'react';
import { useRouter } from '@tarojs/taro';
import { Text, View } from '@tarojs/components';
import type { RefundResult, StaffView } from '@/contracts/staff';
import { callFunction } from '@/services/cloud';
import { usePaged } from '@/services/usePaged';
import { ErrorView, LoadingView } from '@/components/StatusView';
import { Button } from '@/components/nut';
import { StaffGate } from '../../StaffGate';
import { OrderRow } from '../../orders/OrderRow';
import { RefundSheet, type StoreOrder } from '../../orders/RefundSheet';
import './index.less';

const PAGE_SIZE = 20;

export default function Orders() {
  return <StaffGate needsStore>{(staff) => <OrdersBody staff={staff} />}</StaffGate>;
}

function OrdersBody({ staff }: { staff: StaffView }) {
  const router = useRouter();
  const paged = usePaged({
    fetch: (before) =>
      callFunction('staff', {
        action: 'listStoreOrders',
        limit: PAGE_SIZE,
        ...(before !== undefined ? { before } : {}),
      }),
    items: (page) => page.orders,
    cursor: (order) => order.createdAt,
  });
  const { hasMore, loading, loadMore } = paged;
  const error = paged.error?.message ?? null;
  const load = paged.reload;
  const [open, setOpen] = useState<string | null>(router.params.orderId ?? null);
  const [refunding, setRefunding] = useState<StoreOrder | null>(null);
  /** refunds made on this page, shown before the list is next reloaded */
  const [refunds, setRefunds] = useState<
    Record<string, Pick<StoreOrder, 'status' | 'refundedFen'>>
  >({});
  const orders = paged.items.map((o) => (refunds[o.id] ? { ...o, ...refunds[o.id] } : o));

  const onRefunded = useCallback((r: RefundResult) => {
    setRefunds((done) => ({
      ...done,
      [r.orderId]: { status: r.status, refundedFen: r.totalRefundedFen },
    }));
  }, []);

  if (loading && orders.length === 0 && !error) {
    return (
      <View className="page">
        <LoadingView text="正在读取本店订单…" />
      </View>
    );
  }
  if (error && orders.length === 0) {
    return (
      <View className="page">
        <ErrorView message={error} onRetry={() => void load()} />
      </View>
    );
  }

  return (
    <View className="page staff orders" data-testid="orders">
      <View className="orders__head">
        <Text className="orders__store">{staff.storeName}</Text>
        <Text className="orders__hint">最近订单 · 点开可退款</Text>
      </View>
      {orders.length === 0 ? (
        <View className="section orders__empty">
          <Text className="muted">本店还没有订单，在收银台记录第一笔吧</Text>
        </View>
      ) : (
        <View className="section orders__list">
          {orders.map((o) => (
            <OrderRow
              key={o.id}
              order={o}
              open={open === o.id}
              onToggle={() => setOpen(open === o.id ? null : o.id)}
              onRefund={() => setRefunding(o)}
            />
          ))}
        </View>
      )}
      {hasMore ? (
        <View className="staff-actions">
          <Button id="load-more" fill="outline" block disabled={loading} onClick={loadMore}>
            {loading ? '正在加载…' : '加载更多'}
          </Button>
        </View>
      ) : orders.length > 0 ? (
        <Text className="orders__end muted">没有更早的订单了</Text>
      ) : null}
      {error && orders.length > 0 ? (
        <View className="error-text orders__error">{error}</View>
      ) : null}
      {refunding ? (
        <RefundSheet
          key={refunding.id}
          order={refunding}
          onClose={() => setRefunding(null)}
          onRefunded={onRefunded}
        />
      ) : null}
    </View>
  );
}
