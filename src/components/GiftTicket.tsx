/** A coupon drawn as a ticket: amount on the left, what it is on the right. */
import { Text, View } from '@tarojs/components';
import './GiftTicket.less';

type Props = {
  /** e.g. '¥10' */
  amount: string;
  title: string;
  note: string;
  badge?: string;
};

export function GiftTicket({ amount, title, note, badge }: Props) {
  const yuan = amount.replace(/^¥/, '');
  return (
    <View className="gift-ticket" data-testid="gift-ticket">
      <View className="gift-ticket__amount">
        <View className="gift-ticket__money">
          <Text className="gift-ticket__currency">¥</Text>
          <Text className="gift-ticket__value num">{yuan}</Text>
        </View>
      </View>
      <View className="gift-ticket__body">
        {badge ? <Text className="gift-ticket__badge">{badge}</Text> : null}
        <Text className="gift-ticket__title">{title}</Text>
        <Text className="gift-ticket__note">{note}</Text>
      </View>
    </View>
  );
}
