/**
 * The coupon for the sale: the member's coupons best first (the best usable one is chosen
 * unless the clerk picks another or 「不使用优惠券」), each with its discount or why it does
 * not fit; before any amount is typed a neutral hint instead of a verdict. The code from
 * the member's wallet can be typed (or scanned on weapp) to pick that coupon.
 */
import { Text, View } from '@tarojs/components';
import type { CouponView } from '@/contracts/member';
import { formatFen } from '@/components/format';
import type { CouponChoice, CouponOption } from './couponChoice';
import { CouponCodeField } from './CouponCodeField';
import './CouponPicker.less';

export function CouponPicker(props: {
  memberId: string;
  options: CouponOption[];
  chosen: CouponOption | null;
  onChoose: (choice: CouponChoice) => void;
  /** a coupon found by its code that the list did not have yet */
  onFound: (coupon: CouponView) => void;
}) {
  const { memberId, options, chosen, onChoose, onFound } = props;
  const usable = options.filter((o) => o.state === 'usable').length;
  const pending = options.some((o) => o.state === 'pending');
  return (
    <View className="section">
      <View className="section-title">
        <Text>优惠券</Text>
        <Text className="muted">
          {options.length === 0
            ? '暂无可用券'
            : pending
              ? `共 ${options.length} 张`
              : `${usable} 张可用于本单`}
        </Text>
      </View>
      {options.length === 0 ? (
        <Text className="muted till-coupons__empty">该会员目前没有可用的优惠券</Text>
      ) : (
        <View className="till-coupons">
          {options.map((o) => (
            <CouponRow
              key={o.coupon.id}
              option={o}
              on={chosen?.coupon.id === o.coupon.id}
              onTap={() => onChoose({ kind: 'coupon', id: o.coupon.id })}
            />
          ))}
          <View
            id="coupon-none"
            className={`till-coupon till-coupon--plain${chosen ? '' : ' till-coupon--on'}`}
            onClick={() => onChoose({ kind: 'none' })}
          >
            <View className="till-coupon__radio">
              {chosen ? null : <View className="till-coupon__dot" />}
            </View>
            <View className="till-coupon__body">
              <Text className="till-coupon__title">不使用优惠券</Text>
            </View>
          </View>
        </View>
      )}
      <CouponCodeField
        memberId={memberId}
        known={options.map((o) => o.coupon)}
        onPick={(id) => onChoose({ kind: 'coupon', id })}
        onFound={onFound}
      />
    </View>
  );
}

function CouponRow({
  option,
  on,
  onTap,
}: {
  option: CouponOption;
  on: boolean;
  onTap: () => void;
}) {
  const { coupon } = option;
  const off = option.state === 'unusable';
  return (
    <View
      id={`coupon-${coupon.id}`}
      className={`till-coupon${on ? ' till-coupon--on' : ''}${off ? ' till-coupon--off' : ''}`}
      onClick={onTap}
    >
      <View className="till-coupon__radio">
        {on ? <View className="till-coupon__dot" /> : null}
      </View>
      <View className="till-coupon__body">
        <Text className="till-coupon__title">{coupon.title}</Text>
        {coupon.conditions.length ? (
          <Text className="till-coupon__note">{coupon.conditions.join(' · ')}</Text>
        ) : null}
        {option.state === 'pending' ? (
          <Text className="till-coupon__hint">录入金额后显示优惠</Text>
        ) : null}
        {option.state === 'unusable' ? (
          <Text className="till-coupon__reason">{option.reason}</Text>
        ) : null}
      </View>
      {option.state === 'usable' ? (
        <Text className="till-coupon__amount num">-{formatFen(option.discountFen)}</Text>
      ) : null}
    </View>
  );
}
