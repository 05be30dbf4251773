/**
 * 到店领取: the store's gifts from the points mall waiting for pickup, oldest first
 * (`staff.listPickups`), each handed over with 「确认领取」. The till shows the same for the
 * member it found (src/staff/till/MemberGifts.tsx). HQ picks a store and only reads.
 */
import { useState } from 'react';
import { Text, View } from '@tarojs/components';
import type { StaffView } from '@/contracts/staff';
import { callFunction } from '@/services/cloud';
import { useCall } from '@/services/useCall';
import { ErrorView, LoadingView } from '@/components/StatusView';
import { StaffGate } from '../../StaffGate';
import { StorePicker, useManagedStore } from '../../StorePicker';
import { PickupList } from '../../pickups/PickupList';
import './index.less';

export default function PickupsPage() {
  return <StaffGate>{(staff) => <Pickups staff={staff} />}</StaffGate>;
}

function Pickups({ staff }: { staff: StaffView }) {
  const managed = useManagedStore(staff);
  const storeId = managed.store?.id ?? null;
  const list = useCall(
    () => callFunction('staff', { action: 'listPickups', storeId: storeId ?? undefined }),
    [storeId],
    { enabled: Boolean(storeId) },
  );
  const [notice, setNotice] = useState<string | null>(null);
  const pickups = list.data?.pickups ?? [];
  return (
    <View className="page staff pickups-page" data-testid="pickups-page">
      <View className="section-title pickups-page__head">
        <Text>待领取礼品</Text>
        <Text className="muted">{managed.store?.name ?? ''}</Text>
      </View>
      <StorePicker managed={managed} />
      {notice ? <Text className="pickups-page__notice">{notice}</Text> : null}
      {!storeId ? null : list.error ? (
        <ErrorView message={list.error.message} onRetry={list.reload} />
      ) : !list.data ? (
        <LoadingView text="正在读取…" />
      ) : pickups.length === 0 ? (
        <View className="section muted" data-testid="no-pickups">
          没有待领取的礼品
        </View>
      ) : (
        <View className="section">
          <PickupList
            pickups={pickups}
            showMember
            onCollected={(p) => {
              setNotice(`「${p.title}」已交给${p.memberDisplayName}`);
              void list.reload();
            }}
          />
          {list.data.hasMore ? (
            <Text className="muted pickups-page__more">仅显示最早的 50 份</Text>
          ) : null}
        </View>
      )}
      <Text className="pickups-page__hint muted">
        会员在积分商城兑换的礼品，由兑换时所属门店交付；收银台识别会员后也会显示。
      </Text>
    </View>
  );
}
