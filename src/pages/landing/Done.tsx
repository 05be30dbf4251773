/**
 * The landing page's last step: welcome, the new-member gift if one was given, the
 * subscribe prompt, and the way to the card.
 */
import { Text, View } from '@tarojs/components';
import type { CouponView } from '@/contracts/member';
import { giftRefusalText, type GiftRefusal } from '@/domain/newMemberGift';
import { GiftTicket } from '@/components/GiftTicket';
import {
  SUBSCRIBE_ASK,
  SUBSCRIBE_HINT,
  subscribeSummary,
  useSubscribePrompt,
} from '@/components/SubscribePrompt';
import { formatDate, formatFen } from '@/components/format';
import { Button } from '@/components/nut';

export type Outcome = { created: boolean; gift: CouponView | null; refusal: GiftRefusal | null };

/** What the done screen shows of the signup reply (and keeps across a reload: signupDone.ts). */
export function outcomeOf(reply: {
  created: boolean;
  giftCoupon: CouponView | null;
  giftRefusal?: GiftRefusal | null;
}): Outcome {
  return { created: reply.created, gift: reply.giftCoupon, refusal: reply.giftRefusal ?? null };
}

export function Done({ outcome, onNext }: { outcome: Outcome; onNext: () => void }) {
  const gift = outcome.gift;
  const subscribe = useSubscribePrompt();
  const headline = gift
    ? `${formatFen(gift.amountFen)} 无门槛券已到账`
    : outcome.created
      ? '注册成功'
      : '欢迎回来';
  // no gift: say why (a returning phone, the day's gifts given out …), never a silent 「注册成功」
  const refusal = !gift && outcome.refusal ? giftRefusalText(outcome.refusal) : null;
  return (
    <View className="page landing landing--done" data-testid="signup-done">
      <View className="landing__done-head">
        <View className="landing__check">
          <View className="landing__check-mark" />
        </View>
        <Text className="landing__done-title">{outcome.created ? '欢迎成为会员' : '欢迎回来'}</Text>
        <Text className="landing__done-headline" data-testid="gift-headline">
          {headline}
        </Text>
        {refusal ? (
          <Text className="landing__done-sub" data-testid="gift-refusal">
            {refusal}
          </Text>
        ) : null}
        {!outcome.created ? (
          <Text className="landing__done-sub">已为您关联原有会员账号</Text>
        ) : null}
      </View>
      {gift ? (
        <View className="landing__done-gift">
          <GiftTicket
            amount={formatFen(gift.amountFen)}
            title={gift.title}
            note={`有效期至 ${formatDate(gift.validUntil)}`}
            badge="新人礼"
          />
          <Text className="landing__done-tip">结账时出示会员卡，店员为您核销</Text>
        </View>
      ) : null}
      <View className="landing__action">
        <View className="landing__subscribe">
          {subscribe.state.status === 'done' ? (
            <Text className="landing__subscribe-done" data-testid="subscribe-result">
              {subscribeSummary(subscribe.state.outcome)}
            </Text>
          ) : (
            <>
              <Button
                id="subscribe"
                className="landing__cta"
                type="primary"
                fill="outline"
                size="large"
                block
                disabled={subscribe.state.status === 'busy'}
                onClick={subscribe.ask}
              >
                {SUBSCRIBE_ASK}
              </Button>
              <Text className="landing__fineprint">
                {subscribe.state.status === 'error' ? subscribe.state.message : SUBSCRIBE_HINT}
              </Text>
            </>
          )}
        </View>
        <Button
          id="go-card"
          className="landing__cta"
          type="primary"
          size="large"
          block
          onClick={onNext}
        >
          查看我的会员卡
        </Button>
      </View>
      {subscribe.sheet}
    </View>
  );
}
