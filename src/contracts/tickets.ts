/**
 * Service ticket (服务工单) actions: the staff side (spread into staffContract) and the
 * member's satisfaction rating (spread into memberContract). Rules: src/domain/tickets.ts.
 */
import { z } from 'zod';
import { action } from './define';
import { TICKET_KINDS, type TicketKind } from '../domain/tickets';

export type TicketRating = { score: number; comment: string | null; at: number };

export type TicketView = {
  id: string;
  memberId: string;
  /** 张女士 / 张** by the ownership rule */
  memberDisplayName: string;
  storeId: string;
  kind: TicketKind;
  title: string;
  description: string;
  state: 'open' | 'resolved';
  openedBy: string;
  assigneeId: string | null;
  openedAt: number;
  resolvedAt: number | null;
  resolution: string | null;
  handlingMs: number | null;
  rating: TicketRating | null;
};

const ticketId = z.string().min(1).max(128);

export const ticketActions = {
  /** A clerk or manager opens a ticket for a customer of their store (a retry: the same one). */
  openTicket: action(
    z.object({
      memberId: z.string().min(1).max(64),
      kind: z.enum(TICKET_KINDS),
      title: z.string().trim().min(1).max(40),
      description: z.string().trim().max(500).default(''),
      requestId: z.string().min(8).max(64),
    }),
  ).returns<{ ticket: TicketView; created: boolean }>(),
  /** The store manager assigns an open ticket to a staff member of the store. */
  assignTicket: action(z.object({ ticketId, assigneeId: z.string().min(1).max(8) })).returns<{
    ticket: TicketView;
  }>(),
  /** The assignee or the manager resolves it with a note; handling time is recorded. */
  resolveTicket: action(
    z.object({ ticketId, resolution: z.string().trim().min(1).max(500) }),
  ).returns<{ ticket: TicketView }>(),
  /** The store's tickets (manager) or the caller's (mine): open ones first, each newest first. */
  listTickets: action(
    z.object({
      scope: z.enum(['store', 'mine']).default('mine'),
      state: z.enum(['open', 'resolved']).optional(),
      limit: z.int().min(1).max(50).default(20),
    }),
  ).returns<{ tickets: TicketView[] }>(),
};

export const memberTicketActions = {
  /** The member's satisfaction rating (满意度评价) of a resolved ticket, once. */
  rateTicket: action(
    z.object({
      ticketId,
      score: z.int().min(1).max(5),
      comment: z.string().trim().max(200).nullable().default(null),
    }),
  ).returns<{ rating: TicketRating }>(),
};

/** A resolved ticket awaiting the member's rating, as the member card shows it. */
export type TicketToRate = {
  id: string;
  kind: TicketKind;
  title: string;
  resolution: string | null;
  resolvedAt: number;
};
