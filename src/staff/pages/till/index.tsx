/**
 * The till (收银台): identify the member → record the purchase (category lines, the
 * receipt's own number, at most one coupon, a live preview of payable and points) → the
 * result. The pieces live in src/staff/till/.
 *
 * Built for a clerk with a queue: one screen per step, the payable amount and the submit
 * button always at the bottom, the server's Chinese message on any failure. The unfinished
 * sale is kept in storage per clerk and store (a reload loses nothing), and the receipt
 * number is the real one, so a retried submit is safe: the server answers `duplicate: true`
 * with the original result instead of counting twice.
 */
import { useState } from 'react';
import { Text, View } from '@tarojs/components';
import {
  TILL_ROLES,
  type PurchaseResult,
  type StaffView,
  type TillMemberView,
} from '@/contracts/staff';
import { defaultSettings } from '@/domain/settings';
import { callFunction } from '@/services/cloud';
import { useCall } from '@/services/useCall';
import { StaffGate } from '../../StaffGate';
import { MemberLookup } from '../../till/MemberLookup';
import { OrderForm } from '../../till/OrderForm';
import { Result } from '../../till/Result';
import { useSaleDraft } from '../../till/useSaleDraft';
import './index.less';

export default function Till() {
  return (
    <StaffGate roles={TILL_ROLES} needsStore>
      {(staff) => <TillBody staff={staff} />}
    </StaffGate>
  );
}

function TillBody({ staff }: { staff: StaffView }) {
  // the preview uses HQ's settings; if they cannot be read, the defaults (the server decides anyway)
  const settings = useCall(() => callFunction('member', { action: 'getSettings' }), []);
  const { draft, update, clear } = useSaleDraft(staff);
  const [done, setDone] = useState<{ member: TillMemberView; result: PurchaseResult } | null>(null);

  return (
    <View className="page staff till">
      <View className="till__bar">
        <Text className="till__bar-store">{staff.storeName}</Text>
        <Text className="till__bar-clerk">收银员 {staff.name}</Text>
      </View>
      {done ? (
        <Result member={done.member} result={done.result} onNext={() => setDone(null)} />
      ) : draft.member ? (
        <OrderForm
          key={draft.member.memberId}
          staff={staff}
          member={draft.member}
          draft={draft}
          settings={settings.data ?? defaultSettings}
          update={update}
          onChangeMember={() =>
            update({ member: null, coupon: { kind: 'best' }, extraCoupons: [] })
          }
          onClear={clear}
          onDone={(result) => {
            setDone({ member: draft.member!, result });
            clear();
          }}
        />
      ) : (
        <MemberLookup onFound={(member) => update({ member })} />
      )}
    </View>
  );
}
