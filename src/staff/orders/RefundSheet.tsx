/**
 * Refunding one order of the store: full (the rest of the order) or partial (an amount in
 * yuan). One `requestId` per attempt, chosen when the sheet opens (and again when the amount
 * changes), so tapping 「确认退款」 again after a network failure refunds once. The result
 * says what happened to the points (reversed, or already spent and written off) and to
 * the coupon (restored only when the whole order is refunded).
 */
import { useCallback, useRef, useState } from 'react';
import { Text, View } from '@tarojs/components';
import type { PurchaseView } from '@/contracts/member';
import type { RefundResult } from '@/contracts/staff';
import { parseYuanToFen } from '@/domain/money';
import { callFunction } from '@/services/cloud';
import { newRequestId } from '@/services/requestId';
import { toCallError } from '@/services/useCall';
import { ConfirmSheet } from '@/components/ConfirmSheet';
import { formatFen } from '@/components/format';
import { Input } from '@/components/nut';
import { KeyValue } from '../KeyValue';

export type StoreOrder = PurchaseView & { memberDisplayName: string };

type Mode = 'full' | 'partial';

export function RefundSheet({
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
          <KeyValue label="本次退款" value={formatFen(result.refundedFen)} emphasis="headline" />
          <KeyValue label="累计已退" value={formatFen(result.totalRefundedFen)} />
          <KeyValue label="扣回积分" value={`-${result.pointsReversed}`} tone="danger" />
          {result.pointsUnrecoverable > 0 ? (
            <KeyValue
              label="无法扣回"
              value={`${result.pointsUnrecoverable} 分`}
              note="顾客已使用这部分积分，按规则不再追扣"
            />
          ) : null}
          <KeyValue
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
          <KeyValue label="顾客积分余额" value={String(result.pointsBalance)} />
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
