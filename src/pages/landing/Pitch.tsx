/**
 * The landing page's pitch: who welcomes the shopper (the store and clerk of the checkout
 * code, or the chain), the new-member gift as HQ configured it, and what members get.
 * Nothing here asks for anything.
 */
import { Text, View } from '@tarojs/components';
import type { PublicSettings, SceneInfo } from '@/contracts/member';
import { GiftTicket } from '@/components/GiftTicket';
import { formatFen } from '@/components/format';
import { Skeleton } from '@/components/nut';

export type SceneState =
  | { kind: 'loading' }
  | { kind: 'none' }
  | { kind: 'ok'; scene: string; info: SceneInfo }
  | { kind: 'invalid'; message: string };

type Gift = PublicSettings['newMemberGift'];

export function Pitch({ scene, gift }: { scene: SceneState; gift: Gift | undefined }) {
  const giftOn = gift ? gift.enabled : true;
  return (
    <>
      <View className="landing__hero">
        <SceneHeader scene={scene} />
      </View>

      {giftOn ? (
        <View className="landing__gift" data-testid="gift-preview">
          {gift ? (
            <GiftTicket
              amount={formatFen(gift.amountFen)}
              title="新人礼 · 无门槛券"
              note={`注册即到账，${gift.validDays} 天内全场可用`}
              badge="限新会员"
            />
          ) : (
            <View className="landing__gift-loading">
              <Skeleton rows={2} animated />
            </View>
          )}
        </View>
      ) : (
        <View className="landing__gift landing__gift--none" />
      )}

      <View className="section">
        <View className="section-title">会员可享</View>
        <View className="landing__perks">
          <Perk mark="积" title="消费积分" text="积分可兑换好礼" />
          <Perk mark="寿" title="生日福利" text="生日月专属礼遇" />
          <Perk mark="惠" title="会员专享" text="不定期专属优惠券" />
        </View>
      </View>
    </>
  );
}

function SceneHeader({ scene }: { scene: SceneState }) {
  if (scene.kind === 'loading') {
    return (
      <View className="landing__welcome">
        <Skeleton rows={2} animated className="landing__skeleton" />
      </View>
    );
  }
  if (scene.kind === 'ok') {
    return (
      <View className="landing__welcome" data-testid="welcome">
        <Text className="landing__eyebrow">欢迎光临</Text>
        <Text className="landing__store" data-testid="store-name">
          {scene.info.storeName}
        </Text>
        {scene.info.clerkName ? (
          <Text className="landing__clerk" data-testid="clerk-name">
            导购 {scene.info.clerkName} 为您服务
          </Text>
        ) : (
          <Text className="landing__clerk">加入会员，每次购物都有回馈</Text>
        )}
      </View>
    );
  }
  return (
    <View className="landing__welcome" data-testid="welcome">
      <Text className="landing__eyebrow">欢迎加入</Text>
      <Text className="landing__store">门店会员</Text>
      {scene.kind === 'invalid' ? (
        <Text className="landing__scene-warning" data-testid="scene-error">
          {scene.message}
        </Text>
      ) : (
        <Text className="landing__clerk">加入会员，每次购物都有回馈</Text>
      )}
    </View>
  );
}

function Perk({ mark, title, text }: { mark: string; title: string; text: string }) {
  return (
    <View className="landing__perk">
      <View className="landing__perk-mark">
        <Text>{mark}</Text>
      </View>
      <Text className="landing__perk-title">{title}</Text>
      <Text className="landing__perk-text">{text}</Text>
    </View>
  );
}
