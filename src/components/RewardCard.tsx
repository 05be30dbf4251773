/**
 * One reward of the points mall as the member sees it: what it is, what it gives, stock and
 * limit, its cost and the 「兑换」 button (or why it cannot be redeemed now). HQ's reward
 * form shows the same card as its preview.
 */
import { Text, View } from '@tarojs/components';
import type { RewardView } from '@/contracts/mall';
import { Button } from './nut';
import './RewardCard.less';

export function RewardCard({
  reward,
  onRedeem,
}: {
  reward: RewardView;
  /** absent: a preview (HQ's reward form), the button does nothing */
  onRedeem?: () => void;
}) {
  const lowStock = reward.stock !== null && reward.stock > 0 && reward.stock <= 10;
  return (
    <View className={`reward${reward.available ? '' : ' reward--off'}`} data-testid="reward">
      <View className={`reward__art reward__art--${reward.kind}`}>
        <Text className="reward__art-text">{reward.kind === 'coupon' ? '券' : '礼'}</Text>
      </View>
      <View className="reward__body">
        <Text className="reward__title">{reward.title}</Text>
        {reward.description ? <Text className="reward__desc">{reward.description}</Text> : null}
        {reward.coupon?.conditions.length ? (
          <Text className="reward__desc">{reward.coupon.conditions.join(' · ')}</Text>
        ) : null}
        <View className="reward__meta">
          {reward.stock !== null ? (
            <Text className={`reward__stock${lowStock ? ' reward__stock--low' : ''}`}>
              {reward.stock > 0 ? `剩 ${reward.stock} 份` : '已兑完'}
            </Text>
          ) : null}
          {reward.perMemberLimit !== null ? (
            <Text className="reward__stock">
              每人限 {reward.perMemberLimit} 次
              {reward.redeemedByMe ? `（已兑 ${reward.redeemedByMe}）` : ''}
            </Text>
          ) : null}
        </View>
        <View className="reward__foot">
          <Text className="reward__cost num">
            {reward.pointsCost}
            <Text className="reward__cost-unit"> 积分</Text>
          </Text>
          <Button
            id={onRedeem ? `redeem-${reward.id}` : undefined}
            className="reward__button"
            type="primary"
            size="small"
            disabled={!reward.available}
            onClick={() => onRedeem?.()}
          >
            兑换
          </Button>
        </View>
        {!reward.available && reward.unavailableReason ? (
          <Text className="reward__reason">{reward.unavailableReason}</Text>
        ) : null}
      </View>
    </View>
  );
}
