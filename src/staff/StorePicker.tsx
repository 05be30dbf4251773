/**
 * The store a manager page acts for: a manager's own store (no picker), or the store HQ
 * picks from `staff.listStores` (chips). The server checks it again (domain/storeManagement).
 */
import { useEffect, useState } from 'react';
import Taro from '@tarojs/taro';
import { Text, View } from '@tarojs/components';
import type { StaffView } from '@/contracts/staff';
import { callFunction } from '@/services/cloud';
import { useCall } from '@/services/useCall';

export type PickedStore = { id: string; name: string } | null;

export function useManagedStore(staff: StaffView) {
  const isHq = staff.role === 'hq';
  const stores = useCall(() => callFunction('staff', { action: 'listStores' }), [], {
    enabled: isHq,
  });
  // HQ may arrive with a store chosen (门店管理 → 店员: `?storeId=S001`)
  const [picked, setPicked] = useState<string | null>(() =>
    isHq ? (Taro.getCurrentInstance().router?.params.storeId ?? null) : staff.storeId,
  );
  const list = stores.data?.stores;
  useEffect(() => {
    if (isHq && picked === null && list?.[0]) setPicked(list[0].id);
  }, [isHq, picked, list]);
  const store: PickedStore = picked
    ? { id: picked, name: list?.find((s) => s.id === picked)?.name ?? staff.storeName ?? picked }
    : null;
  return { isHq, store, stores, setPicked };
}

export function StorePicker(props: { managed: ReturnType<typeof useManagedStore> }) {
  const { isHq, store, stores, setPicked } = props.managed;
  if (!isHq) return null;
  return (
    <View className="chips store-picker" data-testid="store-picker">
      {stores.loading ? <Text className="muted">正在加载门店…</Text> : null}
      {stores.error ? <Text className="muted">{stores.error.message}</Text> : null}
      {(stores.data?.stores ?? []).map((st) => (
        <View
          key={st.id}
          id={`store-${st.id}`}
          className={`chip${store?.id === st.id ? ' chip--on' : ''}`}
          onClick={() => setPicked(st.id)}
        >
          <Text>{st.name}</Text>
        </View>
      ))}
    </View>
  );
}
