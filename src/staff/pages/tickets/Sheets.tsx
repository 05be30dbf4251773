/**
 * The ticket page's sheets: open a ticket for a customer (found by member code or phone, as
 * at the till), assign one to a staff member of the store (the manager), resolve one with a
 * note. Each reports what the server said; none closes before it answers.
 */
import { useRef, useState } from 'react';
import { Input as NativeInput, Text, Textarea, View } from '@tarojs/components';
import type { TeamMemberView } from '@/contracts/manager';
import type { TillMemberView } from '@/contracts/staff';
import type { TicketView } from '@/contracts/tickets';
import { TICKET_KINDS, TICKET_KIND_LABELS, type TicketKind } from '@/domain/tickets';
import { Sheet } from '@/components/Sheet';
import { Button } from '@/components/nut';
import { newRequestId } from '@/services/requestId';
import { MemberLookup } from '../../till/MemberLookup';

export type NewTicket = {
  memberId: string;
  kind: TicketKind;
  title: string;
  description: string;
  requestId: string;
};

export function OpenSheet({
  busy,
  error,
  onClose,
  onOpen,
}: {
  busy: boolean;
  error: string | null;
  onClose: () => void;
  onOpen: (t: NewTicket) => void;
}) {
  const requestId = useRef(newRequestId());
  const [member, setMember] = useState<TillMemberView | null>(null);
  const [kind, setKind] = useState<TicketKind | null>(null);
  const [title, setTitle] = useState('');
  const [description, setDescription] = useState('');
  const ready = member && kind && title.trim();
  return (
    <Sheet open title="新建服务工单" onClose={onClose}>
      <View className="ticket-sheet">
        {member ? (
          <View className="ticket-sheet__member">
            <Text className="ticket-sheet__member-name">
              {member.displayName} · {member.phoneMasked}
            </Text>
            <Text
              id="ticket-member-change"
              className="section-link"
              onClick={() => setMember(null)}
            >
              换一位
            </Text>
          </View>
        ) : (
          <MemberLookup onFound={setMember} />
        )}
        <Text className="ticket-sheet__label">类型</Text>
        <View className="ticket-sheet__kinds">
          {TICKET_KINDS.map((k) => (
            <View
              key={k}
              className={`ticket-sheet__kind kind-${k}${kind === k ? ' is-on' : ''}`}
              onClick={() => setKind(k)}
            >
              {TICKET_KIND_LABELS[k]}
            </View>
          ))}
        </View>
        <NativeInput
          className="ticket-sheet__title"
          placeholder="标题（40 字以内），如：香薰机漏水"
          maxlength={40}
          value={title}
          onInput={(e) => setTitle(e.detail.value)}
        />
        <Textarea
          className="ticket-sheet__note ticket-sheet__desc"
          placeholder="问题描述（选填，500 字以内）"
          maxlength={500}
          value={description}
          onInput={(e) => setDescription(e.detail.value)}
        />
        {error ? <Text className="error-text">{error}</Text> : null}
        <Button
          id="ticket-open-confirm"
          type="primary"
          block
          disabled={!ready || busy}
          onClick={() =>
            ready &&
            onOpen({
              memberId: member.memberId,
              kind,
              title: title.trim(),
              description: description.trim(),
              requestId: requestId.current,
            })
          }
        >
          {busy ? '正在提交…' : '提交工单'}
        </Button>
      </View>
    </Sheet>
  );
}

export function AssignSheet({
  ticket,
  team,
  busy,
  error,
  onClose,
  onAssign,
}: {
  ticket: TicketView;
  team: TeamMemberView[] | null;
  busy: boolean;
  error: string | null;
  onClose: () => void;
  onAssign: (staffId: string) => void;
}) {
  return (
    <Sheet open title={`指派工单 · ${ticket.title}`} onClose={onClose}>
      <View className="ticket-sheet">
        {team === null ? <Text className="muted">正在读取门店员工…</Text> : null}
        {(team ?? []).map((m) => (
          <View
            key={m.staffId}
            id={`assign-${m.staffId}`}
            className={`ticket-sheet__person${ticket.assigneeId === m.staffId ? ' is-on' : ''}`}
            onClick={() => (busy ? undefined : onAssign(m.staffId))}
          >
            <Text>{m.name}</Text>
            <Text className="muted">{m.role === 'manager' ? '店长' : '店员'}</Text>
          </View>
        ))}
        {error ? <Text className="error-text">{error}</Text> : null}
      </View>
    </Sheet>
  );
}

export function ResolveSheet({
  ticket,
  busy,
  error,
  onClose,
  onResolve,
}: {
  ticket: TicketView;
  busy: boolean;
  error: string | null;
  onClose: () => void;
  onResolve: (resolution: string) => void;
}) {
  const [note, setNote] = useState('');
  return (
    <Sheet open title={`处理完成 · ${ticket.title}`} onClose={onClose}>
      <View className="ticket-sheet">
        <Textarea
          className="ticket-sheet__note ticket-sheet__resolution"
          placeholder="处理结果（必填，500 字以内），如：已为顾客更换新机"
          maxlength={500}
          value={note}
          onInput={(e) => setNote(e.detail.value)}
        />
        <Text className="muted ticket-sheet__hint">提交后顾客会在会员卡上收到满意度评价邀请</Text>
        {error ? <Text className="error-text">{error}</Text> : null}
        <Button
          id="ticket-resolve-confirm"
          type="primary"
          block
          disabled={!note.trim() || busy}
          onClick={() => onResolve(note.trim())}
        >
          {busy ? '正在保存…' : '确认处理完成'}
        </Button>
      </View>
    </Sheet>
  );
}
