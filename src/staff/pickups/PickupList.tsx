/**
 * Gifts waiting for pickup (到店领取), each with 「确认领取」 after a confirmation
 * (`staff.collectPickup`: once; who and when are recorded). Used by the till after a member
 * lookup (MemberGifts) and by the 到店领取 page (the store's list).
 */
import { useState } from 'react';
import { Text, View } from '@tarojs/components';
import type { PickupView } from '@/contracts/pickups';
import { callFunction } from '@/services/cloud';
import { toCallError } from '@/services/useCall';
import { ConfirmSheet } from '@/components/ConfirmSheet';
import { formatDateTime } from '@/components/format';
import { Button } from '@/components/nut';
import './PickupList.less';

export function PickupList(props: {
  pickups: PickupView[];
  /** show whose gift it is (the store's list; the till knows the member) */
  showMember: boolean;
  onCollected: (p: PickupView) => void;
}) {
  const [asking, setAsking] = useState<PickupView | null>(null);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);

  const collect = async () => {
    if (!asking) return;
    setBusy(true);
    setError(null);
    try {
      const r = await callFunction('staff', { action: 'collectPickup', redemptionId: asking.id });
      setAsking(null);
      props.onCollected(r.pickup);
    } catch (e) {
      setError(toCallError(e).message);
    } finally {
      setBusy(false);
    }
  };

  return (
    <View className="pickups" data-testid="pickups">
      {props.pickups.map((p) => (
        <View className="pickup" key={p.id} data-testid={`pickup-${p.id}`}>
          <View className="pickup__body">
            <Text className="pickup__title">{p.title}</Text>
            <Text className="pickup__meta">
              {props.showMember ? `${p.memberDisplayName} · ` : ''}
              {p.pointsCost} 积分 · {formatDateTime(p.redeemedAt)} 兑换
            </Text>
            {!p.collectableHere ? (
              <Text className="pickup__elsewhere">请到{p.pickupStoreName ?? '其他门店'}领取</Text>
            ) : null}
          </View>
          {p.collectableHere ? (
            <Button
              className="pickup__collect"
              size="small"
              type="primary"
              onClick={() => {
                setError(null);
                setAsking(p);
              }}
            >
              确认领取
            </Button>
          ) : null}
        </View>
      ))}
      <ConfirmSheet
        open={asking !== null}
        id="collect"
        title="确认领取"
        confirmText="已交给顾客"
        busy={busy}
        busyText="正在登记…"
        error={error}
        onConfirm={() => void collect()}
        onCancel={() => setAsking(null)}
      >
        {asking ? (
          <View className="pickup__ask" data-testid="collect-sheet">
            <Text className="pickup__ask-title">{asking.title}</Text>
            <Text className="pickup__ask-text">
              {asking.memberDisplayName} · {asking.pointsCost}{' '}
              积分兑换。请核对会员身份后交付礼品，登记后不可撤销。
            </Text>
          </View>
        ) : null}
      </ConfirmSheet>
    </View>
  );
}
