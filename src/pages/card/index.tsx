/**
 * The member card: level, points, coupons, the member number to show at the till and
 * purchases across all stores; on the member's birthday a greeting with the birthday
 * coupon, a nudge to complete the profile while it earns points, and the ways to the
 * wallet, points mall, purchases, profile and privacy pages. Pull down to refresh; coming
 * back from another page refreshes too (points and coupons may have changed there).
 */
import { useEffect, useRef } from 'react';
import Taro, { useDidShow, usePullDownRefresh } from '@tarojs/taro';
import { Text, View } from '@tarojs/components';
import type { CardView, PurchaseView } from '@/contracts/member';
import { callFunction } from '@/services/cloud';
import { useCall } from '@/services/useCall';
import { openPage } from '@/services/nav';
import { ErrorView, LoadingView } from '@/components/StatusView';
import { GiftTicket } from '@/components/GiftTicket';
import { LEVEL_NAMES, formatDate, formatDateTime, formatFen } from '@/components/format';
import { MemberCode } from '@/components/MemberCode';
import { StaffEntryLink } from '@/components/StaffEntryLink';
import { Cell, CellGroup, Empty, Progress, Tag } from '@/components/nut';
import './index.less';

export default function Card() {
  const card = useCall(() => callFunction('member', { action: 'getCard' }), []);

  // opened without being a member (e.g. from a shared link): signup first
  const notMember = card.error?.code === 'AUTH.NOT_MEMBER';
  useEffect(() => {
    if (notMember) void Taro.redirectTo({ url: '/pages/landing/index' });
  }, [notMember]);

  usePullDownRefresh(() => {
    void card.reload().finally(() => Taro.stopPullDownRefresh());
  });

  const shown = useRef(false);
  useDidShow(() => {
    if (shown.current) void card.reload();
    shown.current = true;
  });

  if (card.loading && !card.data) {
    return (
      <View className="page">
        <LoadingView text="正在打开会员卡…" />
      </View>
    );
  }
  if (card.error && !card.data && !notMember) {
    return (
      <View className="page">
        <ErrorView message={card.error.message} onRetry={card.reload} />
      </View>
    );
  }
  if (!card.data) return <View className="page" />;
  return <CardBody card={card.data} clockOffsetMs={card.data.serverTime - card.updatedAt} />;
}

function CardBody({ card, clockOffsetMs }: { card: CardView; clockOffsetMs: number }) {
  const initial = card.displayName.trim().slice(0, 1) || '会';
  const progress = card.levelProgress;
  return (
    <View className="page card-page" data-testid="card">
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

      {card.birthdayToday ? <BirthdayGreeting card={card} /> : null}

      <View className="section member-code" data-testid="member-code">
        <View className="section-title">
          <Text>会员码</Text>
          <Text className="muted">结账时出示给店员</Text>
        </View>
        <MemberCode
          memberNo={card.memberNo}
          codeKey={card.memberCodeKey}
          clockOffsetMs={clockOffsetMs}
        />
        <View className="member-code__meta">
          <Text className="muted num" data-testid="member-number">
            会员号 {card.memberNo}
          </Text>
          <Text className="muted">
            {card.homeStoreName ? `开卡门店 ${card.homeStoreName} · ` : ''}
            {formatDate(card.joinedAt)} 加入
          </Text>
        </View>
      </View>

      {card.profileIncomplete ? (
        <View
          id="complete-profile"
          className="section profile-nudge"
          onClick={() => openPage('/pages/profile/index')}
        >
          <View className="profile-nudge__text">
            <Text className="profile-nudge__title">
              完善资料送 {card.profileCompletionPoints} 积分
            </Text>
            <Text className="profile-nudge__desc">填写称呼、性别和生日即可领取</Text>
          </View>
          <Text className="profile-nudge__go">去完善</Text>
        </View>
      ) : null}

      <View className="section entries">
        <Entry
          id="entry-wallet"
          mark="券"
          label="优惠券"
          badge={card.couponsUnused}
          url="/pages/wallet/index"
        />
        <Entry id="entry-mall" mark="兑" label="积分商城" url="/pages/mall/index" />
        <Entry id="entry-purchases" mark="单" label="消费记录" url="/pages/purchases/index" />
        <Entry id="entry-profile" mark="资" label="个人资料" url="/pages/profile/index" />
        <Entry id="entry-privacy" mark="护" label="隐私与数据" url="/pages/privacy/index" />
      </View>

      <View className="section">
        <View className="section-title">
          <Text>最近消费</Text>
          {card.recentPurchases.length ? (
            <Text
              id="all-purchases"
              className="section-link"
              onClick={() => openPage('/pages/purchases/index')}
            >
              全部门店 · 查看全部
            </Text>
          ) : null}
        </View>
        {card.recentPurchases.length ? (
          <CellGroup divider className="purchases">
            {card.recentPurchases.map((p) => (
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
      <StaffEntryLink />
    </View>
  );
}

function BirthdayGreeting({ card }: { card: CardView }) {
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
