/**
 * One coupon in the wallet, drawn as a ticket: what it takes off on the left, its title,
 * rules and validity (Shanghai dates) on the right. Unused coupons can be tapped to show
 * their code for the till; used and expired ones are greyed with a stamp.
 */
import { Text, View } from '@tarojs/components';
import type { CouponView } from '@/contracts/member';
import { fenToYuanText } from '@/domain/money';
import { expiryHint, formatShortDate } from './format';
import './CouponCard.less';

export const COUPON_SOURCE_LABEL: Record<CouponView['source'], string> = {
  signup: '新人礼',
  birthday: '生日礼',
  mall: '积分兑换',
  campaign: '活动券',
  automation: '专属福利',
  import: '会员券',
};

/** The big figure of a coupon: ['¥', '10'] or ['', '8.5', '折']. */
export function couponFigure(c: Pick<CouponView, 'kind' | 'amountFen' | 'percent'>): {
  prefix: string;
  value: string;
  suffix: string;
} {
  if (c.kind === 'percent')
    return { prefix: '', value: String((c.percent ?? 100) / 10), suffix: '折' };
  return { prefix: '¥', value: fenToYuanText(c.amountFen), suffix: '' };
}

type Props = {
  coupon: CouponView;
  now: number;
  onShowCode?: (coupon: CouponView) => void;
};

export function CouponCard({ coupon, now, onShowCode }: Props) {
  const figure = couponFigure(coupon);
  const hint = coupon.status === 'unused' ? expiryHint(coupon.validUntil, now) : null;
  const usable = coupon.status === 'unused' && Boolean(onShowCode);
  const [first, ...rest] = coupon.conditions;
  return (
    <View
      className={`coupon coupon--${coupon.status}`}
      onClick={usable ? () => onShowCode?.(coupon) : undefined}
    >
      <View className="coupon__amount">
        <View className="coupon__figure">
          {figure.prefix ? <Text className="coupon__currency">{figure.prefix}</Text> : null}
          <Text className="coupon__value num">{figure.value}</Text>
          {figure.suffix ? <Text className="coupon__unit">{figure.suffix}</Text> : null}
        </View>
        {first ? <Text className="coupon__threshold">{first}</Text> : null}
      </View>
      <View className="coupon__body">
        <View className="coupon__head">
          <Text className="coupon__source">{COUPON_SOURCE_LABEL[coupon.source]}</Text>
          <Text className="coupon__title">{coupon.title}</Text>
        </View>
        {rest.length ? <Text className="coupon__rules">{rest.join(' · ')}</Text> : null}
        <Text className="coupon__validity num">
          {coupon.status === 'used' && coupon.usedAt
            ? `${formatShortDate(coupon.usedAt)} 已使用`
            : `${formatShortDate(coupon.validFrom)} - ${formatShortDate(coupon.validUntil)}`}
        </Text>
        <View className="coupon__foot">
          {hint ? <Text className="coupon__hint">{hint}</Text> : <View />}
          {usable ? <Text className="coupon__use">出示券码</Text> : null}
        </View>
      </View>
      {coupon.status !== 'unused' ? (
        <View className="coupon__stamp">
          <Text>{coupon.status === 'used' ? '已使用' : '已过期'}</Text>
        </View>
      ) : null}
    </View>
  );
}
