/** The card's last purchases across all stores, with refunds, savings and points earned. */
import { Text, View } from '@tarojs/components';
import type { PurchaseView } from '@/contracts/member';
import { openPage } from '@/services/nav';
import { formatDateTime, formatFen } from '@/components/format';
import { Cell, CellGroup, Empty, Tag } from '@/components/nut';

export function RecentPurchases({ purchases }: { purchases: PurchaseView[] }) {
  return (
    <View className="section">
      <View className="section-title">
        <Text>最近消费</Text>
        {purchases.length ? (
          <Text
            id="all-purchases"
            className="section-link"
            onClick={() => openPage('/pages/purchases/index')}
          >
            全部门店 · 查看全部
          </Text>
        ) : null}
      </View>
      {purchases.length ? (
        <CellGroup divider className="purchases">
          {purchases.map((p) => (
            <PurchaseRow key={p.id} purchase={p} />
          ))}
        </CellGroup>
      ) : (
        <Empty
          className="purchases-empty"
          size="small"
          image={
            <View className="purchases-empty__art">
              <View className="purchases-empty__receipt" />
            </View>
          }
          title="还没有消费记录"
          description="在门店消费后，记录会显示在这里"
        />
      )}
    </View>
  );
}

const REFUND_LABEL: Record<PurchaseView['status'], string | null> = {
  completed: null,
  partially_refunded: '部分退款',
  refunded: '已退款',
};

function PurchaseRow({ purchase }: { purchase: PurchaseView }) {
  const refund = REFUND_LABEL[purchase.status];
  return (
    <Cell
      className="purchase"
      title={
        <View className="purchase__title">
          <Text className="purchase__store">{purchase.storeName}</Text>
          <Text className="purchase__time muted">{formatDateTime(purchase.createdAt)}</Text>
        </View>
      }
      extra={
        <View className="purchase__extra">
          <Text className="purchase__paid num">{formatFen(purchase.paidFen)}</Text>
          <View className="purchase__tags">
            {refund ? (
              <Tag type="default" plain>
                {refund}
              </Tag>
            ) : null}
            {purchase.discountFen > 0 ? (
              <Tag type="warning" plain>
                省{formatFen(purchase.discountFen)}
              </Tag>
            ) : null}
            {purchase.pointsEarned > 0 ? (
              <Tag type="primary">+{purchase.pointsEarned} 积分</Tag>
            ) : null}
          </View>
        </View>
      }
    />
  );
}
