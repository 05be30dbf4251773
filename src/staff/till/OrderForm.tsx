/**
 * Step 2 of the till: the sale for the member found — goods, receipt number, coupon — with
 * a live preview and the submit. What the clerk types lives in the draft (kept across
 * reloads); what blocks the submit is computed from it, so fixing an input clears its
 * error at once; a server error stays until the next change.
 */
import { useEffect, useMemo, useState } from 'react';
import { View } from '@tarojs/components';
import type { CouponView } from '@/contracts/member';
import type { PurchaseResult, StaffView, TillMemberView } from '@/contracts/staff';
import type { Settings } from '@/domain/settings';
import { callFunction } from '@/services/cloud';
import { toCallError } from '@/services/useCall';
import { parseCart, receiptProblem, tillPreview } from './cart';
import { chosenOption, couponOptions } from './couponChoice';
import type { SaleDraft } from './saleDraft';
import { MemberHeader } from './MemberHeader';
import { MemberGifts } from './MemberGifts';
import { CartLines } from './CartLines';
import { ReceiptField } from './ReceiptField';
import { CouponPicker } from './CouponPicker';
import { Summary } from './Summary';

export function OrderForm(props: {
  staff: StaffView;
  member: TillMemberView;
  draft: SaleDraft;
  settings: Settings;
  update: (patch: Partial<SaleDraft>) => void;
  onChangeMember: () => void;
  onClear: () => void;
  onDone: (result: PurchaseResult) => void;
}) {
  const { staff, member, draft, settings, update, onChangeMember, onClear, onDone } = props;
  const [attempted, setAttempted] = useState(false);
  const [submitting, setSubmitting] = useState(false);
  const [serverError, setServerError] = useState<string | null>(null);
  useEffect(() => setServerError(null), [draft]);

  const cart = useMemo(() => parseCart(draft.lines), [draft.lines]);
  const coupons = useMemo(() => {
    const listed = new Set(member.coupons.map((c) => c.id));
    return [...member.coupons, ...draft.extraCoupons.filter((c) => !listed.has(c.id))];
  }, [member.coupons, draft.extraCoupons]);
  const options = useMemo(
    () => couponOptions(coupons, { storeId: staff.storeId ?? '', lines: cart.lines }),
    [coupons, staff.storeId, cart.lines],
  );
  const chosen = chosenOption(options, draft.coupon);
  const preview = tillPreview({ lines: cart.lines, option: chosen, level: member.level, settings });
  const receipt = receiptProblem(draft.receiptNo);

  const problem =
    Object.keys(cart.errors).length > 0 || cart.lines.length === 0
      ? '请检查商品金额'
      : receipt
        ? receipt
        : preview.couponProblem
          ? `所选优惠券不可用：${preview.couponProblem}`
          : null;

  const submit = async () => {
    setAttempted(true);
    setServerError(null);
    if (problem) return;
    setSubmitting(true);
    try {
      const result = await callFunction('staff', {
        action: 'recordPurchase',
        memberId: member.memberId,
        receiptNo: draft.receiptNo.trim(),
        lines: cart.lines,
        ...(chosen ? { couponId: chosen.coupon.id } : {}),
      });
      onDone(result);
    } catch (e) {
      setServerError(toCallError(e).message);
      setSubmitting(false);
    }
  };

  const found = (coupon: CouponView) =>
    update({
      extraCoupons: [...draft.extraCoupons.filter((c) => c.id !== coupon.id), coupon],
      coupon: { kind: 'coupon', id: coupon.id },
    });

  return (
    <View className="till-order" data-testid="till-order">
      <MemberHeader
        member={member}
        onChange={onChangeMember}
        onBirthday={(birthdayText) => update({ member: { ...member, birthdayText } })}
      />
      <MemberGifts memberId={member.memberId} />
      <CartLines
        lines={draft.lines}
        errors={cart.errors}
        attempted={attempted}
        onChange={(lines) => update({ lines })}
        onClear={onClear}
      />
      <ReceiptField
        value={draft.receiptNo}
        problem={receipt}
        attempted={attempted}
        onChange={(receiptNo) => update({ receiptNo })}
      />
      <CouponPicker
        memberId={member.memberId}
        options={options}
        chosen={chosen}
        onChoose={(coupon) => update({ coupon })}
        onFound={found}
      />
      <Summary
        preview={preview}
        level={member.level}
        settings={settings}
        error={serverError ?? (attempted ? problem : null)}
        submitting={submitting}
        onSubmit={() => void submit()}
      />
    </View>
  );
}
