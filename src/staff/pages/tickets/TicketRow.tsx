/** One service ticket: customer, kind, title, state and handling time, and the row's actions. */
import { Text, View } from '@tarojs/components';
import type { TicketView } from '@/contracts/tickets';
import { formatHandling, TICKET_KIND_LABELS } from '@/domain/tickets';
import { Button } from '@/components/nut';

export function TicketRow({
  ticket,
  now,
  assigneeName,
  canAssign,
  canResolve,
  busy,
  onAssign,
  onResolve,
}: {
  ticket: TicketView;
  now: number;
  assigneeName: string | null;
  canAssign: boolean;
  canResolve: boolean;
  busy: boolean;
  onAssign: () => void;
  onResolve: () => void;
}) {
  const open = ticket.state === 'open';
  return (
    <View className={`ticket${open ? ' ticket--open' : ''}`} data-testid={`ticket-${ticket.id}`}>
      <View className="ticket__head">
        <Text className="ticket__member">{ticket.memberDisplayName}</Text>
        <Text className={`ticket__kind kind-${ticket.kind}`}>
          {TICKET_KIND_LABELS[ticket.kind]}
        </Text>
        <Text className="ticket__state">{open ? '处理中' : '已解决'}</Text>
      </View>
      <Text className="ticket__title">{ticket.title}</Text>
      {ticket.description ? <Text className="ticket__desc">{ticket.description}</Text> : null}
      <Text className="ticket__time">
        {open
          ? `已用时 ${formatHandling(now - ticket.openedAt)}`
          : `处理用时 ${formatHandling(ticket.handlingMs ?? 0)}`}
        {` · ${assigneeName ? `负责人 ${assigneeName}` : '未指派'}`}
      </Text>
      {ticket.resolution ? (
        <Text className="ticket__resolution">处理结果：{ticket.resolution}</Text>
      ) : null}
      {ticket.rating ? (
        <Text className="ticket__rating">
          顾客评价 {'★'.repeat(ticket.rating.score)}
          {ticket.rating.comment ? ` · ${ticket.rating.comment}` : ''}
        </Text>
      ) : !open ? (
        <Text className="ticket__rating muted">等待顾客评价</Text>
      ) : null}
      {open && (canAssign || canResolve) ? (
        <View className="ticket__foot">
          {canAssign ? (
            <Button className="ticket__assign" size="small" disabled={busy} onClick={onAssign}>
              {ticket.assigneeId ? '改派' : '指派'}
            </Button>
          ) : null}
          {canResolve ? (
            <Button
              className="ticket__resolve"
              size="small"
              type="primary"
              disabled={busy}
              onClick={onResolve}
            >
              处理完成
            </Button>
          ) : null}
        </View>
      ) : null}
    </View>
  );
}
