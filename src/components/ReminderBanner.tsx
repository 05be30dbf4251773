/**
 * A page's first-open offer of the reminders the member expects there (the wallet: coupon
 * expiry; the points page: points changes), asked at the member's tap through
 * useSubscribePrompt: 「开启」 opens WeChat's dialog (our sheet on H5), 「不用了」 closes it;
 * either way the page does not ask again (askedAt/markAsked per place). After the answer
 * it shows what is left of each reminder asked.
 */
import { useState } from 'react';
import { Text, View } from '@tarojs/components';
import type { SentPurpose } from '@/contracts/member';
import { askedAt, markAsked } from '@/services/subscriptions';
import {
  subscribeAsk,
  subscribeHint,
  subscribeSummary,
  useSubscribePrompt,
} from './SubscribePrompt';
import { Button } from './nut';
import './ReminderBanner.less';

export function ReminderBanner({
  place,
  purposes,
  buttonId,
}: {
  /** the storage key of the page's "asked once" flag */
  place: string;
  purposes: SentPurpose[];
  buttonId: string;
}) {
  const [visible, setVisible] = useState(() => askedAt(place) === null);
  const subscribe = useSubscribePrompt({ purposes });
  if (!visible) return null;
  const { state } = subscribe;
  return (
    <View className={`section remind-banner ${place}__remind`} data-testid="subscribe-banner">
      <View className="remind-banner__text">
        <Text className="remind-banner__title">{subscribeAsk(purposes)}</Text>
        <Text className="remind-banner__desc">
          {state.status === 'done'
            ? subscribeSummary(state.outcome, purposes)
            : state.status === 'error'
              ? state.message
              : subscribeHint(purposes)}
        </Text>
      </View>
      {state.status === 'done' ? (
        <Text className="remind-banner__close" onClick={() => setVisible(false)}>
          好的
        </Text>
      ) : (
        <View className="remind-banner__actions">
          <Button
            id={buttonId}
            type="primary"
            size="small"
            disabled={state.status === 'busy'}
            onClick={() => {
              markAsked(place);
              subscribe.ask();
            }}
          >
            开启
          </Button>
          <Text
            className="remind-banner__close"
            onClick={() => {
              markAsked(place);
              setVisible(false);
            }}
          >
            不用了
          </Text>
        </View>
      )}
      {subscribe.sheet}
    </View>
  );
}
