/**
 * Service tickets (服务工单): one document per ticket in `tickets`. Field names are read by
 * the customer timeline too: keep them.
 */
import type { TicketView } from '@/contracts/tickets';

/** the stored ticket: the view's fields, without what a view adds (id, the member's name) */
export type TicketDoc = Omit<TicketView, 'id' | 'memberDisplayName'> & { _id: string };

export function ticketView(t: TicketDoc, memberDisplayName: string): TicketView {
  const { _id, ...rest } = t;
  return { id: _id, memberDisplayName, ...rest };
}
