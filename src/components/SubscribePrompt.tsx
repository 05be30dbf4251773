/**
 * Asking a member for subscription messages at a natural tap (see
 * src/services/subscriptions.ts). `ask()` must run inside the tap handler: on weapp it opens
 * WeChat's own dialog at once; on H5 it opens our sheet with the same choices.
 *
 *   const subscribe = useSubscribePrompt();
 *   <Button onClick={subscribe.ask}>{SUBSCRIBE_ASK}</Button>
 *   {subscribe.sheet}
 *   {subscribe.state.status === 'done' ? <Text>{subscribeSummary(subscribe.state.outcome)}</Text> : null}
 */
import { useCallback, useState } from 'react';
import { Text, View } from '@tarojs/components';
import type { SentPurpose } from '@/contracts/member';
import { messageOf } from '@/services/cloud';
import {
  DEFAULT_PURPOSES,
  choicesOf,
  type SubscribeOutcome,
  acceptH5Subscriptions,
  creditsText,
  requestWeappSubscriptions,
} from '@/services/subscriptions';
import { Sheet } from './Sheet';
import { Button, Switch } from './nut';
import './SubscribePrompt.less';

export type SubscribeState =
  | { status: 'idle' }
  | { status: 'busy' }
  | { status: 'done'; outcome: SubscribeOutcome }
  | { status: 'error'; message: string };

/** 「甲、乙与丙」 */
const listed = (words: string[], last: string) =>
  words.length < 2 ? words.join('') : `${words.slice(0, -1).join('、')}${last}${words.at(-1)}`;
/** The button that asks, named after what is really sent. */
export const subscribeAsk = (purposes: readonly SentPurpose[] = DEFAULT_PURPOSES) =>
  `开启${listed(
    choicesOf(purposes).map((c) => c.short),
    '与',
  )}`;
/** What the reminders are, in one line: each accept allows exactly one message. */
export const subscribeHint = (purposes: readonly SentPurpose[] = DEFAULT_PURPOSES) =>
  `只在${listed(
    choicesOf(purposes).map((c) => c.when),
    '和',
  )}提醒您，开启一次可接收一次`;
export const SUBSCRIBE_ASK = subscribeAsk();
export const SUBSCRIBE_HINT = subscribeHint();

/** One line for the page after the answer: what is left of each reminder asked, as it is. */
export function subscribeSummary(
  outcome: SubscribeOutcome,
  purposes: readonly SentPurpose[] = DEFAULT_PURPOSES,
): string {
  const held = purposes.some((p) => outcome.credits[p] > 0);
  if (!outcome.accepted.length && !held) return '未开启提醒，您可以随时在「隐私与数据」中开启';
  return creditsText(outcome.credits, purposes);
}

export function useSubscribePrompt(
  options: { purposes?: SentPurpose[]; onDone?: (outcome: SubscribeOutcome) => void } = {},
) {
  const purposes = options.purposes ?? DEFAULT_PURPOSES;
  const onDone = options.onDone;
  const [state, setState] = useState<SubscribeState>({ status: 'idle' });
  const [sheetOpen, setSheetOpen] = useState(false);

  const finish = useCallback(
    (run: Promise<SubscribeOutcome>) => {
      setState({ status: 'busy' });
      run.then(
        (outcome) => {
          setState({ status: 'done', outcome });
          onDone?.(outcome);
        },
        (e) => setState({ status: 'error', message: messageOf(e) }),
      );
    },
    [onDone],
  );

  const ask = useCallback(() => {
    if (process.env.TARO_ENV === 'h5') {
      setSheetOpen(true);
      return;
    }
    // WeChat's dialog must open within the tap: no await before this call
    finish(requestWeappSubscriptions(purposes));
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [finish, purposes.join()]);

  const sheet =
    process.env.TARO_ENV === 'h5' ? (
      <SubscribeSheet
        open={sheetOpen}
        purposes={purposes}
        onCancel={() => {
          setSheetOpen(false);
          finish(acceptH5Subscriptions([], purposes));
        }}
        onAccept={(chosen) => {
          setSheetOpen(false);
          finish(acceptH5Subscriptions(chosen, purposes));
        }}
      />
    ) : null;

  return { ask, state, sheet };
}

/** H5 only: our stand-in for WeChat's subscription dialog. */
function SubscribeSheet({
  open,
  purposes,
  onAccept,
  onCancel,
}: {
  open: boolean;
  purposes: SentPurpose[];
  onAccept: (chosen: SentPurpose[]) => void;
  onCancel: () => void;
}) {
  const [chosen, setChosen] = useState<SentPurpose[]>(purposes);
  const choices = choicesOf(purposes);
  const toggle = (p: SentPurpose, on: boolean) =>
    setChosen((list) => (on ? [...new Set([...list, p])] : list.filter((x) => x !== p)));
  return (
    <Sheet open={open} title="开启消息提醒" className="subscribe-sheet">
      <Text className="subscribe-sheet__lead">不含促销信息；每开启一次，该项提醒可接收一次</Text>
      <View className="subscribe-sheet__list">
        {choices.map((c) => (
          <View key={c.purpose} className="subscribe-sheet__item">
            <View className="subscribe-sheet__text">
              <Text className="subscribe-sheet__name">{c.title}</Text>
              <Text className="subscribe-sheet__desc">{c.text}</Text>
            </View>
            <Switch
              className={`subscribe-sheet__switch subscribe-${c.purpose}`}
              checked={chosen.includes(c.purpose)}
              loadingIcon={null}
              onChange={(on) => toggle(c.purpose, on)}
            />
          </View>
        ))}
      </View>
      <View className="subscribe-sheet__actions">
        <Button
          id="subscribe-cancel"
          className="subscribe-sheet__button"
          fill="outline"
          type="default"
          onClick={onCancel}
        >
          暂不开启
        </Button>
        <Button
          id="subscribe-accept"
          className="subscribe-sheet__button"
          type="primary"
          disabled={chosen.length === 0}
          onClick={() => onAccept(chosen)}
        >
          允许
        </Button>
      </View>
    </Sheet>
  );
}
