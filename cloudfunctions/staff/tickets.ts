/**
 * Service tickets for staff: open for a customer of the store, assign (manager), resolve with
 * a note (handling time recorded), list. Each change is one conditional update on the state.
 */
import { AppError, type ErrorCode } from '@/contracts/errors';
import type { TicketView } from '@/contracts/tickets';
import {
  handlingMs,
  mayAssign,
  mayResolve,
  type TicketKind,
  type TicketRefusal,
} from '@/domain/tickets';
import type { Ctx } from '../_shared/runtime';
import { addOrGet, getById } from '../_shared/db';
import type { MemberDoc } from '../_shared/repos/members';
import { requireStaff, TILL_ROLES, type StaffDoc } from '../_shared/repos/staff';
import { ticketView, type TicketDoc } from '../_shared/repos/tickets';
import { displayNamesFor, viewerOf } from './till';

const REFUSAL: Record<TicketRefusal, ErrorCode> = {
  wrongStore: 'AUTH.WRONG_STORE',
  notYours: 'AUTH.FORBIDDEN',
  notOpen: 'TICKET.NOT_OPEN',
  notResolved: 'TICKET.NOT_OPEN',
  rated: 'TICKET.NOT_OPEN',
};

async function views(ctx: Ctx, staff: StaffDoc, tickets: TicketDoc[]): Promise<TicketView[]> {
  const nameOf = await displayNamesFor(
    ctx,
    staff,
    tickets.map((t) => t.memberId),
  );
  return tickets.map((t) => ticketView(t, nameOf(t.memberId)));
}

async function loadTicket(ctx: Ctx, staff: StaffDoc, id: string): Promise<TicketDoc> {
  const t = await getById<TicketDoc>(ctx.db, 'tickets', id);
  if (!t || t.storeId !== staff.storeId) throw new AppError('COMMON.NOT_FOUND', '找不到这张工单');
  return t;
}

export async function openTicket(
  ctx: Ctx,
  input: {
    memberId: string;
    kind: TicketKind;
    title: string;
    description: string;
    requestId: string;
  },
) {
  const { db, now } = ctx;
  const staff = await requireStaff(ctx, TILL_ROLES);
  const member = await getById<MemberDoc>(db, 'members', input.memberId);
  if (!member || member.status === 'deleted' || member.homeStoreId !== staff.storeId)
    throw new AppError('MEMBER.NOT_FOUND');
  const doc: TicketDoc = {
    _id: `ticket:${staff._id}:${input.requestId}`,
    memberId: member._id,
    storeId: staff.storeId!,
    kind: input.kind,
    title: input.title,
    description: input.description,
    state: 'open',
    openedBy: staff._id,
    assigneeId: staff.role === 'clerk' ? staff._id : null,
    openedAt: now,
    resolvedAt: null,
    resolution: null,
    handlingMs: null,
    rating: null,
  };
  const { doc: stored, created } = await addOrGet<TicketDoc>(db, 'tickets', doc);
  return { ticket: (await views(ctx, staff, [stored]))[0], created };
}

export async function assignTicket(ctx: Ctx, input: { ticketId: string; assigneeId: string }) {
  const { db } = ctx;
  const staff = await requireStaff(ctx, ['manager']);
  const t = await loadTicket(ctx, staff, input.ticketId);
  const d = mayAssign(viewerOf(staff), t);
  if (!d.ok) throw new AppError(REFUSAL[d.reason]);
  const to = await getById<StaffDoc>(db, 'staff', input.assigneeId);
  if (!to || to.active === false || to.storeId !== staff.storeId)
    throw new AppError('AUTH.WRONG_STORE');
  const res = await db
    .collection('tickets')
    .where({ _id: t._id, state: 'open' })
    .update({ data: { assigneeId: to._id } });
  if (res.stats.updated !== 1) throw new AppError('TICKET.NOT_OPEN');
  return { ticket: (await views(ctx, staff, [{ ...t, assigneeId: to._id }]))[0] };
}

export async function resolveTicket(ctx: Ctx, input: { ticketId: string; resolution: string }) {
  const { db, now } = ctx;
  const staff = await requireStaff(ctx, TILL_ROLES);
  let t = await loadTicket(ctx, staff, input.ticketId);
  const again = t.state === 'resolved' && t.resolution === input.resolution;
  if (!again) {
    const d = mayResolve(viewerOf(staff), t);
    if (!d.ok) throw new AppError(REFUSAL[d.reason]);
    const change = {
      state: 'resolved' as const,
      resolvedAt: now,
      resolution: input.resolution,
      handlingMs: handlingMs(t.openedAt, now),
    };
    const res = await db
      .collection('tickets')
      .where({ _id: t._id, state: 'open' })
      .update({ data: change });
    t = res.stats.updated === 1 ? { ...t, ...change } : await loadTicket(ctx, staff, t._id);
    if (t.resolution !== input.resolution) throw new AppError('TICKET.NOT_OPEN');
  }
  return { ticket: (await views(ctx, staff, [t]))[0] };
}

export async function listTickets(
  ctx: Ctx,
  input: { scope: 'store' | 'mine'; state?: 'open' | 'resolved'; limit: number },
) {
  const { db } = ctx;
  const staff = await requireStaff(ctx, TILL_ROLES);
  if (input.scope === 'store' && staff.role !== 'manager') throw new AppError('AUTH.FORBIDDEN');
  const filter: Record<string, unknown> =
    input.scope === 'store' ? { storeId: staff.storeId } : { assigneeId: staff._id };
  const page = (state: 'open' | 'resolved') =>
    db
      .collection('tickets')
      .where({ ...filter, state })
      .orderBy('openedAt', 'desc')
      .limit(input.limit)
      .get()
      .then((r) => r.data as TicketDoc[]);
  // open first: both states in parallel on the (…, state, openedAt) indexes
  const [open, resolved] = await Promise.all([
    input.state === 'resolved' ? [] : page('open'),
    input.state === 'open' ? [] : page('resolved'),
  ]);
  const docs = [...open, ...resolved].slice(0, input.limit);
  return { tickets: await views(ctx, staff, docs) };
}
