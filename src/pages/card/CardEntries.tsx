/** The ways from the card: wallet (with the unused coupons), points mall, purchases, profile, privacy. */
import { Text, View } from '@tarojs/components';
import { openPage } from '@/services/nav';

export function CardEntries({ couponsUnused }: { couponsUnused: number }) {
  return (
    <View className="section entries">
      <Entry
        id="entry-wallet"
        mark="券"
        label="优惠券"
        badge={couponsUnused}
        url="/pages/wallet/index"
      />
      <Entry id="entry-mall" mark="兑" label="积分商城" url="/pages/mall/index" />
      <Entry id="entry-purchases" mark="单" label="消费记录" url="/pages/purchases/index" />
      <Entry id="entry-profile" mark="资" label="个人资料" url="/pages/profile/index" />
      <Entry id="entry-privacy" mark="护" label="隐私与数据" url="/pages/privacy/index" />
    </View>
  );
}

function Entry({
  id,
  mark,
  label,
  url,
  badge,
}: {
  id: string;
  mark: string;
  label: string;
  url: string;
  badge?: number;
}) {
  return (
    <View id={id} className="entry-item" onClick={() => openPage(url)}>
      <View className="entry-item__mark">
        <Text>{mark}</Text>
        {badge ? <Text className="entry-item__badge num">{badge > 99 ? '99+' : badge}</Text> : null}
      </View>
      <Text className="entry-item__label">{label}</Text>
    </View>
  );
}
