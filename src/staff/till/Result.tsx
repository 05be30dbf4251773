/**
 * The till's last step: what was recorded (or, for a receipt already recorded, the
 * original result, with nothing counted twice), then the next customer.
 */
import Taro from '@tarojs/taro';
import { Text, View } from '@tarojs/components';
import type { PurchaseResult, TillMemberView } from '@/contracts/staff';
import { LEVEL_NAMES, LEVEL_SHORT_NAMES, levelChange } from '@/domain/levels';
import { formatFen } from '@/components/format';
import { Button } from '@/components/nut';
import './Result.less';

export function Result({
  member,
  result,
  onNext,
}: {
  member: TillMemberView;
  result: PurchaseResult;
  onNext: () => void;
}) {
  const change = levelChange(result.levelBefore, result.levelAfter);
  return (
    <View className="till-result" data-testid="till-result">
      <View className={`till-result__head${result.duplicate ? ' till-result__head--dup' : ''}`}>
        {result.duplicate ? (
          <>
            <View className="till-result__mark till-result__mark--dup">
              <Text>!</Text>
            </View>
            <Text className="till-result__title">该小票已记录</Text>
            <Text className="till-result__sub">本次没有重复计分，以下是原记录的结果</Text>
          </>
        ) : (
          <>
            <View className="till-result__mark">
              <View className="till-result__check" />
            </View>
            <Text className="till-result__title">记录成功</Text>
            <Text className="till-result__sub">
              {member.displayName} · {member.phoneMasked}
            </Text>
          </>
        )}
        <Text className="till-result__paid-label">实付</Text>
        <Text className="till-result__paid num">{formatFen(result.paidFen)}</Text>
      </View>

      <View className="section till-result__facts">
        <View className="kv">
          <Text className="kv__label">获得积分</Text>
          <View className="till-result__points">
            <Text className="kv__value kv__value--brand num">+{result.pointsEarned}</Text>
            {result.doubled ? <Text className="till-preview__badge">积分翻倍</Text> : null}
          </View>
        </View>
        <View className="kv">
          <Text className="kv__label">商品合计</Text>
          <Text className="kv__value num">{formatFen(result.amountFen)}</Text>
        </View>
        <View className="kv">
          <Text className="kv__label">优惠券</Text>
          <Text className="kv__value">
            {result.couponUsed
              ? `${result.couponUsed.title}（-${formatFen(result.discountFen)}）`
              : '未使用'}
          </Text>
        </View>
        <View className="kv">
          <Text className="kv__label">会员等级</Text>
          <Text className={`kv__value${change === 'up' ? ' kv__value--gold' : ''}`}>
            {change === 'same'
              ? LEVEL_NAMES[result.levelAfter]
              : `${LEVEL_SHORT_NAMES[result.levelBefore]} → ${LEVEL_NAMES[result.levelAfter]}${change === 'up' ? ' 升级！' : ''}`}
          </Text>
        </View>
        <View className="kv kv--strong">
          <Text className="kv__label">积分余额</Text>
          <Text className="kv__value num">{result.pointsBalance}</Text>
        </View>
      </View>

      <View className="staff-actions">
        <Button id="next-customer" type="primary" size="large" block onClick={onNext}>
          下一位顾客
        </Button>
        <Button
          id="view-order"
          className="staff-actions__second"
          fill="outline"
          size="large"
          block
          onClick={() =>
            void Taro.navigateTo({
              url: `/staff/pages/orders/index?orderId=${encodeURIComponent(result.orderId)}`,
            })
          }
        >
          查看本店订单
        </Button>
      </View>
    </View>
  );
}
