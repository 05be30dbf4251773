/**
 * The reminders as they are: for each message that is really sent (birthday greeting,
 * level change, offers, coupon expiry, points changes) how many more the member's one-time subscriptions allow (「还可接收 N 次」,
 * from `getSubscriptions`, then from each answer), and the tap that asks for more. Without
 * the privacy consent nothing is sent, so nothing is offered.
 */
import { Text, View } from '@tarojs/components';
import type { SubscriptionCredits } from '@/contracts/member';
import { SENT_PURPOSES } from '@/contracts/member';
import { SUBSCRIBE_CHOICES } from '@/services/subscriptions';
import { useSubscribePrompt } from '@/components/SubscribePrompt';
import { Button } from '@/components/nut';

export function RemindersSection({
  credits,
  consented,
  onCredits,
}: {
  /** null while loading */
  credits: SubscriptionCredits | null;
  consented: boolean;
  onCredits: (credits: SubscriptionCredits) => void;
}) {
  // every reminder in one dialog (WeChat allows five)
  const subscribe = useSubscribePrompt({
    purposes: [...SENT_PURPOSES],
    onDone: (outcome) => onCredits(outcome.credits),
  });
  return (
    <View className="section">
      <View className="section-title">消息提醒</View>
      {!consented ? (
        <Text className="privacy__text privacy__reminders-off" data-testid="reminders-off">
          您已撤回对隐私保护说明的同意，我们不会向您发送任何消息。
        </Text>
      ) : (
        <>
          {SUBSCRIBE_CHOICES.map((c) => (
            <View key={c.purpose} className="privacy__setting">
              <View className="privacy__setting-text">
                <Text className="privacy__setting-name">{c.title}</Text>
                <Text className="privacy__setting-desc">{c.text}</Text>
              </View>
              <Text
                className={`privacy__credits credits-${c.purpose}`}
                data-testid={`credits-${c.purpose}`}
              >
                {credits === null
                  ? '…'
                  : credits[c.purpose] > 0
                    ? `还可接收 ${credits[c.purpose]} 次`
                    : '未开启'}
              </Text>
            </View>
          ))}
          <Text className="privacy__text privacy__hint">
            {subscribe.state.status === 'error'
              ? subscribe.state.message
              : '每项提醒开启一次可接收一次，用完可随时再开启'}
          </Text>
          <Button
            id="privacy-subscribe"
            className="privacy__button"
            type="primary"
            fill="outline"
            block
            disabled={subscribe.state.status === 'busy'}
            onClick={subscribe.ask}
          >
            开启提醒
          </Button>
          {subscribe.sheet}
        </>
      )}
    </View>
  );
}
