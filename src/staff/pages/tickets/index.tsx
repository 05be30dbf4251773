/**
 * 服务工单: complaints and after-sales cases. A clerk sees the tickets assigned to them, a
 * store manager the store's (or their own); open ones first, with the time taken so far
 * (resolved ones: the handling time and the customer's rating). Anyone opens a ticket for a
 * customer of the store (found by member code or phone); the manager assigns it to a staff
 * member of the store; the assignee or the manager resolves it with a note, and the
 * customer is then asked for a satisfaction rating on their member card.
 */
import { useCallback, useEffect, useState } from 'react';
import { Text, View } from '@tarojs/components';
import type { TeamMemberView } from '@/contracts/manager';
import type { StaffView } from '@/contracts/staff';
import type { TicketView } from '@/contracts/tickets';
import { callFunction } from '@/services/cloud';
import { toCallError } from '@/services/useCall';
import { ErrorView, LoadingView } from '@/components/StatusView';
import { Button } from '@/components/nut';
import { StaffGate } from '../../StaffGate';
import { TicketRow } from './TicketRow';
import { AssignSheet, OpenSheet, ResolveSheet, type NewTicket } from './Sheets';
import './index.less';

type Scope = 'store' | 'mine';
type SheetState =
  | { kind: 'open' }
  | { kind: 'assign'; ticket: TicketView }
  | { kind: 'resolve'; ticket: TicketView }
  | null;

export default function Tickets() {
  return <StaffGate needsStore>{(staff) => <TicketsBody staff={staff} />}</StaffGate>;
}

function TicketsBody({ staff }: { staff: StaffView }) {
  const manager = staff.role === 'manager';
  const [scope, setScope] = useState<Scope>(manager ? 'store' : 'mine');
  const [tickets, setTickets] = useState<TicketView[] | null>(null);
  const [now, setNow] = useState(() => Date.now());
  const [team, setTeam] = useState<TeamMemberView[] | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [sheet, setSheet] = useState<SheetState>(null);
  const [sheetError, setSheetError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const [notice, setNotice] = useState<string | null>(null);

  const load = useCallback(async (which: Scope) => {
    setTickets(null);
    setError(null);
    try {
      const page = await callFunction('staff', { action: 'listTickets', scope: which, limit: 50 });
      setNow(Date.now());
      setTickets(page.tickets);
    } catch (e) {
      setError(toCallError(e).message);
    }
  }, []);
  useEffect(() => void load(scope), [load, scope]);
  useEffect(() => {
    if (!manager) return;
    callFunction('staff', { action: 'listTeam' })
      .then((r) => setTeam(r.team))
      .catch(() => setTeam([]));
  }, [manager]);

  const nameOf = (id: string | null): string | null => {
    if (!id) return null;
    if (id === staff.staffId) return '我';
    return team?.find((m) => m.staffId === id)?.name ?? id;
  };
  const replace = (t: TicketView) =>
    setTickets((list) => {
      const rest = (list ?? []).filter((x) => x.id !== t.id);
      const keep = scope === 'store' || t.assigneeId === staff.staffId;
      const all = keep ? [t, ...rest] : rest;
      return all.sort(
        (a, b) =>
          Number(b.state === 'open') - Number(a.state === 'open') || b.openedAt - a.openedAt,
      );
    });

  const run = async (work: () => Promise<TicketView>, done: string) => {
    setBusy(true);
    setSheetError(null);
    try {
      replace(await work());
      setSheet(null);
      setNotice(done);
    } catch (e) {
      setSheetError(toCallError(e).message);
    } finally {
      setBusy(false);
    }
  };
  const openTicket = (t: NewTicket) =>
    run(
      async () => (await callFunction('staff', { action: 'openTicket', ...t })).ticket,
      manager ? '工单已创建，请指派负责人' : '工单已创建，由你负责处理',
    );
  const assign = (ticket: TicketView, assigneeId: string) =>
    run(
      async () =>
        (await callFunction('staff', { action: 'assignTicket', ticketId: ticket.id, assigneeId }))
          .ticket,
      `已指派给 ${nameOf(assigneeId)}`,
    );
  const resolve = (ticket: TicketView, resolution: string) =>
    run(
      async () =>
        (await callFunction('staff', { action: 'resolveTicket', ticketId: ticket.id, resolution }))
          .ticket,
      '工单已处理完成，已邀请顾客评价',
    );

  const openCount = (tickets ?? []).filter((t) => t.state === 'open').length;
  return (
    <View className="page staff tickets" data-testid="tickets">
      <View className="tickets__head">
        <View className="tickets__top">
          <Text className="tickets__store">{staff.storeName}</Text>
          <Button
            id="ticket-new"
            size="small"
            type="primary"
            onClick={() => {
              setSheetError(null);
              setNotice(null);
              setSheet({ kind: 'open' });
            }}
          >
            新建工单
          </Button>
        </View>
        {manager ? (
          <View className="tickets__tabs">
            {(['store', 'mine'] as const).map((s) => (
              <View
                key={s}
                id={`tab-${s}`}
                className={`tickets__tab${scope === s ? ' tickets__tab--on' : ''}`}
                onClick={() => {
                  setNotice(null);
                  setScope(s);
                }}
              >
                {s === 'store' ? '门店工单' : '我负责的'}
              </View>
            ))}
          </View>
        ) : null}
        <Text className="tickets__hint muted">
          {tickets ? `处理中 ${openCount} 张 · ` : ''}投诉、售后从创建起计算处理用时
        </Text>
      </View>
      {notice ? <Text className="tickets__notice">{notice}</Text> : null}
      {error ? (
        <ErrorView message={error} onRetry={() => void load(scope)} />
      ) : tickets === null || (manager && team === null) ? (
        <LoadingView text="正在读取工单…" />
      ) : tickets.length === 0 ? (
        <View className="section tickets__empty">
          <Text className="muted">{scope === 'store' ? '门店暂无工单' : '没有你负责的工单'}</Text>
        </View>
      ) : (
        <View className="section tickets__list">
          {tickets.map((t) => (
            <TicketRow
              key={t.id}
              ticket={t}
              now={now}
              assigneeName={nameOf(t.assigneeId)}
              canAssign={manager}
              canResolve={manager || t.assigneeId === staff.staffId}
              busy={busy}
              onAssign={() => {
                setSheetError(null);
                setSheet({ kind: 'assign', ticket: t });
              }}
              onResolve={() => {
                setSheetError(null);
                setSheet({ kind: 'resolve', ticket: t });
              }}
            />
          ))}
        </View>
      )}
      {sheet?.kind === 'open' ? (
        <OpenSheet
          busy={busy}
          error={sheetError}
          onClose={() => setSheet(null)}
          onOpen={(t) => void openTicket(t)}
        />
      ) : sheet?.kind === 'assign' ? (
        <AssignSheet
          ticket={sheet.ticket}
          team={team}
          busy={busy}
          error={sheetError}
          onClose={() => setSheet(null)}
          onAssign={(id) => void assign(sheet.ticket, id)}
        />
      ) : sheet?.kind === 'resolve' ? (
        <ResolveSheet
          ticket={sheet.ticket}
          busy={busy}
          error={sheetError}
          onClose={() => setSheet(null)}
          onResolve={(note) => void resolve(sheet.ticket, note)}
        />
      ) : null}
    </View>
  );
}
