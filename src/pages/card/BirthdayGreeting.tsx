/** On the member's birthday: the greeting, with the birthday coupon when it was given. */
import { Text, View } from '@tarojs/components';
import type { CardView } from '@/contracts/member';
import { openPage } from '@/services/nav';
import { GiftTicket } from '@/components/GiftTicket';
import { formatDate, formatFen } from '@/components/format';

export function BirthdayGreeting({ card }: { card: CardView }) {
  const coupon = card.birthdayCoupon;
  return (
    <View className="section birthday" data-testid="birthday">
      <View className="birthday__head">
        <View className="birthday__cake">
          <View className="birthday__candle" />
          <View className="birthday__layer" />
        </View>
        <View className="birthday__words">
          <Text className="birthday__title">生日快乐，{card.displayName}！</Text>
          <Text className="birthday__text">
            {coupon ? '生日礼券已放入您的券包，祝您天天开心' : '愿新的一岁，平安喜乐'}
          </Text>
        </View>
      </View>
      {coupon ? (
        <View className="birthday__gift" onClick={() => openPage('/pages/wallet/index')}>
          <GiftTicket
            amount={formatFen(coupon.amountFen)}
            title={coupon.title}
            note={`有效期至 ${formatDate(coupon.validUntil)}`}
            badge="生日礼"
          />
        </View>
      ) : null}
    </View>
  );
}
