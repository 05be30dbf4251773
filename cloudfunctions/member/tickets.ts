/**
 * The member's satisfaction rating (满意度评价) of a resolved service ticket: once per
 * ticket (a conditional update on `rating: null`); another member's ticket reads as not found.
 */
import { AppError, type ErrorCode } from '@/contracts/errors';
import type { TicketRating } from '@/contracts/tickets';
import { mayRate, type TicketRefusal } from '@/domain/tickets';
import type { Ctx } from '../_shared/runtime';
import { getById } from '../_shared/db';
import { requireMember } from '../_shared/repos/members';
import type { TicketDoc } from '../_shared/repos/tickets';

const REFUSAL: Record<TicketRefusal, ErrorCode> = {
  wrongStore: 'COMMON.NOT_FOUND',
  notYours: 'COMMON.NOT_FOUND',
  notOpen: 'TICKET.NOT_RESOLVED',
  notResolved: 'TICKET.NOT_RESOLVED',
  rated: 'TICKET.ALREADY_RATED',
};

export async function rateTicket(
  ctx: Ctx,
  input: { ticketId: string; score: number; comment: string | null },
): Promise<{ rating: TicketRating }> {
  const { db, now } = ctx;
  const member = await requireMember(db, ctx.identity.openid);
  const t = await getById<TicketDoc>(db, 'tickets', input.ticketId);
  if (!t) throw new AppError('COMMON.NOT_FOUND', '找不到这张工单');
  const d = mayRate(member._id, t);
  if (!d.ok) throw new AppError(REFUSAL[d.reason]);
  const rating: TicketRating = { score: input.score, comment: input.comment || null, at: now };
  const res = await db
    .collection('tickets')
    .where({ _id: t._id, memberId: member._id, state: 'resolved', rating: null })
    .update({ data: { rating: db.command.set(rating) } });
  if (res.stats.updated !== 1) throw new AppError('TICKET.ALREADY_RATED');
  return { rating };
}
