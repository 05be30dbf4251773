/**
 * 满意度评价 on the card: a service ticket of the member's was resolved, and they are asked
 * to rate it 1–5 with an optional comment (member.rateTicket, once per ticket). The card
 * data lists the tickets still to rate (getCard's `ticketsToRate`); a rated one is gone
 * at once and, on the next card load, for good.
 */
import { useState } from 'react';
import { Text, Textarea, View } from '@tarojs/components';
import type { TicketToRate } from '@/contracts/tickets';
import { TICKET_KIND_LABELS } from '@/domain/tickets';
import { callFunction } from '@/services/cloud';
import { toCallError } from '@/services/useCall';
import { Button } from '@/components/nut';

const SCORE_TEXT = ['', '很不满意', '不满意', '一般', '满意', '非常满意'];

export function RateTickets({ tickets }: { tickets: TicketToRate[] }) {
  const [rated, setRated] = useState<string[]>([]);
  const [thanked, setThanked] = useState(false);
  const left = tickets.filter((t) => !rated.includes(t.id));
  if (left.length === 0)
    return thanked ? (
      <View className="section rate-ticket rate-ticket--done" data-testid="rate-thanks">
        <Text>感谢您的评价，我们会继续改进服务</Text>
      </View>
    ) : null;
  return (
    <RateOne
      key={left[0].id}
      ticket={left[0]}
      onRated={() => {
        setRated((r) => [...r, left[0].id]);
        setThanked(true);
      }}
    />
  );
}

function RateOne({ ticket, onRated }: { ticket: TicketToRate; onRated: () => void }) {
  const [score, setScore] = useState(0);
  const [comment, setComment] = useState('');
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const submit = async () => {
    setBusy(true);
    setError(null);
    try {
      await callFunction('member', {
        action: 'rateTicket',
        ticketId: ticket.id,
        score,
        comment: comment.trim() || null,
      });
      onRated();
    } catch (e) {
      const err = toCallError(e);
      if (err.code === 'TICKET.ALREADY_RATED') onRated();
      else setError(err.message);
      setBusy(false);
    }
  };
  return (
    <View className="section rate-ticket" data-testid="rate-ticket">
      <View className="section-title">
        <Text>服务评价</Text>
        <Text className="muted">{TICKET_KIND_LABELS[ticket.kind]}已处理</Text>
      </View>
      <Text className="rate-ticket__title">您反馈的「{ticket.title}」已处理完成</Text>
      {ticket.resolution ? (
        <Text className="rate-ticket__resolution muted">处理结果：{ticket.resolution}</Text>
      ) : null}
      <Text className="rate-ticket__ask">您对这次服务满意吗？</Text>
      <View className="rate-ticket__stars">
        {[1, 2, 3, 4, 5].map((n) => (
          <Text
            key={n}
            id={`rate-star-${n}`}
            className={`rate-ticket__star${n <= score ? ' is-on' : ''}`}
            onClick={() => setScore(n)}
          >
            ★
          </Text>
        ))}
        <Text className="rate-ticket__score-text muted">{SCORE_TEXT[score]}</Text>
      </View>
      <Textarea
        className="rate-ticket__comment"
        placeholder="说说您的感受（选填，200 字以内）"
        maxlength={200}
        value={comment}
        onInput={(e) => setComment(e.detail.value)}
      />
      {error ? <Text className="error-text">{error}</Text> : null}
      <Button
        id="rate-submit"
        type="primary"
        block
        disabled={score === 0 || busy}
        onClick={() => void submit()}
      >
        {busy ? '正在提交…' : '提交评价'}
      </Button>
    </View>
  );
}
