/**
 * The store's recent orders (newest first, paged) and refunds.
 *
 * A refund is full (the rest of the order) or partial (an amount in yuan). Each refund
 * attempt gets one `requestId` when the clerk opens the sheet (and a new one when the
 * amount is changed), so tapping 「确认退款」 again after a network failure refunds once.
 * The result says what happened to the points (reversed, or already spent and written
 * off) and to the coupon (restored only when the whole order is refunded).
 */
import { useCallback, useRef, useState } from 'react';
import { useRouter } from '@tarojs/taro';
import { Text, View } from '@tarojs/components';
import type { PurchaseView } from '@/contracts/member';
import type { RefundResult, StaffView } from '@/contracts/staff';
import { parseYuanToFen } from '@/domain/money';
import { callFunction } from '@/services/cloud';
import { newRequestId } from '@/services/requestId';
import { toCallError } from '@/services/useCall';
import { usePaged } from '@/services/usePaged';
import { ConfirmSheet } from '@/components/ConfirmSheet';
import { ErrorView, LoadingView } from '@/components/StatusView';
import { formatDateTime, formatFen } from '@/components/format';
import { Button, Input } from '@/components/nut';
import { StaffGate } from '../../StaffGate';
import './index.less';

type StoreOrder = PurchaseView & { memberDisplayName: string };

const PAGE_SIZE = 20;

export default function Orders() {
  return <StaffGate needsStore>{(staff) => <OrdersBody staff={staff} />}</StaffGate>;
}

const STATUS: Record<PurchaseView['status'], { text: string; tone: string }> = {
  completed: { text: '已完成', tone: 'ok' },
  partially_refunded: { text: '部分退款', tone: 'warn' },
  refunded: { text: '已退款', tone: 'off' },
};

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

function OrderRow({
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

type Mode = 'full' | 'partial';

function RefundSheet({
  order,
  onClose,
  onRefunded,
}: {
  order: StoreOrder;
  onClose: () => void;
  onRefunded: (r: RefundResult) => void;
}) {
  const refundable = order.paidFen - order.refundedFen;
  const [mode, setMode] = useState<Mode>(order.refundedFen > 0 ? 'partial' : 'full');
  const [amountText, setAmountText] = useState('');
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const [result, setResult] = useState<RefundResult | null>(null);
  // one id per refund attempt: kept across retries of the same decision
  const requestId = useRef(newRequestId());
  const decide = (next: () => void) => {
    requestId.current = newRequestId();
    setError(null);
    next();
  };

  const confirm = useCallback(async () => {
    let amountFen: number | undefined;
    if (mode === 'partial') {
      const fen = parseYuanToFen(amountText);
      if (fen === null || fen < 1) {
        setError('请输入退款金额（元，最多两位小数）');
        return;
      }
      if (fen > refundable) {
        setError(`最多可退 ${formatFen(refundable)}`);
        return;
      }
      amountFen = fen;
    }
    setBusy(true);
    setError(null);
    try {
      const r = await callFunction('staff', {
        action: 'refund',
        orderId: order.id,
        requestId: requestId.current,
        ...(amountFen !== undefined ? { amountFen } : {}),
      });
      setResult(r);
      onRefunded(r);
    } catch (e) {
      setError(toCallError(e).message);
    } finally {
      setBusy(false);
    }
  }, [mode, amountText, refundable, order.id, onRefunded]);

  if (result) {
    return (
      <ConfirmSheet
        open
        id="refund-done"
        title={result.status === 'refunded' ? '已全额退款' : '已部分退款'}
        confirmText="完成"
        cancelText={null}
        onConfirm={onClose}
        onCancel={onClose}
      >
        <View className="refund-result" data-testid="refund-result">
          <Kv label="本次退款" value={formatFen(result.refundedFen)} strong />
          <Kv label="累计已退" value={formatFen(result.totalRefundedFen)} />
          <Kv label="扣回积分" value={`-${result.pointsReversed}`} tone="danger" />
          {result.pointsUnrecoverable > 0 ? (
            <Kv
              label="无法扣回"
              value={`${result.pointsUnrecoverable} 分`}
              note="顾客已使用这部分积分，按规则不再追扣"
            />
          ) : null}
          <Kv
            label="优惠券"
            value={
              result.couponRestored
                ? '已退回顾客券包'
                : order.discountFen > 0
                  ? result.status === 'refunded'
                    ? '未退回（已过期或不可退）'
                    : '部分退款不退券'
                  : '本单未使用'
            }
            tone={result.couponRestored ? 'brand' : undefined}
          />
          <Kv label="顾客积分余额" value={String(result.pointsBalance)} />
        </View>
      </ConfirmSheet>
    );
  }

  return (
    <ConfirmSheet
      open
      id="refund"
      title="退款"
      confirmText="确认退款"
      busy={busy}
      busyText="正在退款…"
      danger
      error={error}
      onConfirm={() => void confirm()}
      onCancel={onClose}
    >
      <View className="refund" data-testid="refund-sheet">
        <Text className="refund__order">
          {order.memberDisplayName} · 小票 {order.receiptNo} · 实付 {formatFen(order.paidFen)}
        </Text>
        <View className="refund__modes">
          <View
            id="refund-full"
            className={`refund__mode${mode === 'full' ? ' refund__mode--on' : ''}`}
            onClick={() => decide(() => setMode('full'))}
          >
            <Text className="refund__mode-title">
              {order.refundedFen > 0 ? '退剩余全部' : '全额退款'}
            </Text>
            <Text className="refund__mode-note num">{formatFen(refundable)}</Text>
          </View>
          <View
            id="refund-partial"
            className={`refund__mode${mode === 'partial' ? ' refund__mode--on' : ''}`}
            onClick={() => decide(() => setMode('partial'))}
          >
            <Text className="refund__mode-title">部分退款</Text>
            <Text className="refund__mode-note">输入金额</Text>
          </View>
        </View>
        {mode === 'partial' ? (
          <View className="refund__amount">
            <Text className="refund__yuan">¥</Text>
            <Input
              className="refund__input"
              type="digit"
              maxLength={10}
              placeholder={`最多 ${formatFen(refundable).slice(1)}`}
              value={amountText}
              onChange={(v) => decide(() => setAmountText(v))}
            />
          </View>
        ) : null}
        <Text className="refund__rules">
          积分按退款比例扣回；顾客已用掉的部分无法扣回。全额退款时，本单使用的优惠券退回顾客券包（未过期时可再用）。
        </Text>
      </View>
    </ConfirmSheet>
  );
}

function Kv(props: {
  label: string;
  value: string;
  note?: string;
  strong?: boolean;
  tone?: 'brand' | 'danger';
}) {
  const { label, value, note, strong, tone } = props;
  return (
    <View className={`kv${strong ? ' kv--strong-top' : ''}`}>
      <View className="kv__left">
        <Text className="kv__label">{label}</Text>
        {note ? <Text className="kv__note">{note}</Text> : null}
      </View>
      <Text className={`kv__value num${tone ? ` kv__value--${tone}` : ''}`}>{value}</Text>
    </View>
  );
}
