/** One order in the store's list: when, who, what was paid and earned, its refunds, and the refund button. */
import { Text, View } from '@tarojs/components';
import type { PurchaseView } from '@/contracts/member';
import { formatDateTime, formatFen } from '@/components/format';
import { Button } from '@/components/nut';
import type { StoreOrder } from './RefundSheet';

const STATUS: Record<PurchaseView['status'], { text: string; tone: string }> = {
  completed: { text: '已完成', tone: 'ok' },
  partially_refunded: { text: '部分退款', tone: 'warn' },
  refunded: { text: '已退款', tone: 'off' },
};

export function OrderRow({
  order,
  open,
  onToggle,
  onRefund,
}: {
  order: StoreOrder;
  open: boolean;
  onToggle: () => void;
  onRefund: () => void;
}) {
  const status = STATUS[order.status];
  const refundable = order.paidFen - order.refundedFen;
  return (
    <View className={`order${open ? ' order--open' : ''}`} data-testid="order-row">
      <View id={`order-${order.id}`} className="order__summary" onClick={onToggle}>
        <View className="order__main">
          <View className="order__who">
            <Text className="order__member">{order.memberDisplayName}</Text>
            <Text className={`order__status order__status--${status.tone}`}>{status.text}</Text>
          </View>
          <Text className="order__meta">
            {formatDateTime(order.createdAt)} · 小票 {order.receiptNo}
          </Text>
        </View>
        <View className="order__money">
          <Text className="order__paid num">{formatFen(order.paidFen)}</Text>
          <Text className="order__points">+{order.pointsEarned} 积分</Text>
        </View>
      </View>
      {open ? (
        <View className="order__detail" data-testid="order-detail">
          {order.lines.map((l, i) => (
            <View className="order__line" key={i}>
              <Text className="order__line-name">
                {l.category}
                {l.name ? ` · ${l.name}` : ''}
                {l.quantity > 1 ? ` ×${l.quantity}` : ''}
              </Text>
              <Text className="num">{formatFen(l.amountFen)}</Text>
            </View>
          ))}
          <View className="order__line order__line--sum">
            <Text>合计 {formatFen(order.amountFen)}</Text>
            {order.discountFen > 0 ? <Text>优惠 -{formatFen(order.discountFen)}</Text> : null}
            <Text>实付 {formatFen(order.paidFen)}</Text>
          </View>
          {order.refundedFen > 0 ? (
            <Text className="order__refunded">已退款 {formatFen(order.refundedFen)}</Text>
          ) : null}
          {refundable > 0 && order.status !== 'refunded' ? (
            <Button
              id={`refund-${order.id}`}
              className="order__refund"
              type="danger"
              fill="outline"
              size="small"
              onClick={onRefund}
            >
              退款
            </Button>
          ) : null}
        </View>
      ) : null}
    </View>
  );
}
