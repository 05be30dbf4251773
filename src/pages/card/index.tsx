/**
 * The member card: level, points, coupons, the member number to show at the till and
 * purchases across all stores; on the member's birthday a greeting with the birthday
 * coupon, the satisfaction rating of a resolved service ticket (RateTickets), the chain's notices (level changes, automation messages), a nudge to complete the
 * profile while it earns points, and the ways to the
 * wallet, points mall, purchases, profile and privacy pages. Pull down to refresh; coming
 * back from another page refreshes too (points and coupons may have changed there).
 */
import { useEffect, useRef } from 'react';
import Taro, { useDidShow, usePullDownRefresh } from '@tarojs/taro';
import { Text, View } from '@tarojs/components';
import type { CardView } from '@/contracts/member';
import { callFunction } from '@/services/cloud';
import { useCall } from '@/services/useCall';
import { openPage } from '@/services/nav';
import { ErrorView, LoadingView } from '@/components/StatusView';
import { formatDate } from '@/components/format';
import { MemberCode } from '@/components/MemberCode';
import { StaffEntryLink } from '@/components/StaffEntryLink';
import { BirthdayGreeting } from './BirthdayGreeting';
import { CardEntries } from './CardEntries';
import { CardFace } from './CardFace';
import { Notices } from './Notices';
import { RecentPurchases } from './RecentPurchases';
import { RateTickets } from './RateTickets';
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
  return (
    <View className="page card-page" data-testid="card">
      <CardFace card={card} />

      {card.birthdayToday ? <BirthdayGreeting card={card} /> : null}

      <RateTickets tickets={card.ticketsToRate} />

      <Notices notices={card.notices} />

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

      <CardEntries couponsUnused={card.couponsUnused} />

      <RecentPurchases purchases={card.recentPurchases} />
      <StaffEntryLink />
    </View>
  );
}
