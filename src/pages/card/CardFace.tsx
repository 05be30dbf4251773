/** The card itself: initial, name, masked phone and level; points, coupons, 12-month spend; progress to the next level. */
import { Text, View } from '@tarojs/components';
import type { CardView } from '@/contracts/member';
import { openPage } from '@/services/nav';
import { LEVEL_NAMES, formatFen } from '@/components/format';
import { Progress } from '@/components/nut';

export function CardFace({ card }: { card: CardView }) {
  const initial = card.displayName.trim().slice(0, 1) || '会';
  const progress = card.levelProgress;
  return (
    <View className={`member-card member-card--${card.level}`}>
      <View className="member-card__top">
        <View className="member-card__avatar">
          <Text>{initial}</Text>
        </View>
        <View className="member-card__who">
          <Text className="member-card__name">{card.displayName}</Text>
          <Text className="member-card__phone num">{card.phoneMasked}</Text>
        </View>
        <Text className="member-card__level" data-testid="level">
          {LEVEL_NAMES[card.level]}
        </Text>
      </View>

      <View className="member-card__stats">
        <Stat testId="points" value={String(card.points.balance)} label="可用积分" />
        <View className="member-card__divider" />
        <Stat
          testId="coupons"
          value={String(card.couponsUnused)}
          label="优惠券（张）"
          onClick={() => openPage('/pages/wallet/index')}
        />
        <View className="member-card__divider" />
        <Stat testId="spend" value={formatFen(card.spend12mFen)} label="近 12 个月消费" />
      </View>

      <View className="member-card__progress">
        <Text className="member-card__progress-text">{progress.text}</Text>
        <Progress
          percent={Math.round(progress.ratio * 100)}
          showText={false}
          color="#ffffff"
          animated={false}
        />
      </View>
    </View>
  );
}

function Stat({
  value,
  label,
  testId,
  onClick,
}: {
  value: string;
  label: string;
  testId: string;
  onClick?: () => void;
}) {
  return (
    <View className="member-card__stat" onClick={onClick}>
      <Text className="member-card__stat-value num" data-testid={testId}>
        {value}
      </Text>
      <Text className="member-card__stat-label">{label}</Text>
    </View>
  );
}
