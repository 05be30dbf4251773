/**
 * Service tickets (服务工单): one document per ticket in `tickets`. Field names are read by
 * the customer timeline too: keep them.
 */
import type { TicketRating, TicketView } from '@/contracts/tickets';
import type { TicketKind } from '@/domain/tickets';

export type TicketDoc = {
  _id: string;
  memberId: string;
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

export function ticketView(t: TicketDoc, memberDisplayName: string): TicketView {
  const { _id, ...rest } = t;
  return { id: _id, memberDisplayName, ...rest };
}
