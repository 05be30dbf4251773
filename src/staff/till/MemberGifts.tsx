/**
 * The till's 「待领取礼品」 section: after a member lookup, the member's gifts from the points
 * mall waiting for pickup (`staff.memberPickups`), handed over here (PickupList). Shows
 * nothing when there are none.
 */
import { useState } from 'react';
import { Text, View } from '@tarojs/components';
import { callFunction } from '@/services/cloud';
import { useCall } from '@/services/useCall';
import { PickupList } from '../pickups/PickupList';

export function MemberGifts({ memberId }: { memberId: string }) {
  const gifts = useCall(
    () => callFunction('staff', { action: 'memberPickups', memberId }),
    [memberId],
  );
  const [done, setDone] = useState<string | null>(null);
  const list = gifts.data?.pickups ?? [];
  if (!list.length && !done) return null;
  return (
    <View className="section member-gifts" data-testid="member-gifts">
      <View className="section-title">
        <Text>待领取礼品</Text>
        <Text className="muted">积分商城兑换</Text>
      </View>
      {done ? <Text className="member-gifts__done">{done}</Text> : null}
      <PickupList
        pickups={list}
        showMember={false}
        onCollected={(p) => {
          setDone(`「${p.title}」已登记领取`);
          void gifts.reload();
        }}
      />
    </View>
  );
}
